import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { nativeModels, takeCounter, tryLock, unlock } from './native.js';

/**
 * What the engine proves it can do, asked once at start: the concurrency layer uses one-round-trip
 * atomic operations (native.ts) only on an engine that passes this, and keeps its unique-insert
 * emulation otherwise. A proof, not a version check: FerretDB 1.24 answers `findOneAndUpdate` and `$inc`
 * but races them across connections (4 workers "won" 71–75 exclusive claims on 50 documents), while
 * MongoDB and FerretDB 2 over PostgreSQL keep every one. CIVICKIT_CONCURRENCY=native|emulated forces a mode.
 */
export type ConcurrencyMode = 'native' | 'emulated';

export interface Proof {
  mode: ConcurrencyMode;
  /** One line for the start log and the docs: what was tried and what the engine kept. */
  why: string;
}

/** Racing callers per check: more than one connection pool's worth of sockets would be idle anyway. */
const RACERS = 48;
const proofs = new Map<string, Promise<Proof>>();

/** The proof for this connection's engine, run once per engine per process (tests start many servers on one engine). */
export function proveAtomicity(conn: Connection): Promise<Proof> {
  const forced = process.env.CIVICKIT_CONCURRENCY?.trim().toLowerCase();
  if (forced === 'native' || forced === 'emulated') return Promise.resolve({ mode: forced, why: `CIVICKIT_CONCURRENCY=${forced}` });
  if (forced) throw new Error(`CIVICKIT_CONCURRENCY must be native or emulated, not "${forced}"`);
  const engine = `${conn.host}:${conn.port}`;
  let proof = proofs.get(engine);
  if (!proof) {
    proof = selfTest(conn).catch((err: Error) => ({ mode: 'emulated' as const, why: `self-test failed (${err.message})` }));
    proofs.set(engine, proof);
  }
  return proof;
}

async function selfTest(conn: Connection): Promise<Proof> {
  const scratch = conn.db!.collection<{ _id: string; n?: number; taken?: boolean }>(`cc_selftest_${randomUUID().slice(0, 8)}`);
  const racing = <T>(op: () => Promise<T>) => Promise.all(Array.from({ length: RACERS }, op));
  const counterId = `selftest:${randomUUID()}`;
  try {
    await scratch.insertMany([
      { _id: 'inc', n: 0 },
      { _id: 'claim', taken: false },
    ]);
    await racing(() => scratch.updateOne({ _id: 'inc' }, { $inc: { n: 1 } }));
    const kept = (await scratch.findOne({ _id: 'inc' }))?.n;
    if (kept !== RACERS) return { mode: 'emulated', why: `${RACERS} racing $inc kept ${kept}` };
    const claims = await racing(() => scratch.findOneAndUpdate({ _id: 'claim', taken: false }, { $set: { taken: true } }));
    const winners = claims.filter(Boolean).length;
    if (winners !== 1) return { mode: 'emulated', why: `${RACERS} racing conditional claims had ${winners} winners` };
    // the bounded counter exactly as the layer will use it: the bound holds and the overflow is refused
    const fields = { ns: 'selftest', key: 'k', w: 0, expiresAt: new Date(Date.now() + 60_000) };
    const slots = await racing(() => takeCounter(nativeModels(conn), counterId, fields, 16));
    const taken = slots.filter((n) => n !== undefined).length;
    if (taken !== 16) return { mode: 'emulated', why: `${RACERS} racing bounded takes of 16 slots got ${taken}` };
    // the lease as the layer will use it: a live lock refuses, a released one is taken again
    const m = nativeModels(conn);
    const holder = await tryLock(m, 'selftest', counterId, 60_000);
    const busy = holder && (await tryLock(m, 'selftest', counterId, 60_000));
    if (holder) await unlock(m, 'selftest', counterId, holder);
    const again = await tryLock(m, 'selftest', counterId, 60_000);
    if (!holder || busy || !again) return { mode: 'emulated', why: 'a conditional upsert did not behave as a lock' };
    return { mode: 'native', why: `${RACERS} racing $inc, conditional claims and bounded takes all exact; a conditional upsert locks` };
  } finally {
    await scratch.drop().catch(() => {});
    await nativeModels(conn)
      .Counter.deleteOne({ _id: counterId })
      .catch(() => {});
    await nativeModels(conn)
      .Lock.deleteOne({ _id: `selftest:${counterId}` })
      .catch(() => {});
  }
}
