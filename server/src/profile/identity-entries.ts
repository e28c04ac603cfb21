/**
 * The profile's identity provider entries (API.md §3b), as profile/identity.ts validates them. They
 * live here, under the domains, so the profile never imports plugins/identity (which re-exports them).
 */
import type { Localized } from './language.js';

export type Loa = 'low' | 'substantial' | 'high';
export type ProviderPurpose = 'residents' | 'staff' | 'both';

interface EntryBase {
  id: string;
  label: Localized;
  purpose: ProviderPurpose;
}

export interface OidcEntry extends EntryBase {
  type: 'oidc';
  issuer: string;
  clientId: string;
  scopes: string[];
  /** Claim holding the staff role (e.g. `roles`, `groups`) and how its values map to CivicKit roles. */
  roleClaim?: string;
  roleMap?: Record<string, 'resident' | 'staff' | 'admin'>;
  /** Claim holding the department and how its values map to profile department ids. */
  departmentClaim?: string;
  departmentMap?: Record<string, string>;
  /** Claim holding a PESEL, when the provider asserts one (rare for staff directories). */
  peselClaim?: string;
  /** The directory vouches for its users' email addresses: a first sign-in links to the account with that email. */
  trustEmail: boolean;
}

export interface LoginGovPlEntry extends EntryBase {
  type: 'logingovpl';
  ssoUrl: string;
  artifactResolutionUrl: string;
  /** PEM text of the Węzeł's signing certificate. */
  idpCertificate: string;
  /** Minimum LoA requested (RequestedAuthnContext) and accepted. Default `substantial`. */
  loa: Loa;
  /** SP entityID; default: the metadata URL. */
  entityId?: string;
  /** The Węzeł's entityID: every Issuer and the artifact's SourceID must match it. */
  idpEntityId?: string;
  /** The Węzeł's SingleLogoutService. */
  sloUrl?: string;
  /** AuthnRequest/@ProviderName as registered with the Węzeł. */
  providerName?: string;
  /** How the AuthnRequest travels: `redirect` (302, API.md) or `post` (a page that posts it, as the Węzeł's documentation does). */
  authnRequestBinding: 'redirect' | 'post';
}

export type IdentityProviderEntry = OidcEntry | LoginGovPlEntry;
