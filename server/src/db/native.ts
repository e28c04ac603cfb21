import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKey, retryingConflicts } from './unique.js';

/**
 * The concurrency layer's one-round-trip path, for engines that proved at start (capabilities.ts) that a
 * conditional update and `$inc` are atomic across connections and that an upsert colliding with an
 * existing `_id` fails with a duplicate key (MongoDB, FerretDB 2 over PostgreSQL). FerretDB 1.24 makes
 * none of that atomic, so there the layer keeps its unique-insert emulation (concurrency.ts). Both paths
 * keep their records in collections of their own, so a forced mode never reads the other's records.
 */

export interface CounterDoc {
  _id: string;
  ns: string;
  key: string;
  w: number;
  n: number;
  expiresAt: Date;
}
export interface LockDoc {
  _id: string;
  ns: string;
  key: string;
  holder: string;
  expiresAt: Date;
}

const counterSchema = new Schema(
  { _id: String, ns: String, key: String, w: Number, n: Number, expiresAt: Date },
  { collection: 'cc_counters', strict: true, versionKey: false },
);
counterSchema.index({ ns: 1, key: 1 });
counterSchema.index({ expiresAt: 1 });
const lockSchema = new Schema(
  { _id: String, ns: String, key: String, holder: String, expiresAt: Date, purgeAt: Date },
  { collection: 'cc_locks', strict: true, versionKey: false },
);
lockSchema.index({ purgeAt: 1 });

export function nativeModels(conn: Connection) {
  return {
    Counter: (conn.models.CcCounter ?? conn.model('CcCounter', counterSchema)) as Model<CounterDoc>,
    Lock: (conn.models.CcLock ?? conn.model('CcLock', lockSchema)) as Model<LockDoc>,
  };
}
export type NativeModels = ReturnType<typeof nativeModels>;

/** A lock record outlives its expiry this long before purge removes it (nothing reads an expired one). */
const LOCK_KEEP_MS = 3_600_000;

/**
 * Takes one of `limit` slots of a window in one round trip: `$inc` bounded by the filter. A full window
 * fails the filter, so the upsert collides with the existing `_id` (duplicate key): refused. Two first
 * takers racing to create the window both upsert; the loser's duplicate is retried once as a plain
 * bounded `$inc`, which then either counts or finds the window full.
 */
export async function takeCounter(
  m: NativeModels,
  id: string,
  fields: { ns: string; key: string; w: number; expiresAt: Date },
  limit: number,
): Promise<number | undefined> {
  if (limit < 1) return undefined;
  const filter = { _id: id, n: { $lt: limit } };
  try {
    const doc = await retryingConflicts(() =>
      m.Counter.collection.findOneAndUpdate(filter as never, { $inc: { n: 1 }, $setOnInsert: fields }, { upsert: true, returnDocument: 'after' }),
    );
    return (doc as CounterDoc | null)?.n;
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const doc = await retryingConflicts(() => m.Counter.collection.findOneAndUpdate(filter as never, { $inc: { n: 1 } }, { returnDocument: 'after' }));
  return (doc as CounterDoc | null)?.n;
}

/** Gives one slot back, never below zero. */
export async function releaseCounter(m: NativeModels, id: string): Promise<void> {
  await m.Counter.updateOne({ _id: id, n: { $gt: 0 } }, { $inc: { n: -1 } });
}

export async function usedCounter(m: NativeModels, id: string): Promise<number> {
  return (await m.Counter.findById(id, { n: 1 }).lean<{ n: number }>())?.n ?? 0;
}

/**
 * Takes the lock in one round trip: an upsert that matches only an expired record. A live record fails
 * the filter and the upsert collides with its `_id`: someone else holds it. Returns the holder's token.
 */
export async function tryLock(m: NativeModels, ns: string, key: string, ttlMs: number): Promise<string | undefined> {
  const holder = randomUUID();
  const now = Date.now();
  try {
    await retryingConflicts(() =>
      m.Lock.collection.updateOne(
        { _id: `${ns}:${key}`, expiresAt: { $lte: new Date(now) } } as never,
        { $set: { ns, key, holder, expiresAt: new Date(now + ttlMs), purgeAt: new Date(now + ttlMs + LOCK_KEEP_MS) } },
        { upsert: true },
      ),
    );
    return holder;
  } catch (err) {
    if (isDuplicateKey(err)) return undefined;
    throw err;
  }
}

/** Only the holder's own record is expired: a holder that outlived its ttl cannot free a successor's lock. */
export async function unlock(m: NativeModels, ns: string, key: string, holder: string): Promise<void> {
  await m.Lock.updateOne({ _id: `${ns}:${key}`, holder }, { $set: { expiresAt: new Date(0) } });
}

export async function purgeNative(m: NativeModels, now: Date): Promise<void> {
  await Promise.all([m.Counter.deleteMany({ expiresAt: { $lt: now } }), m.Lock.deleteMany({ purgeAt: { $lt: now } })]);
}
