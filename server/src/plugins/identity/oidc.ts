import * as client from 'openid-client';
import { IdentityError, type DriverContext, type IdentityProviderDriver, type OidcEntry, type VerifiedIdentity } from './provider.js';

/**
 * OpenID Connect (a city's staff directory: Entra ID, ADFS, Keycloak; or any OP): authorization code
 * flow with PKCE (S256), state and nonce, through openid-client, which checks the ID token's signature,
 * issuer, audience, expiry and nonce, and the RFC 9207 `iss` parameter when the OP sends it.
 * Discovery happens on first use (and again after a failure), so a directory that is down at our
 * start does not stop the server.
 */
export function createOidcDriver(entry: OidcEntry, ctx: DriverContext): IdentityProviderDriver {
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= (async () => {
      const issuer = new URL(entry.issuer);
      // plain http only for a loopback/test issuer; config refuses http issuers in production
      const options = issuer.protocol === 'http:' ? { execute: [client.allowInsecureRequests] } : undefined;
      const auth = ctx.clientSecret ? client.ClientSecretBasic(ctx.clientSecret) : client.None();
      return client.discovery(issuer, entry.clientId, { client_secret: ctx.clientSecret }, auth, options);
    })().catch((err: unknown) => {
      discovered = undefined;
      throw new IdentityError('provider_unavailable', `OIDC discovery failed: ${(err as Error).message}`);
    });
    return discovered;
  };

  return {
    async start({ state, nonce, codeVerifier }) {
      const config = await configuration();
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: ctx.returnUrl,
        scope: entry.scopes.join(' '),
        response_type: 'code',
        code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { redirectUrl: url.href };
    },

    async finish({ query, state, nonce, codeVerifier }) {
      if (query.error) throw new IdentityError(query.error === 'access_denied' ? 'cancelled' : 'provider_error', `OIDC error response: ${query.error}`);
      const config = await configuration();
      const current = new URL(ctx.returnUrl);
      for (const [k, v] of Object.entries(query)) current.searchParams.set(k, v);
      let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
      try {
        tokens = await client.authorizationCodeGrant(config, current, {
          pkceCodeVerifier: codeVerifier,
          expectedState: state,
          expectedNonce: nonce,
          idTokenExpected: true,
        });
      } catch (err) {
        throw new IdentityError('invalid_response', `OIDC code exchange refused: ${(err as Error).message}`);
      }
      const idClaims = tokens.claims();
      if (!idClaims) throw new IdentityError('invalid_response', 'no ID token');
      // directories often put groups/roles only in userinfo; the ID token's subject must match
      let userinfo: Record<string, unknown> = {};
      if (config.serverMetadata().userinfo_endpoint) {
        try {
          userinfo = await client.fetchUserInfo(config, tokens.access_token, idClaims.sub);
        } catch (err) {
          throw new IdentityError('invalid_response', `OIDC userinfo refused: ${(err as Error).message}`);
        }
      }
      return identityFrom(entry, idClaims.sub, { ...userinfo, ...idClaims });
    },
  };
}

/** The verified identity in the ID token's and userinfo's claims (the ID token's win). */
function identityFrom(entry: OidcEntry, subject: string, claims: Record<string, unknown>): VerifiedIdentity {
  const str = (name?: string) => (name && typeof claims[name] === 'string' ? (claims[name] as string) : undefined);
  return {
    provider: entry.id,
    subject,
    givenName: str('given_name'),
    familyName: str('family_name'),
    // only an address the directory says it verified
    email: claims.email_verified === false ? undefined : str('email'),
    pesel: str(entry.peselClaim),
    claims,
  };
}
