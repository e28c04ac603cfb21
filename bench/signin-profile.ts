/**
 * What one sign-in costs, step by step (docs/performance.md): `node --import tsx bench/signin-profile.ts`
 * (PROFILE_USERS=10000 accounts stored, PROFILE_N=30 sign-ins measured one at a time; MONGODB_URI for
 * another engine). Every database command the server sends is timed by the driver's own command
 * monitoring, per collection and command, with argon2's share beside them.
 */
import { performance } from 'node:perf_hooks';
import { timeCommands, type Step } from './lib/command-timer.js';
import { startStack } from './lib/stack.mjs';

const USERS = Number(process.env.PROFILE_USERS ?? 10000);
const N = Number(process.env.PROFILE_N ?? 30);
const PASSWORD = 'korektnyKon-Bateria7';
const stack = await startStack({ TRUST_PROXY: '1' }, { monitorCommands: true });
const { app, url } = stack;
const client = app.conn.getClient();

const timer = timeCommands(client);

try {
  const first = await app.accounts.createActiveUser({ email: 'p0@example.org', password: PASSWORD, role: 'resident' });
  const template = first.toObject() as Record<string, unknown>;
  delete template._id;
  for (let done = 1; done < USERS; done += 1000) {
    const batch = Array.from({ length: Math.min(1000, USERS - done) }, (_, k) => ({ ...template, email: `p${done + k}@example.org` }));
    await app.accounts.models.User.insertMany(batch, { ordered: false });
  }
  await app.accounts.emails.sweep();
  const hash = first.passwordHash as string;
  const { default: argon2 } = await import('argon2');
  let argonMs = 0;
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await argon2.verify(hash, PASSWORD);
    argonMs += performance.now() - t;
  }
  const steps = new Map<string, Step>();
  timer.sink = steps;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const res = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.${(i >> 8) & 255}.${i & 255}` },
      body: JSON.stringify({ email: `p${(i * 7907) % USERS}@example.org`, password: PASSWORD }),
    });
    if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
    await res.arrayBuffer();
  }
  const total = (performance.now() - t0) / N;
  console.log(`# ${USERS} accounts, ${N} sign-ins one at a time, email map ${app.accounts.emails.used ? 'used' : 'not used'}`);
  console.log(`sign-in ${total.toFixed(1)} ms each; raw argon2.verify ${(argonMs / N).toFixed(1)} ms`);
  console.log('| command | per sign-in | ms each | ms per sign-in |\n| --- | --- | --- | --- |');
  for (const [key, s] of [...steps].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`| \`${key}\` | ${(s.count / N).toFixed(2)} | ${(s.ms / s.count).toFixed(1)} | ${(s.ms / N).toFixed(1)} |`);
} finally {
  await stack.stop();
}
