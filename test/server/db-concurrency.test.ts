/**
 * The contract of the concurrency layer (server/src/db/concurrency.ts), hammered with real parallelism:
 * four separate connection pools (as four API nodes would have), 200 operations in flight, exact
 * results asserted. It runs against the engine in use: the embedded FerretDB here, MongoDB or FerretDB 2
 * whenever MONGODB_URI points at one, so the same code is proven on both (Ory Kratos' TestFlowPersister idea).
 *
 * Both paths of the layer pass the same suite: the unique-insert emulation, and the native one-round-trip
 * operations (db/native.ts) forced on. An engine that proves itself atomic (capabilities.ts) gets the
 * native path from four pools; FerretDB 1.24 does not (its $inc and conditional updates race), so there
 * the native path's logic is proven through one socket, where the engine takes one operation at a time.
 */
import assert from 'node:assert/strict';
import mongoose, { Schema, type Connection } from 'mongoose';
import { MongoServerError } from 'mongodb';
import { proveAtomicity, type ConcurrencyMode } from '../../server/src/db/capabilities.js';
import { Concurrency, LeaseBusyError } from '../../server/src/db/concurrency.js';
import { DEADLOCK_DETECTED, insertUnique, isDuplicateKey, isRetryableConflict, onDuplicate, retryingConflicts } from '../../server/src/db/unique.js';
import { startTestDatabase, uniqueDatabaseUri } from '../support/database.js';

const POOLS = 4;
const IN_FLIGHT = 200;

for (const mode of ['emulated', 'native'] as ConcurrencyMode[]) {
  describe(`db concurrency layer, ${mode} (200 operations in flight)`, function () {
    this.timeout(120_000);
    suite(mode);
  });
}

function suite(mode: ConcurrencyMode) {
  let conns: Connection[];
  let layers: Concurrency[];

  before(async () => {
    const uri = uniqueDatabaseUri(await startTestDatabase(), 'cc');
    const probe = await mongoose.createConnection(uri, { maxPoolSize: 60 }).asPromise();
    const atomic = (await proveAtomicity(probe)).mode === 'native';
    await probe.close();
    // the native path races from four pools only where the engine keeps it exact
    const [pools, sockets] = mode === 'native' && !atomic ? [1, 1] : [POOLS, 60];
    conns = await Promise.all(Array.from({ length: pools }, () => mongoose.createConnection(uri, { maxPoolSize: sockets }).asPromise()));
    layers = Array.from({ length: POOLS }, (_, i) => new Concurrency(conns[i % pools]!, 'test-key'));
    for (const layer of layers) layer.mode = mode;
    for (const m of [...Object.values(layers[0]!.models), ...Object.values(layers[0]!.native)]) await m.createIndexes();
  });
  after(async () => {
    await conns[0]!.dropDatabase().catch(() => {});
    await Promise.all(conns.map((c) => c.close()));
  });

  /** Runs `op(i, layer)` IN_FLIGHT times at once, spread round-robin over the pools. */
  const hammer = <T>(op: (i: number, layer: Concurrency) => Promise<T>) => Promise.all(Array.from({ length: IN_FLIGHT }, (_, i) => op(i, layers[i % POOLS]!)));

  it('spend-once: each of 50 keys is spent by exactly one of 200 racing callers', async () => {
    const results = await hammer((i, layer) => layer.once({ name: 'test-once', ttlMs: 60_000 }).spend(`k${i % 50}`));
    assert.equal(results.filter(Boolean).length, 50);
    const again = await layers[1]!.once({ name: 'test-once', ttlMs: 60_000 }).spend('k7');
    assert.equal(again, false, 'a spent key stays spent');
    assert.equal(await layers[2]!.once({ name: 'test-once', ttlMs: 60_000 }).spent('k7'), true);
  });

  it('slot counter: 200 racing takes of one key with limit 37 succeed exactly 37 times, each slot once', async () => {
    const results = await hammer((_i, layer) => layer.slots({ name: 'test-slots', limit: 37, windowMs: 3_600_000 }).take('shared'));
    const ok = results.filter((r) => r.ok) as Array<{ ok: true; n: number }>;
    assert.equal(ok.length, 37);
    assert.deepEqual(
      ok.map((r) => r.n).sort((a, b) => a - b),
      Array.from({ length: 37 }, (_, i) => i + 1),
    );
    for (const r of results) if (!r.ok) assert.ok(r.retryAfter >= 1 && r.retryAfter <= 3600);
    assert.equal(await layers[3]!.slots({ name: 'test-slots', limit: 37, windowMs: 3_600_000 }).used('shared'), 37);
  });

  it('slot counter: a per-key limit given at take time holds exactly (an API key with its own rate)', async () => {
    const results = await hammer((_i, layer) => layer.slots({ name: 'test-slots-own', limit: 1000, windowMs: 60_000 }).take('api-key', 9));
    assert.equal(results.filter((r) => r.ok).length, 9);
  });

  // the gates wait minutes, longer than any burst takes here, so the counts are exact
  it('sequence with back-off: 200 racing sign-in failures get exactly the 5 free slots, the rest wait', async () => {
    const spec = {
      name: 'test-backoff',
      limit: 100,
      windowMs: 3_600_000,
      // ten minutes for the sixth: longer than the burst lasts even on a machine loaded many times over
      gate: (n: number, prev: Date | undefined, now: number) => (n <= 5 || !prev ? 0 : Math.max(0, prev.getTime() + 600_000 * 2 ** (n - 6) - now)),
    };
    const results = await hammer((_i, layer) => layer.sequence(spec).take('victim@example.org'));
    assert.equal(results.filter((r) => r.ok).length, 5);
    assert.ok(results.filter((r) => !r.ok).every((r) => !r.ok && r.retryAfter >= 1));
  });

  it('sequence as a cooldown: of 200 racing sends exactly one goes, the next only after the cooldown', async () => {
    const spec = {
      name: 'test-cooldown',
      limit: 1000,
      windowMs: 3_600_000,
      acrossWindows: true,
      gate: (_n: number, prev: Date | undefined, now: number) => (prev ? Math.max(0, prev.getTime() + 60_000 - now) : 0),
    };
    const results = await hammer((_i, layer) => layer.sequence(spec).take('account-1'));
    assert.equal(results.filter((r) => r.ok).length, 1);
    // a minute later (the slot's time moved back rather than waited for)
    await layers[0]!.models.Slot.updateMany({ ns: 'test-cooldown' }, { $set: { at: new Date(Date.now() - 61_000) } });
    assert.equal((await layers[0]!.sequence(spec).take('account-1')).ok, true);
    assert.equal((await layers[1]!.sequence(spec).take('account-1')).ok, false, 'and then waits again');
  });

  it('insert-unique: of 200 racing inserts of 20 keys exactly 20 are created; isDuplicateKey names the rest', async () => {
    const models = conns.map(
      (c) => c.models.UniqueThing ?? c.model('UniqueThing', new Schema({ key: { type: String, unique: true } }, { collection: 'unique_things' })),
    );
    await models[0]!.createIndexes();
    const results = await hammer((i) => insertUnique(models[i % conns.length]!, { key: `u${i % 20}` }));
    assert.equal(results.filter((r) => r.created).length, 20);
    assert.equal(await models[0]!.countDocuments(), 20);
    const err = await models[1 % models.length]!.create({ key: 'u3' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.equal(isDuplicateKey(err), true);
  });

  it('lease lock: 200 read-modify-write increments from 4 pools keep all 200, never two holders at once', async () => {
    const counters = Array.from({ length: POOLS }, (_, i) => {
      const c = conns[i % conns.length]!;
      return c.models.Counter ?? c.model('Counter', new Schema({ _id: String, n: Number }, { collection: 'counters' }));
    });
    await counters[0]!.create({ _id: 'c', n: 0 });
    let holders = 0;
    let most = 0;
    await hammer((i, layer) =>
      layer.lease({ name: 'test-lease', ttlMs: 10_000, waitMs: 110_000 }).run('counter', async () => {
        most = Math.max(most, ++holders);
        const doc = await counters[i % POOLS]!.findById('c').lean<{ n: number }>();
        await counters[i % POOLS]!.updateOne({ _id: 'c' }, { $set: { n: doc!.n + 1 } });
        holders--;
      }),
    );
    assert.equal(most, 1, 'one holder at a time');
    assert.equal((await counters[0]!.findById('c').lean<{ n: number }>())!.n, IN_FLIGHT);
  });

  it('lease lock: a crashed holder’s lease frees itself after its ttl; a waiter that cannot get it is told so', async () => {
    const key = layers[0]!.hashKey('abandoned');
    // what a node that died while holding the lease leaves behind
    const dead = { ns: 'test-lease2', key, holder: 'dead', expiresAt: new Date(Date.now() + 300), purgeAt: new Date(Date.now() + 60_000) };
    if (mode === 'native') await layers[0]!.native.Lock.collection.insertOne({ _id: `test-lease2:${key}`, ...dead } as never);
    else await layers[0]!.models.Lease.collection.insertOne({ _id: `test-lease2:${key}:1`, gen: 1, ...dead } as never);
    await assert.rejects(
      layers[1]!.lease({ name: 'test-lease2', ttlMs: 5000, waitMs: 50 }).run('abandoned', async () => 1),
      LeaseBusyError,
    );
    assert.equal(await layers[2]!.lease({ name: 'test-lease2', ttlMs: 5000, waitMs: 2000 }).run('abandoned', async () => 'got it'), 'got it');
  });

  it('purge removes what its namespace no longer needs and keeps the rest', async () => {
    const shortLived = layers[0]!.once({ name: 'test-purge', ttlMs: 1 });
    const longLived = layers[0]!.once({ name: 'test-keep', ttlMs: 60_000 });
    await shortLived.spend('a');
    await longLived.spend('b');
    await new Promise((r) => setTimeout(r, 20));
    await layers[1]!.purge();
    assert.equal(await shortLived.spend('a'), true, 'an expired key can be spent again');
    assert.equal(await longLived.spend('b'), false, 'a live key stays spent');
  });

  it('stores keys as HMACs, never as given (an email used as a limit key is not kept)', async () => {
    await layers[0]!.slots({ name: 'test-private', limit: 5, windowMs: 60_000 }).take('resident@example.org');
    const records = mode === 'native' ? layers[0]!.native.Counter.find({ ns: 'test-private' }) : layers[0]!.models.Slot.find({ ns: 'test-private' });
    const raw = JSON.stringify(await records.lean());
    assert.ok(raw.length > 2 && !raw.includes('resident@example.org'), raw);
  });
}

describe('db capabilities and conflicts (issue 22)', function () {
  this.timeout(60_000);

  it('the start-up proof picks native operations exactly on engines that keep racing $inc and claims (not FerretDB 1.24)', async () => {
    const uri = uniqueDatabaseUri(await startTestDatabase(), 'cap');
    const conn = await mongoose.createConnection(uri, { maxPoolSize: 60 }).asPromise();
    try {
      const engine = (await conn.db!.admin().command({ buildInfo: 1 })) as { ferretdbVersion?: string };
      const proof = await proveAtomicity(conn);
      assert.equal(proof.mode, engine.ferretdbVersion?.startsWith('v1.') ? 'emulated' : 'native', proof.why);
      const layer = new Concurrency(conn, 'k');
      assert.equal(layer.mode, 'emulated', 'until proven, the layer decides by unique inserts');
      assert.equal(await layer.start(), proof.mode);
    } finally {
      await conn.dropDatabase().catch(() => {});
      await conn.close();
    }
  });

  it('FerretDB 2’s "deadlock detected" (16908292) is a conflict to retry; after the retry a racing insert is a duplicate', async () => {
    const deadlock = new MongoServerError({ code: DEADLOCK_DETECTED, errmsg: 'deadlock detected' });
    const duplicate = new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key error' });
    assert.equal(isRetryableConflict(deadlock), true);
    assert.equal(isDuplicateKey(deadlock), false, 'a deadlock does not say the key is taken');
    assert.equal(isRetryableConflict(duplicate), false);
    assert.equal(isRetryableConflict(new MongoServerError({ code: 2, errmsg: 'BadValue' })), false);
    // the insert that lost the deadlock is tried again: it lands, or meets the duplicate it raced
    let tries = 0;
    assert.equal(await retryingConflicts(async () => (++tries < 3 ? Promise.reject(deadlock) : 'inserted')), 'inserted');
    assert.equal(tries, 3);
    tries = 0;
    assert.equal(
      await onDuplicate(
        async () => (++tries === 1 ? Promise.reject(deadlock) : Promise.reject(duplicate)),
        () => 'already there',
      ),
      'already there',
    );
    // a conflict that never clears is an error, not a silent duplicate
    await assert.rejects(
      retryingConflicts(() => Promise.reject(deadlock)),
      (err) => err === deadlock,
    );
  });
});
