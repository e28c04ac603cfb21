import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { startTestServer, type TestContext } from '../support/app.js';
import { artifactModel, purgeExpired } from '../../server/src/plugins/city-op/adapter.js';
import { authorize, Browser, freePort, krakowWithClients, login, relyingParty, signInThrough, VOTING_SECRET, type Rp } from './helpers/city-op.js';

const PESEL = '44051401458';
const PASSWORD = 'Kopiec-Kosciuszki-1820';

/** Verifies a compact JWS against the provider's published keys (openid-client trusts the token endpoint's TLS instead). */
async function verifyAgainstJwks(jwt: string, jwksUri: string): Promise<Record<string, unknown>> {
  const [h, p, s] = jwt.split('.') as [string, string, string];
  const header = JSON.parse(Buffer.from(h, 'base64url').toString()) as { kid: string; alg: string };
  const { keys } = (await (await fetch(jwksUri)).json()) as { keys: Array<{ kid: string }> };
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `the ID token's kid ${header.kid} is published`);
  assert.equal(header.alg, 'ES256');
  const ok = verify(
    'sha256',
    Buffer.from(`${h}.${p}`),
    { key: createPublicKey({ key: jwk as never, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  assert.ok(ok, 'the ID token signature verifies against the JWKS');
  return JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
}

describe('city OpenID Provider (API.md §8)', function () {
  this.timeout(60_000);
  let ctx: TestContext;
  let origin: string;
  let issuer: string;
  let voting: Rp;
  let library: Rp;
  let accountId: string;
  const logoutTokens: string[] = [];
  const backchannel = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      logoutTokens.push(new URLSearchParams(body).get('logout_token') ?? '');
      res.statusCode = 200;
      res.end();
    });
  });

  before(async () => {
    await new Promise<void>((resolve) => backchannel.listen(0, '127.0.0.1', resolve));
    const profile = krakowWithClients() as { oidcClients: Array<Record<string, unknown>> };
    profile.oidcClients[0]!.backchannelLogoutUri = `http://127.0.0.1:${(backchannel.address() as AddressInfo).port}/logout`;
    const port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    issuer = `${origin}/oidc`;
    ctx = await startTestServer({
      listen: true,
      profile: profile as Record<string, unknown>,
      env: { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: origin, OIDC_CLIENT_VOTING_SECRET: VOTING_SECRET },
    });
    const user = await ctx.app.accounts.administration.createActiveUser({
      email: 'jan@krakow.test',
      password: PASSWORD,
      role: 'resident',
      firstName: 'Jan',
      lastName: 'Kowalski',
    });
    accountId = String(user._id);
    // a PESEL asserted by login.gov.pl (what the Kraków rule and pesel_verified rest on)
    await ctx.app.accounts.models.User.updateOne(
      { _id: user._id },
      { $set: { peselHash: 'keyed-hash-of-' + PESEL, verifiedIdentity: { provider: 'wezel', loa: 'substantial', verifiedAt: new Date() } } },
    );
    voting = await relyingParty(issuer, 'voting');
    library = await relyingParty(issuer, 'library');
  });
  after(async () => {
    await ctx?.stop();
    backchannel.closeAllConnections();
    backchannel.close();
  });

  async function codeFlow(rp: Rp, scope: string, browser = new Browser()) {
    // OpenID Connect gives offline_access only with prompt=consent
    const { url, verifier, state } = await authorize(rp, scope, scope.includes('offline_access') ? { prompt: 'consent' } : {});
    const token = await login(ctx, 'jan@krakow.test', PASSWORD);
    const back = await signInThrough(ctx, browser, url, token);
    assert.ok(back.url.href.startsWith(rp.redirectUri), `back at the client: ${back.url.href}`);
    const tokens = await oidc.authorizationCodeGrant(rp.config, back.url, { pkceCodeVerifier: verifier, expectedState: state });
    return { tokens, browser, callback: back.url, verifier };
  }

  it('publishes discovery at PUBLIC_URL/oidc with an ES256 key that has a kid', async () => {
    const meta = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    assert.equal(meta.issuer, issuer);
    assert.deepEqual(meta.subject_types_supported, ['pairwise']);
    assert.ok(String(meta.end_session_endpoint).startsWith(issuer));
    assert.equal(meta.backchannel_logout_supported, true);
    const { keys } = (await (await fetch(String(meta.jwks_uri))).json()) as { keys: Array<Record<string, unknown>> };
    assert.ok(keys.length >= 1 && keys.every((k) => typeof k.kid === 'string' && !('d' in k)), 'public keys only, each with a kid');
  });

  it('signs a Kraków resident in with code + PKCE: an ID token verified against the JWKS, the verified claims and never the PESEL', async () => {
    const { tokens } = await codeFlow(voting, 'openid email profile verification');
    const claims = await verifyAgainstJwks(tokens.id_token!, voting.config.serverMetadata().jwks_uri!);
    assert.equal(claims.iss, issuer);
    assert.equal(claims.aud, 'voting');
    assert.equal(claims.email, 'jan@krakow.test');
    assert.equal(claims.given_name, 'Jan');
    assert.equal(claims.pesel_verified, true);
    assert.equal(claims.unique_person, true);
    assert.equal(claims.acr, 'password');
    assert.notEqual(claims.sub, accountId, 'a pairwise sub, not the account id');
    const info = await oidc.fetchUserInfo(voting.config, tokens.access_token, String(claims.sub));
    assert.equal(info.unique_person, true);
    assert.equal(info.family_name, 'Kowalski');
    for (const text of [JSON.stringify(claims), JSON.stringify(info), JSON.stringify(tokens)])
      assert.ok(!text.includes(PESEL) && !/pesel"\s*:/.test(text), 'no PESEL leaves');
  });

  it('gives one account different, stable subs at two clients', async () => {
    const first = (await codeFlow(voting, 'openid')).tokens.claims()!.sub;
    const again = (await codeFlow(voting, 'openid')).tokens.claims()!.sub;
    const atLibrary = (await codeFlow(library, 'openid email')).tokens.claims()!.sub;
    assert.equal(first, again, 'stable at one client');
    assert.notEqual(first, atLibrary, 'different at another client on the same host');
  });

  it('remembers consent per client, offline_access included: the second sign-in of a new browser goes straight back to the client', async () => {
    await codeFlow(voting, 'openid email offline_access');
    const { url } = await authorize(voting, 'openid email offline_access', { prompt: 'consent' });
    const back = await signInThrough(ctx, new Browser(), url, await login(ctx, 'jan@krakow.test', PASSWORD), 'none');
    assert.ok(back.url.href.startsWith(voting.redirectUri), `no consent page: ${back.url.href}`);
  });

  it('a client asking acr_values=substantial gets no password sign-in: the page says login.gov.pl, the hand-off is refused', async () => {
    const { url } = await authorize(voting, 'openid', { acr_values: 'substantial', ui_locales: 'en' });
    const browser = new Browser();
    const { url: at, res } = await browser.follow(url, origin);
    assert.match(await res.text(), /requires signing in with login\.gov\.pl/);
    const uid = at.pathname.split('/')[3]!;
    const token = await login(ctx, 'jan@krakow.test', PASSWORD);
    const handoff = await fetch(`${origin}/api/v1/oidc/handoff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uid }),
    });
    const { code } = (await handoff.json()) as { code: string };
    const refused = await browser.fetch(`${origin}/oidc/interaction/${uid}/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code }).toString(),
    });
    assert.equal(refused.status, 403);
    assert.equal(((await refused.json()) as { code: string }).code, 'forbidden');
  });

  it('refuses a redirect URI the profile does not list, without redirecting there', async () => {
    const { url } = await authorize({ ...voting, redirectUri: 'http://evil.test/callback' }, 'openid');
    const res = await new Browser().fetch(url);
    assert.equal(res.headers.get('location'), null);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /redirect_uri/);
  });

  it('refuses a replayed code and a code without its PKCE verifier', async () => {
    const { tokens, callback, verifier } = await codeFlow(voting, 'openid');
    assert.ok(tokens.access_token);
    await assert.rejects(
      oidc.authorizationCodeGrant(voting.config, callback, { pkceCodeVerifier: verifier, expectedState: callback.searchParams.get('state')! }),
      {
        error: 'invalid_grant',
      },
    );
    const { url, state } = await authorize(voting, 'openid');
    const back = await signInThrough(ctx, new Browser(), url, await login(ctx, 'jan@krakow.test', PASSWORD));
    await assert.rejects(oidc.authorizationCodeGrant(voting.config, back.url, { expectedState: state }), { error: 'invalid_grant' });
  });

  it('requires PKCE of a public client', async () => {
    const url = oidc.buildAuthorizationUrl(library.config, { redirect_uri: library.redirectUri, scope: 'openid', state: 'x' });
    const res = await new Browser().fetch(url);
    const location = new URL(res.headers.get('location') ?? 'http://none.test');
    assert.equal(location.searchParams.get('error'), 'invalid_request');
    assert.match(location.searchParams.get('error_description') ?? '', /PKCE/);
  });

  it('redeems one code exactly once among 50 concurrent token requests', async () => {
    const { url, verifier } = await authorize(voting, 'openid');
    const back = await signInThrough(ctx, new Browser(), url, await login(ctx, 'jan@krakow.test', PASSWORD));
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      code: back.url.searchParams.get('code')!,
      redirect_uri: voting.redirectUri,
      code_verifier: verifier,
    });
    const basic = Buffer.from(`voting:${VOTING_SECRET}`).toString('base64');
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(`${issuer}/token`, { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' }, body }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    assert.equal(statuses.filter((s) => s === 200).length, 1, `exactly one token response: ${statuses.join(',')}`);
    assert.equal(statuses.filter((s) => s === 400).length, 49);
  });

  it('rotates a refresh token once, and logout with id_token_hint ends the CivicKit session without asking, with a back-channel logout_token', async () => {
    const { tokens, browser } = await codeFlow(voting, 'openid offline_access', new Browser());
    assert.ok(tokens.refresh_token, 'offline_access gives a refresh token');
    const rotated = await oidc.refreshTokenGrant(voting.config, tokens.refresh_token!);
    assert.ok(rotated.refresh_token && rotated.refresh_token !== tokens.refresh_token);
    await assert.rejects(oidc.refreshTokenGrant(voting.config, tokens.refresh_token!), { error: 'invalid_grant' });

    const end = oidc.buildEndSessionUrl(voting.config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://voting.test/bye' });
    const page = await browser.fetch(end);
    const html = await page.text();
    assert.match(html, /auto-submit\.js/, 'a valid id_token_hint: the page submits itself, no question');
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(html)![1]!;
    const done = await browser.postForm(`${issuer}/session/end/confirm`, origin, { xsrf, logout: 'yes' });
    assert.equal(done.url.href.split('?')[0], 'http://voting.test/bye');
    const { url } = await authorize(voting, 'openid', { prompt: 'none' });
    const silent = await browser.follow(url, origin);
    assert.equal(silent.url.searchParams.get('error'), 'login_required', 'the session at CivicKit has ended');
    // back-channel logout: the voting app, holding a grant in that session, got a signed logout_token naming its sub and the session
    const logout = await verifyAgainstJwks(logoutTokens.at(-1)!, voting.config.serverMetadata().jwks_uri!);
    assert.equal(logout.sub, tokens.claims()!.sub);
    assert.equal(logout.sid, tokens.claims()!.sid);
    assert.ok((logout.events as Record<string, unknown>)['http://schemas.openid.net/event/backchannel-logout']);
  });

  it('lists connected applications; revoking one ends its tokens', async () => {
    const { tokens } = await codeFlow(voting, 'openid offline_access');
    const token = await login(ctx, 'jan@krakow.test', PASSWORD);
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/me/applications', token });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json.map((a: { clientId: string }) => a.clientId).sort(), ['library', 'voting']);
    const gone = await ctx.inject({ method: 'DELETE', url: '/api/v1/me/applications/voting', token });
    assert.equal(gone.statusCode, 204);
    await assert.rejects(oidc.refreshTokenGrant(voting.config, tokens.refresh_token!), { error: 'invalid_grant' });
    const again = await ctx.inject({ method: 'DELETE', url: '/api/v1/me/applications/voting', token });
    assert.equal(again.statusCode, 404);
    assert.equal(again.json.code, 'not_found');
  });

  it('purges expired provider entries with the housekeeping job oidc-artifacts-purge, keeping live ones', async () => {
    const Artifacts = artifactModel(ctx.app.conn);
    await Artifacts.create([
      { _id: 'AuthorizationCode:old', kind: 'AuthorizationCode', payload: { accountId }, expiresAt: new Date(Date.now() - 1000) },
      { _id: 'AuthorizationCode:live', kind: 'AuthorizationCode', payload: { accountId }, expiresAt: new Date(Date.now() + 60_000) },
    ]);
    assert.ok(
      ctx.app.housekeeping['jobs' as never] &&
        (ctx.app.housekeeping as unknown as { jobs: Array<{ name: string }> }).jobs.some((j) => j.name === 'oidc-artifacts-purge'),
    );
    await purgeExpired(Artifacts);
    assert.equal(await Artifacts.exists({ _id: 'AuthorizationCode:old' }), null);
    assert.ok(await Artifacts.exists({ _id: 'AuthorizationCode:live' }));
  });
});
