// Sign-in cost: POST /api/v1/auth/login over real HTTP against raw argon2.verify with the stored
// parameters, same machine, same run, same concurrency. Target (issue 7): login >= 0.8x raw verify.
import argon2 from 'argon2';
import { fmt, load, startStack } from './lib/stack.mjs';

const stack = await startStack();
const { app, url } = stack;
const PASSWORD = 'korektnyKon-Bateria7';
const users = [];
for (let i = 0; i < 8; i++) {
  const email = `bench${i}@example.org`;
  await app.accounts.createActiveUser({ email, password: PASSWORD, role: 'resident' });
  users.push(email);
}
const stored = (await app.accounts.models.User.findOne({ email: users[0] })).passwordHash;
const params = app.config.argon2;
console.log(`argon2id parameters: m=${params.memoryCost} KiB, t=${params.timeCost}, p=${params.parallelism} (${stored.split('$')[3]})`);

const login = (w) =>
  fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: users[w % users.length], password: PASSWORD }),
  }).then(async (r) => {
    if (r.status !== 200) throw new Error(`login answered ${r.status}: ${await r.text()}`);
    await r.arrayBuffer();
  });
const verify = async () => {
  if (!(await argon2.verify(stored, PASSWORD))) throw new Error('verify failed');
};

// warm up both paths
await load(login, { concurrency: 2, ms: 1000 });
await load(verify, { concurrency: 2, ms: 1000 });

for (const concurrency of [1, 4]) {
  const raw = await load(verify, { concurrency, ms: 5000 });
  const api = await load(login, { concurrency, ms: 5000 });
  console.log(`concurrency ${concurrency}:`);
  console.log(`  raw argon2.verify   ${fmt(raw.perSecond)}/s   p50 ${fmt(raw.p50)} ms   p99 ${fmt(raw.p99)} ms`);
  console.log(`  POST /auth/login    ${fmt(api.perSecond)}/s   p50 ${fmt(api.p50)} ms   p99 ${fmt(api.p99)} ms`);
  console.log(`  ratio (login / raw verify throughput) ${fmt(api.perSecond / raw.perSecond, 2)}x   (target >= 0.8x)`);
}
await stack.stop();
