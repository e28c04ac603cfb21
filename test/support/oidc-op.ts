import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface DirectoryUser {
  sub: string;
  email?: string;
  email_verified?: boolean;
  given_name?: string;
  family_name?: string;
  groups?: string[];
  department?: string;
  pesel?: string;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider) on loopback, standing in for a city's staff
 * directory. Its login and consent screens are answered by the test: `signIn(authorizeUrl, user)`
 * walks a browser's redirects with cookies and returns the URL the OP finally sends the browser to
 * (our callback with code, state and iss).
 */
export class TestOidcProvider {
  private server?: http.Server;
  private provider: any;
  private readonly users = new Map<string, DirectoryUser>();
  private pending?: DirectoryUser;
  /** People a person at a real browser may sign in as (npm run dev:idp); tests name theirs in signIn(). */
  choices: DirectoryUser[] = [];
  issuer = '';

  /** `redirectUri` may be set after start() (before the first sign-in), when the RP's port is known only then. */
  constructor(readonly client: { clientId: string; clientSecret: string; redirectUri: string; extraRedirectUris?: string[] }) {}

  async start(): Promise<this> {
    this.server = http.createServer();
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.issuer = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.provider ??= this.createProvider();
      if (req.url?.startsWith('/interaction/')) void this.interact(req, res);
      else this.callback(req, res);
    });
    return this;
  }

  private callback: (req: http.IncomingMessage, res: http.ServerResponse) => void = () => {};

  private createProvider() {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const provider = new Provider(this.issuer, {
      clients: [
        {
          client_id: this.client.clientId,
          client_secret: this.client.clientSecret,
          redirect_uris: [this.client.redirectUri, ...(this.client.extraRedirectUris ?? [])],
          grant_types: ['authorization_code'],
          response_types: ['code'],
        },
      ],
      jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' }] },
      cookies: { keys: ['test-cookie-key-test-cookie-key'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'groups', 'department', 'pesel'] },
      features: { devInteractions: { enabled: false } },
      interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
      findAccount: (_ctx: unknown, sub: string) => {
        const user = this.users.get(sub);
        return user && { accountId: sub, claims: () => user };
      },
    });
    this.callback = provider.callback();
    return provider;
  }

  /** The directory's login and consent: whoever the test said is signing in, all requested scopes granted. */
  private async interact(req: http.IncomingMessage, res: http.ServerResponse) {
    const details = await this.provider.interactionDetails(req, res);
    if (details.prompt.name === 'login') {
      const user = this.pending ?? (await this.chosen(req, res));
      if (!user) return;
      this.users.set(user.sub, user);
      await this.provider.interactionFinished(req, res, { login: { accountId: user.sub } }, { mergeWithLastSubmission: false });
      return;
    }
    const grant = new this.provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
    grant.addOIDCScope(details.params.scope);
    await this.provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
  }

  /** A browser's sign-in (dev:idp): a page listing `choices`, then the one the person picked. */
  private async chosen(req: http.IncomingMessage, res: http.ServerResponse): Promise<DirectoryUser | undefined> {
    if (req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += String(chunk);
      const user = this.choices.find((u) => u.sub === new URLSearchParams(body).get('sub'));
      if (user) return user;
    }
    const esc = (t: string) => t.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const buttons = this.choices
      .map(
        (u) =>
          `<p><button name="sub" value="${esc(u.sub)}">${esc(`${u.given_name ?? ''} ${u.family_name ?? ''} (${u.email ?? u.sub}; ${(u.groups ?? []).join(', ') || 'no groups'}${u.department ? `, ${u.department}` : ''})`)}</button></p>`,
      )
      .join('');
    res
      .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      .end(
        `<!doctype html><html lang="en"><meta charset="utf-8"><title>Local staff directory</title><h1>Local staff directory (development)</h1><p>Sign in as:</p><form method="post">${buttons}</form>`,
      );
    return undefined;
  }

  /** Follows the browser's redirects from the authorization URL until they leave the OP; returns that URL. */
  async signIn(authorizeUrl: string, user: DirectoryUser): Promise<URL> {
    this.pending = user;
    const jar = new Map<string, string>();
    let url = new URL(authorizeUrl);
    for (let hop = 0; hop < 10; hop++) {
      if (url.origin !== this.issuer) return url;
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') } });
      for (const cookie of res.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
      const location = res.headers.get('location');
      if (!location) throw new Error(`the OP answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
      url = new URL(location, url);
    }
    throw new Error('too many redirects at the OP');
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
