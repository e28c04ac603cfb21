/**
 * Issue 22: sign-in at city scale. The account look-up is one exact match on the normalised, uniquely
 * indexed email (and an engine that has indexes uses it), and the throttle that makes guesses exact
 * never holds back a correct password because of the same account's concurrent successes.
 */
import assert from 'node:assert/strict';
import { Types } from 'mongoose';
import { signedInResident, startTestServer, type TestContext } from '../support/app.js';

interface Explained {
  queryPlanner?: { winningPlan?: unknown; Plan?: unknown };
}

/** Every stage of a plan, nested ones included: MongoDB's `stage`, PostgreSQL's `Node Type` (FerretDB 2). */
function stages(plan: unknown): string[] {
  if (!plan || typeof plan !== 'object') return [];
  const own = (plan as { stage?: string }).stage ?? (plan as { 'Node Type'?: string })['Node Type'];
  return [...(own ? [own] : []), ...Object.values(plan).flatMap((v) => (typeof v === 'object' ? stages(v) : []))];
}

describe('sign-in at scale (issue 22)', function () {
  this.timeout(120_000);
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('4 concurrent sign-ins of one account, 60 in all, are all let in: no correct password is throttled by its own successes', async () => {
    const me = await signedInResident(ctx);
    const answers: number[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let i = 0; i < 15; i++) {
          const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: me.email, password: me.password } });
          answers.push(res.statusCode);
        }
      }),
    );
    assert.deepEqual(
      answers.filter((s) => s !== 200),
      [],
      `${answers.length} sign-ins`,
    );
  });

  it('a success forgets settled failures but never the failure of an attempt still in flight', async () => {
    const { throttle } = ctx.app.accounts;
    const keys = { account: 'racing@example.org', client: '198.51.100.31' };
    const used = () => ctx.app.accounts.limits.loginAccount.used(keys.account);
    const right = await throttle.reserve(keys);
    const wrong = await throttle.reserve(keys);
    await throttle.failed(wrong);
    const inFlight = await throttle.reserve(keys);
    assert.equal(await used(), 3);
    await throttle.succeeded(right);
    assert.equal(await used(), 1, 'the settled failure is forgotten, the attempt in flight keeps its slot');
    await throttle.failed(inFlight);
    assert.equal(await used(), 1, 'and its failure counts');
  });

  it('looks the account up by one exact match on the normalised email (or, without field indexes, its map entry and _id), and the unique index exists', async () => {
    const me = await signedInResident(ctx);
    const users = ctx.app.accounts.models.User;
    const { emails } = ctx.app.accounts;
    const filters: unknown[] = [];
    const conn = users.db;
    conn.set('debug', (collection: string, method: string, filter: unknown) => {
      if ((collection === 'users' || collection === 'account_emails') && /^find/.test(method)) filters.push({ [collection]: filter });
    });
    try {
      const res = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `  ${me.email.toUpperCase()} `, password: me.password } });
      assert.equal(res.statusCode, 200, 'a differently typed email is the same account');
    } finally {
      conn.set('debug', false);
    }
    // FerretDB 1.24 answers only an exact _id cheaply: the email map's entry, then the account (emails.ts)
    const expected = emails.used
      ? [{ account_emails: { _id: emails.keyOf(me.email) } }, { users: { _id: new Types.ObjectId(me.user.id) } }]
      : [{ users: { email: me.email } }];
    assert.deepEqual(filters, expected, 'an exact match on the stored (normalised) email, or on the _ids it maps to');
    assert.equal(emails.used, ctx.app.concurrency.mode === 'emulated', 'the map only where the start-up proof found the FerretDB 1.24 emulation');
    const indexes = await users.collection.listIndexes().toArray();
    assert.ok(
      indexes.some((ix) => JSON.stringify(ix.key) === '{"email":1}' && ix.unique),
      `a unique index on email: ${JSON.stringify(indexes)}`,
    );
    // engines with working indexes (MongoDB, FerretDB 2) must answer it from the index; FerretDB 1.24 scans every query
    const explained = (await conn.db!.command({ explain: { find: 'users', filter: { email: me.email }, limit: 1 } })) as Explained;
    const engine = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
    if (!engine.ferretdbVersion?.startsWith('v1.')) {
      const plan = stages(explained.queryPlanner?.winningPlan ?? explained.queryPlanner);
      assert.ok(
        !plan.some((s) => /COLLSCAN|Seq Scan/.test(s)) && plan.some((s) => /IXSCAN|IDHACK|EXPRESS|Index/i.test(s)),
        `plan: ${JSON.stringify(explained.queryPlanner)}`,
      );
    }
  });
});
