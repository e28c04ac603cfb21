import type { IncomingMessage, ServerResponse } from 'node:http';

// The parts of oidc-provider's runtime objects this plugin uses (the package ships no types).

export interface OidcGrant {
  addOIDCScope(scope: string): void;
  addOIDCClaims(claims: string[]): void;
  getOIDCScope(): string;
  save(): Promise<string>;
}

export interface InteractionDetails {
  uid: string;
  params: Record<string, string | undefined>;
  prompt: { name: string; details: Record<string, unknown> };
  session?: { accountId: string };
  grantId?: string;
}

export interface OidcProvider {
  proxy: boolean;
  on(event: string, listener: (...args: unknown[]) => void): void;
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
  interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
  interactionResult(req: IncomingMessage, res: ServerResponse, result: Record<string, unknown>, options: { mergeWithLastSubmission: boolean }): Promise<string>;
  Grant: { new (init: { accountId: string; clientId: string }): OidcGrant; find(id: string): Promise<OidcGrant | undefined> };
}

/** What loadExistingGrant reads of oidc-provider's request context. */
export interface GrantContext {
  oidc: {
    provider: OidcProvider;
    session: { accountId?: string; grantIdFor(clientId: string): string | undefined };
    client: { clientId: string; scope?: string };
    params: { scope?: string };
    result?: { consent?: { grantId?: string } };
  };
}

/** What other domains may ask of the provider (webhooks: an account's sub at a client, and which clients it used). */
export interface CityOpFace {
  subFor(clientId: string, accountId: string): string;
  clientsUsedBy(accountId: string): Promise<string[]>;
}
