import { createHmac, randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { models } from './records.js';
import { isDuplicateKey, retryingConflicts } from './unique.js';
import { proveAtomicity, type ConcurrencyMode } from './capabilities.js';
import { nativeModels, purgeNative, releaseCounter, takeCounter, tryLock, unlock, usedCounter } from './native.js';
import { LeaseBusyError, type LeaseSpec, type OnceSpec, type SequenceSpec, type SlotResult, type SlotSpec } from './specs.js';

/**
 * The concurrency layer: every "only one may do this", "at most N per window" and lock in CivicKit.
 *
 * Why it exists: FerretDB 1.24 (our embedded and test engine) makes neither conditional updates,
 * findOneAndUpdate nor $inc atomic across connections (4 workers "won" 71–75 exclusive claims on 50
 * documents; 200 concurrent $inc kept 3–12), while a unique-index insert IS exact. So each primitive
 * here reduces its decision to unique inserts, which are exact on MongoDB too. Domains say *what*
 * (a namespace with its limit and expiry); this file decides *how*. Nothing outside `db/` builds claim
 * keys, counts-then-inserts or catches duplicate keys (see unique.ts).
 *
 * Every record carries `expiresAt`, owned by its namespace; `purge()` removes what has expired.
 * Keys are HMAC'd before they are stored: an email or an address used as a limit key is not kept.
 */

export type { OnceSpec, SlotSpec, SequenceSpec, LeaseSpec, SlotResult } from './specs.js';
export { LeaseBusyError } from './specs.js';

interface SlotDoc {
  _id: string;
  n: number;
  at: Date;
}
interface LeaseDoc {
  _id: string;
  gen: number;
  expiresAt: Date;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A lease record outlives its expiry this long, so no stale reader can re-insert a generation it has not seen. */
const LEASE_RECORD_KEEP_MS = 3_600_000;
/** Contention bound for one take: each round is one read and one insert, and a round only fails when another caller won. */
const MAX_ROUNDS = 400;

export class SpendOnce {
  constructor(
    private readonly layer: Concurrency,
    readonly spec: OnceSpec,
  ) {}

  /** True for exactly one caller per key, on every node. */
  async spend(key: string): Promise<boolean> {
    try {
      const record = { _id: `${this.spec.name}:${this.layer.hashKey(key)}`, ns: this.spec.name, expiresAt: new Date(Date.now() + this.spec.ttlMs) };
      await retryingConflicts(() => this.layer.models.Once.collection.insertOne(record as never));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /** Whether the key was spent (for read-only checks such as "is this family revoked"). */
  async spent(key: string): Promise<boolean> {
    return Boolean(await this.layer.models.Once.exists({ _id: `${this.spec.name}:${this.layer.hashKey(key)}` }));
  }
}

/**
 * Slots 1..limit per (key, window), each a unique insert: whoever inserts slot n holds it, so no more
 * than `limit` callers ever succeed in one window, however many race. A caller starts at the first
 * slot it does not see taken and moves up only when another caller won that slot.
 */
export class SlotCounter {
  constructor(
    protected readonly layer: Concurrency,
    readonly spec: SlotSpec,
  ) {}

  protected window(now: number) {
    if (!this.spec.windowMs) return { w: 0, endsAt: now + (this.spec.ttlMs ?? 86_400_000) };
    const w = Math.floor(now / this.spec.windowMs);
    return { w, endsAt: (w + 1) * this.spec.windowMs };
  }

  /** Plain slots count natively on an atomic engine; a sequence needs each slot's time, so it always keeps slot records. */
  protected get counts(): boolean {
    return this.layer.mode === 'native';
  }

  private counterId(key: string, w: number): string {
    return `${this.spec.name}:${key}:${w}`;
  }

  protected async taken(key: string, w: number): Promise<SlotDoc[]> {
    return this.layer.models.Slot.find({ ns: this.spec.name, key, w }, { n: 1, at: 1 }).lean<SlotDoc[]>();
  }

  protected async insert(key: string, w: number, n: number, endsAt: number): Promise<boolean> {
    try {
      const record = { _id: `${this.spec.name}:${key}:${w}:${n}`, ns: this.spec.name, key, w, n, at: new Date(), expiresAt: new Date(endsAt) };
      await retryingConflicts(() => this.layer.models.Slot.collection.insertOne(record as never));
      return true;
    } catch (err) {
      if (isDuplicateKey(err)) return false;
      throw err;
    }
  }

  /**
   * Takes a slot for `key` in the current window, or says how many seconds until the window ends.
   * `limit` may be the key's own (an API key's rate); concurrent callers of one key must pass the same.
   */
  async take(rawKey: string, limit = this.spec.limit): Promise<SlotResult> {
    const key = this.layer.hashKey(rawKey);
    const now = Date.now();
    const { w, endsAt } = this.window(now);
    const refused = { ok: false as const, retryAfter: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
    if (this.counts) {
      const n = await takeCounter(this.layer.native, this.counterId(key, w), { ns: this.spec.name, key, w, expiresAt: new Date(endsAt) }, limit);
      return n === undefined ? refused : { ok: true, n };
    }
    // most keys are fresh (a new address, a new client): slot 1 is tried blind, one round trip and no read
    if (limit >= 1 && (await this.insert(key, w, 1, endsAt))) return { ok: true, n: 1 };
    const seen = new Set((await this.taken(key, w)).map((s) => s.n));
    for (let n = 1; n <= limit; n++) {
      if (seen.has(n)) continue;
      if (await this.insert(key, w, n, endsAt)) return { ok: true, n };
    }
    return refused;
  }

  /** Slots taken for `key` in the current window (for display and tests; decisions use take()). */
  async used(rawKey: string): Promise<number> {
    const key = this.layer.hashKey(rawKey);
    const { w } = this.window(Date.now());
    return this.counts ? usedCounter(this.layer.native, this.counterId(key, w)) : (await this.taken(key, w)).length;
  }

  /** Gives a slot back (the thing it paid for did not happen, e.g. a sign-in that succeeded). */
  async release(rawKey: string, n: number): Promise<void> {
    const key = this.layer.hashKey(rawKey);
    const { w } = this.window(Date.now());
    if (this.counts) await releaseCounter(this.layer.native, this.counterId(key, w));
    else await this.layer.models.Slot.deleteOne({ _id: `${this.spec.name}:${key}:${w}:${n}` });
  }

  /** Forgets every slot of `key` (a sign-in that proved the password clears its failures). */
  async clear(rawKey: string): Promise<void> {
    const filter = { ns: this.spec.name, key: this.layer.hashKey(rawKey) };
    await (this.counts ? this.layer.native.Counter.deleteMany(filter) : this.layer.models.Slot.deleteMany(filter));
  }
}

/**
 * Slots taken strictly in order, slot n only once `gate` allows it after slot n-1: sign-in failures
 * with growing delays. The decision for slot n reads slot n-1 (immutable once written) and then
 * inserts slot n, so two callers can never both pass the gate for the same n.
 */
export class SequenceLimiter extends SlotCounter {
  constructor(
    layer: Concurrency,
    readonly sequence: SequenceSpec,
  ) {
    super(layer, sequence);
  }

  protected override get counts(): boolean {
    return false;
  }

  /**
   * Takes the lowest free slot: a slot given back (a sign-in that proved its password) is taken again,
   * so callers that all give theirs back never climb into the delays, however many overlap. Slot n-1
   * is then always taken, and its time decides the gate.
   */
  override async take(rawKey: string): Promise<SlotResult> {
    const key = this.layer.hashKey(rawKey);
    // a fresh key's slot 1 needs no read when its gate cannot hold it (sign-in back-off; not a cooldown)
    const now = Date.now();
    const first = this.window(now);
    const blind = !this.sequence.acrossWindows && this.spec.limit >= 1 && this.sequence.gate(1, undefined, now) === 0;
    if (blind && (await this.insert(key, first.w, 1, first.endsAt + this.spec.windowMs))) return { ok: true, n: 1 };
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = Date.now();
      const { w, endsAt } = this.window(now);
      const slots = await this.taken(key, w);
      const held = new Set(slots.map((s) => s.n));
      let n = 1;
      while (held.has(n)) n++;
      if (n > this.spec.limit) return { ok: false, retryAfter: Math.max(1, Math.ceil((endsAt - now) / 1000)) };
      const previous =
        n > 1 || !this.sequence.acrossWindows
          ? slots.find((s) => s.n === n - 1)?.at
          : (await this.taken(key, w - 1)).reduce<Date | undefined>((last, s) => (!last || s.at > last ? s.at : last), undefined);
      const wait = this.sequence.gate(n, previous, now);
      if (wait > 0) return { ok: false, retryAfter: Math.max(1, Math.ceil(wait / 1000)) };
      if (await this.insert(key, w, n, endsAt + this.spec.windowMs)) return { ok: true, n };
    }
    return { ok: false, retryAfter: 1 };
  }

  /** Marks slot n as spent for good (a failed sign-in): clearSettled() forgets it, a concurrent caller's open slot it does not. */
  async settle(rawKey: string, n: number): Promise<void> {
    const key = this.layer.hashKey(rawKey);
    await this.layer.models.Slot.updateOne({ _id: `${this.spec.name}:${key}:${this.window(Date.now()).w}:${n}` }, { $set: { settled: true } });
  }

  /** Forgets the settled slots of `key`; slots still open (attempts in flight) stay theirs. */
  async clearSettled(rawKey: string): Promise<void> {
    await this.layer.models.Slot.deleteMany({ ns: this.spec.name, key: this.layer.hashKey(rawKey), settled: true });
  }
}

/**
 * A lock across nodes: generations 1, 2, 3… of a key, each a unique insert. The holder of the newest
 * live generation holds the lock; it releases by expiring its record, a crashed holder's record
 * expires by itself. Inside one process callers queue locally first, so only one of them polls.
 */
export class LeaseLock {
  private readonly local = new Map<string, Promise<unknown>>();
  constructor(
    private readonly layer: Concurrency,
    readonly spec: LeaseSpec,
  ) {}

  async run<T>(rawKey: string, work: () => Promise<T>): Promise<T> {
    const key = this.layer.hashKey(rawKey);
    const previous = this.local.get(key) ?? Promise.resolve();
    const current = previous.catch(() => {}).then(() => this.holding(key, work));
    const tail = current.catch(() => {});
    this.local.set(key, tail);
    try {
      return await current;
    } finally {
      if (this.local.get(key) === tail) this.local.delete(key);
    }
  }

  private async holding<T>(key: string, work: () => Promise<T>): Promise<T> {
    const release = this.layer.mode === 'native' ? await this.acquireNative(key) : await this.acquire(key);
    try {
      return await work();
    } finally {
      await release().catch(() => {});
    }
  }

  /** One conditional upsert a try (native.ts); polls with the same back-off as the emulation while another node holds it. */
  private async acquireNative(key: string): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.spec.waitMs;
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const holder = await tryLock(this.layer.native, this.spec.name, key, this.spec.ttlMs);
      if (holder) return () => unlock(this.layer.native, this.spec.name, key, holder);
      if (Date.now() + pause > deadline) throw new LeaseBusyError(this.spec.name);
      await sleep(pause);
    }
  }

  private async acquire(key: string): Promise<() => Promise<void>> {
    const { Lease } = this.layer.models;
    const deadline = Date.now() + this.spec.waitMs;
    const holder = randomUUID();
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const now = Date.now();
      const top = await Lease.findOne({ ns: this.spec.name, key }, { gen: 1, expiresAt: 1 }).sort({ gen: -1 }).lean<LeaseDoc>();
      if (!top || top.expiresAt.getTime() <= now) {
        const gen = (top?.gen ?? 0) + 1;
        const id = `${this.spec.name}:${key}:${gen}`;
        let inserted = false;
        try {
          const expiresAt = new Date(now + this.spec.ttlMs);
          const record = { _id: id, ns: this.spec.name, key, gen, holder, expiresAt, purgeAt: new Date(now + this.spec.ttlMs + LEASE_RECORD_KEEP_MS) };
          await retryingConflicts(() => Lease.collection.insertOne(record as never));
          inserted = true;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        // a reader older than the purge horizon could re-insert a forgotten generation: the newest one wins
        // only the holder writes its own record, so a plain update releases it on any engine
        if (inserted && !(await Lease.exists({ ns: this.spec.name, key, gen: { $gt: gen } })))
          return async () => void (await Lease.updateOne({ _id: id }, { $set: { expiresAt: new Date(0) } }));
        if (inserted) await Lease.deleteOne({ _id: id, holder });
        continue;
      }
      if (Date.now() + pause > deadline) throw new LeaseBusyError(this.spec.name);
      await sleep(pause);
    }
  }
}

export class Concurrency {
  readonly models;
  readonly native;
  /**
   * How decisions are made: unique inserts (exact on every engine) until start() proves the engine
   * atomic, then one-round-trip native operations (native.ts). Spend-once is a unique insert either way:
   * that is already one round trip, and exact everywhere.
   */
  mode: ConcurrencyMode = 'emulated';
  /** What the start-up proof found (capabilities.ts), for the start log. */
  why = 'not proven yet';
  private readonly registered = new Map<string, 'once' | 'slots' | 'lease'>();
  /** One lock object per namespace: callers in this process queue on it instead of polling the database each. */
  private readonly leases = new Map<string, LeaseLock>();

  constructor(
    private readonly conn: Connection,
    private readonly keySecret: string = 'civickit',
  ) {
    this.models = models(conn);
    this.native = nativeModels(conn);
  }

  /** Asks the engine once what it can do (capabilities.ts) and decides for every primitive of this layer. */
  async start(): Promise<ConcurrencyMode> {
    const proof = await proveAtomicity(this.conn);
    this.mode = proof.mode;
    this.why = proof.why;
    return this.mode;
  }

  /** Stored keys are HMACs: a limit keyed by an email or an address does not keep the email or address. */
  hashKey(key: string): string {
    return createHmac('sha256', this.keySecret).update(key).digest('base64url').slice(0, 32);
  }

  private register(name: string, kind: 'once' | 'slots' | 'lease'): void {
    if (name.includes(':')) throw new Error(`namespace ${name}: no colons`);
    const known = this.registered.get(name);
    if (known && known !== kind) throw new Error(`namespace ${name} is already a ${known}`);
    this.registered.set(name, kind);
  }

  once(spec: OnceSpec): SpendOnce {
    this.register(spec.name, 'once');
    return new SpendOnce(this, spec);
  }

  slots(spec: SlotSpec): SlotCounter {
    this.register(spec.name, 'slots');
    return new SlotCounter(this, spec);
  }

  sequence(spec: SequenceSpec): SequenceLimiter {
    this.register(spec.name, 'slots');
    return new SequenceLimiter(this, spec);
  }

  lease(spec: LeaseSpec): LeaseLock {
    this.register(spec.name, 'lease');
    let lock = this.leases.get(spec.name);
    if (!lock) this.leases.set(spec.name, (lock = new LeaseLock(this, spec)));
    return lock;
  }

  /** Removes every record whose namespace no longer needs it (runs periodically on every node; idempotent). */
  async purge(now = new Date()): Promise<void> {
    await Promise.all([
      this.models.Once.deleteMany({ expiresAt: { $lt: now } }),
      this.models.Slot.deleteMany({ expiresAt: { $lt: now } }),
      this.models.Lease.deleteMany({ purgeAt: { $lt: now } }),
      purgeNative(this.native, now),
    ]);
  }
}

/** One layer per connection: every domain on a connection shares it (and its namespaces). */
const layers = new WeakMap<Connection, Concurrency>();
export function concurrencyFor(conn: Connection, keySecret?: string): Concurrency {
  let layer = layers.get(conn);
  if (!layer) {
    layer = new Concurrency(conn, keySecret);
    layers.set(conn, layer);
  }
  return layer;
}
