/**
 * The seam between the identity core (routes, accounts linking, OIDC) and each provider driver
 * (login.gov.pl SAML in ./logingovpl/, OpenID Connect in ./oidc.ts). A driver knows its protocol and
 * nothing about accounts, HTTP routing or storage: the core keeps state/nonce/PKCE/requestId
 * server-side (single use, short-lived) and hands them back to finish().
 */
import type { IdentityProviderEntry, Loa } from '../../profile/identity-entries.js';

// the entry types live with the profile that validates them (foundations know no domain); drivers and tests import them from here
export type { IdentityProviderEntry, LoginGovPlEntry, Loa, OidcEntry, ProviderPurpose } from '../../profile/identity-entries.js';

export interface VerifiedIdentity {
  /** The profile entry's id (the core fills it in if the driver leaves it empty). */
  provider: string;
  /** Stable subject at the provider (SAML NameID / PersonIdentifier, OIDC `sub`). */
  subject: string;
  loa?: Loa;
  /** 11 digits, checksum already verified by the provider (the core checks it again). */
  pesel?: string;
  givenName?: string;
  familyName?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  email?: string;
  /** Raw claims/attributes; used by the core for role/department mapping (OIDC). Never logged. */
  claims?: Record<string, unknown>;
}

export interface StartResult {
  redirectUrl: string;
  /** SAML AuthnRequest ID; the core stores it with the state and passes it back to finish(). */
  requestId?: string;
  /** The same request for the HTTP-POST binding (an auto-submitting form), used when the entry asks for it. */
  form?: { action: string; fields: Record<string, string> };
}

export interface IdentityProviderDriver {
  /** Where to send the browser; `state` is opaque to the driver and comes back to finish(). */
  start(input: { state: string; nonce: string; codeVerifier: string }): Promise<StartResult>;
  /**
   * Completes a login from the provider's return request (query for GET, payload for POST) and returns
   * the verified identity. Throws IdentityError(reason) on any failure.
   */
  finish(input: {
    query: Record<string, string>;
    payload?: Record<string, string>;
    state: string;
    nonce: string;
    codeVerifier: string;
    requestId?: string;
  }): Promise<VerifiedIdentity>;
  /** SAML SP metadata XML (served at GET /auth/providers/{id}/metadata.xml). */
  metadata?(): string;
}

/**
 * A failed login. `reason` is a short snake_case code that goes to the browser as
 * `civic_action=signin_error&reason=<reason>`; `message` is for logs (no personal data in it).
 * Codes the core uses: `invalid_state`, `provider_error`, `cancelled`, `invalid_response`,
 * `replayed`, `expired`, `wrong_audience`, `invalid_signature`, `missing_pesel`, `invalid_pesel`,
 * `loa_too_low`, `not_allowed`, `account_blocked`, `pesel_conflict`. Drivers may add their own.
 */
export class IdentityError extends Error {
  constructor(
    readonly reason: string,
    message?: string,
  ) {
    super(message ?? reason);
    this.name = 'IdentityError';
  }
}

/** What the core gives a driver factory besides its profile entry. */
export interface DriverContext {
  /** Absolute URL the provider returns the browser to: `…/auth/providers/{id}/callback` (OIDC) or `…/acs` (SAML). */
  returnUrl: string;
  /** Absolute URL of `…/auth/providers/{id}/metadata.xml` (the default SAML SP entityID). */
  metadataUrl: string;
  /** OIDC: from OIDC_<ID>_CLIENT_SECRET. */
  clientSecret?: string;
  /** login.gov.pl: PEM texts read at start from LOGINGOVPL_SP_KEY_FILE / LOGINGOVPL_SP_CERT_FILE. */
  spKeyPem?: string;
  spCertPem?: string;
  /** login.gov.pl, optional: a separate pair for decrypting assertions (LOGINGOVPL_SP_ENC_KEY_FILE / LOGINGOVPL_SP_ENC_CERT_FILE). */
  spEncKeyPem?: string;
  spEncCertPem?: string;
  /** Allowed clock skew for NotBefore/NotOnOrAfter/iat checks. */
  clockSkewSeconds: number;
  /**
   * True for exactly one caller per key, ever (a unique insert in the database). Drivers use it for
   * replay protection (e.g. `spendOnce("logingovpl:artifact:" + sha256(artifact))`, assertion IDs).
   */
  spendOnce(key: string): Promise<boolean>;
}

export type DriverFactory<E extends IdentityProviderEntry> = (entry: E, ctx: DriverContext) => IdentityProviderDriver | Promise<IdentityProviderDriver>;
