/**
 * The city's OpenID Provider and webhooks: `npx tsx bench/city-op.bench.ts`
 *
 * Over real HTTP on loopback, one at a time:
 *   - the authorization code flow round trip of a signed-in resident whose consent is remembered
 *     (authorize → sign-in page → hand-off → resume → code → token with PKCE and client_secret_basic),
 *     against an authenticated API call (GET /api/v1/me) in the same run;
 *   - webhook delivery latency (event queued → the receiver has the signed POST), against a plain
 *     POST to the same receiver from this process;
 *   - the retry schedule: gaps between attempts at a failing receiver against the configured ones
 *     (shrunk here to 0.2/0.4/0.8 s; the default is 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h).
 * Starts its own embedded database (FerretDB here) unless MONGODB_URI is set.
 */
import http from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as oidc from 'openid-client';
// @ts-expect-error the shared bench stack is plain JS
import { startStack, fmt } from './lib/stack.mjs';
import type { App } from '../server/src/app.js';
import { authorize, Browser, freePort, krakowWithClients, relyingParty, VOTING_SECRET, WEBHOOK_KEY } from '../test/server/helpers/city-op.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);
const SCHEDULE = [0.2, 0.4, 0.8];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

let failing = false;
const arrivals: Array<{ id: string; at: number }> = [];
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    arrivals.push({ id: String(req.headers['webhook-id'] ?? 'plain'), at: performance.now() });
    res.statusCode = failing && req.headers['webhook-id'] ? 500 : 200;
    res.end();
  });
});
await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

const port = await freePort();
const origin = `http://127.0.0.1:${port}`;
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-op-bench-')), 'profile.json');
writeFileSync(file, JSON.stringify(krakowWithClients({ webhooks: [{ id: 'bench', url: hookUrl, events: ['account.deleted'] }] })));
const stack = await startStack({
  PORT: String(port),
  PUBLIC_URL: origin,
  CIVICKIT_CONFIG: file,
  OIDC_CLIENT_VOTING_SECRET: VOTING_SECRET,
  WEBHOOK_BENCH_SECRET: `whsec_${WEBHOOK_KEY}`,
  WEBHOOK_RETRY_SCHEDULE: SCHEDULE.join(','),
  // retries are picked up by the outbox's poll (1 s by default): finer here, so the gaps show the schedule
  OUTBOX_POLL_MS: '20',
  JWT_SECRET: 'bench-secret-bench-secret-bench-secret-0123',
});
const app = stack.app as App;

try {
  const password = 'Bench-Wawel-Smok-1000';
  await app.accounts.administration.createActiveUser({ email: 'bench@krakow.test', password, role: 'resident' });
  const login = await fetch(`${origin}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'bench@krakow.test', password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const voting = await relyingParty(`${origin}/oidc`, 'voting');

  const codeFlow = async () => {
    const browser = new Browser();
    const { url, verifier, state } = await authorize(voting, 'openid email');
    let { url: at } = await browser.follow(url, origin);
    const uid = at.pathname.split('/')[3]!;
    const handoff = await fetch(`${origin}/api/v1/oidc/handoff`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ uid }),
    });
    const { code } = (await handoff.json()) as { code: string };
    ({ url: at } = await browser.postForm(`${origin}/oidc/interaction/${uid}/login`, origin, { code }));
    if (at.pathname.startsWith('/oidc/interaction/'))
      ({ url: at } = await browser.postForm(`${origin}/oidc/interaction/${at.pathname.split('/')[3]}/consent`, origin, { decision: 'allow' }));
    await oidc.authorizationCodeGrant(voting.config, at, { pkceCodeVerifier: verifier, expectedState: state });
  };
  await codeFlow(); // consent given once, remembered from then on

  const flow: number[] = [];
  const me: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    let t = performance.now();
    await codeFlow();
    flow.push(performance.now() - t);
    t = performance.now();
    await (await fetch(`${origin}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).arrayBuffer();
    me.push(performance.now() - t);
  }
  console.log(
    `authorization code flow round trip: median ${fmt(median(flow))} ms; GET /api/v1/me ${fmt(median(me))} ms; ratio ${fmt(median(flow) / median(me))}x`,
  );

  const delivery: number[] = [];
  const plain: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const before = arrivals.length;
    let t = performance.now();
    await app.webhooks.emit('account.deleted', `bench-${i}-${Date.now()}`, () => ({ sub: `bench-${i}` }));
    while (arrivals.length === before) await new Promise((r) => setTimeout(r, 1));
    delivery.push(arrivals.at(-1)!.at - t);
    t = performance.now();
    await (await fetch(hookUrl, { method: 'POST', body: '{}' })).arrayBuffer();
    plain.push(performance.now() - t);
  }
  console.log(
    `webhook delivery latency: median ${fmt(median(delivery))} ms; plain POST ${fmt(median(plain))} ms; ratio ${fmt(median(delivery) / median(plain))}x`,
  );

  failing = true;
  const start = arrivals.length;
  await app.webhooks.emit('account.deleted', `bench-retry-${Date.now()}`, () => ({ sub: 'bench-retry' }));
  while (arrivals.length < start + SCHEDULE.length + 1) await new Promise((r) => setTimeout(r, 5));
  const times = arrivals.slice(start).map((a) => a.at);
  const gaps = times.slice(1).map((t, i) => t - times[i]!);
  console.log(
    `retry gaps: ${gaps.map((g, i) => `${fmt(g, 0)} ms (configured ${SCHEDULE[i]! * 1000}, ratio ${fmt(g / (SCHEDULE[i]! * 1000), 2)})`).join(', ')}`,
  );
  console.log('default schedule: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h: 8 attempts, the last 27 h 35 min 5 s after the first, then failed');
} finally {
  receiver.closeAllConnections();
  receiver.close();
  await stack.stop();
}
