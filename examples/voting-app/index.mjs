// A participatory-budget voting app signing residents in through CivicKit (docs/connect-applications.md).
// Run: CIVICKIT=https://civickit.example.gov.pl OIDC_SECRET=… WEBHOOK_SECRET=whsec_… node examples/voting-app/index.mjs
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import * as oidc from 'openid-client';

const votes = new Map(); // sub -> project id (a real app keeps them in its database)
const here = 'http://localhost:4000';
const config = await oidc.discovery(new URL(`${process.env.CIVICKIT}/oidc`), 'voting', undefined, oidc.ClientSecretBasic(process.env.OIDC_SECRET));
const pending = new Map(); // state -> PKCE verifier (a real app keeps it in the visitor's session)

/** Standard Webhooks: v1,<base64 HMAC-SHA256 of "id.timestamp.body"> with the key after whsec_, at most 5 minutes old. */
function verified(headers, body) {
  const key = Buffer.from(process.env.WEBHOOK_SECRET.slice(6), 'base64');
  const signed = createHmac('sha256', key).update(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`).digest('base64');
  const expected = Buffer.from(`v1,${signed}`);
  const fresh = Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp'])) < 300;
  return fresh && String(headers['webhook-signature']).split(' ').some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected));
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, here);
  if (url.pathname === '/login') {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    pending.set(state, verifier);
    const to = oidc.buildAuthorizationUrl(config, { redirect_uri: `${here}/callback`, scope: 'openid verification', state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' });
    return res.writeHead(302, { location: to.href }).end();
  }
  if (url.pathname === '/callback') {
    const state = url.searchParams.get('state');
    const tokens = await oidc.authorizationCodeGrant(config, url, { pkceCodeVerifier: pending.get(state), expectedState: state });
    const { sub, unique_person: unique } = tokens.claims();
    if (!unique) return res.writeHead(403).end('Voting needs an account with a checked PESEL (one person, one vote).');
    votes.set(sub, url.searchParams.get('project') ?? 'park-krakowski');
    return res.end(`Vote recorded for ${sub}`);
  }
  if (url.pathname === '/webhooks' && req.method === 'POST') {
    let body = '';
    for await (const chunk of req) body += chunk;
    if (!verified(req.headers, body)) return res.writeHead(401).end();
    const event = JSON.parse(body);
    if (event.type === 'account.deleted') votes.delete(event.data.sub); // a deleted (e.g. fraudulent) account's votes go with it
    return res.writeHead(204).end(); // any 2xx: CivicKit does not send this webhook-id again
  }
  res.writeHead(404).end();
}).listen(4000);
