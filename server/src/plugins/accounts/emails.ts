import { Schema, Types, type Model } from 'mongoose';
import type { Concurrency } from '../../db/concurrency.js';
import { insertAbsent, onDuplicate } from '../../db/unique.js';
import { normalizeEmail, type AccountModels, type UserDoc } from './model.js';

/**
 * Finding an account by its email, on every engine, in about the time of an `_id` look-up.
 *
 * MongoDB and FerretDB 2 answer `{email}` from the unique index: there this is that one query. FerretDB
 * 1.24 (the embedded engine) uses no field index and decodes every account for it (1–13 s at 10k
 * accounts under load, docs/performance.md); the one filter it answers cheaply is an exact `_id`. So on
 * that engine (the one the concurrency layer's start-up proof finds not atomic, db/capabilities.ts)
 * `account_emails` maps each (normalised) address to its account:
 * one `_id` look-up, then the account by `_id`, whose own email must still be the address.
 *
 * The users' unique email index stays the one authority (who may hold an address is decided there,
 * never here). What the map promises, so that a missing entry can be answered "no such account" without
 * a scan (an unknown address must not answer later than a known one; that would tell who has an
 * account): every account's address has an entry. Writers put the entry before the account takes the
 * address (a crash in between leaves an extra entry, never a missing one) and again after (a removal
 * racing it is undone); removals look at the users again afterwards. An entry that names another
 * account, or none, is only a hint: it costs that look-up the old query, which repairs it. The sweep
 * (at start, before the first look-up is answered, then periodically) adds what is missing (accounts
 * written around this file: imports of old data, the benchmark's seeding), re-points what is stale,
 * and removes entries of addresses no account holds.
 */
type Entry = { _id: string; user: Types.ObjectId };
const entrySchema = new Schema<Entry>(
  { _id: { type: String, required: true }, user: { type: Schema.Types.ObjectId, required: true } },
  { collection: 'account_emails', strict: true, versionKey: false },
);

/** No account has it: the unknown address's look-up by `_id`, so that it costs what a known one does. */
const NOBODY = new Types.ObjectId('000000000000000000000000');
const BATCH = 500;

export class AccountEmails {
  readonly Entry: Model<Entry>;
  private sweeping?: Promise<SweepResult>;
  private swept = false;

  constructor(
    private readonly User: AccountModels['User'],
    private readonly layer: Pick<Concurrency, 'mode'>,
  ) {
    const conn = User.db;
    this.Entry = (conn.models.AccountEmail ?? conn.model('AccountEmail', entrySchema)) as Model<Entry>;
  }

  /** The map is kept and read only where the engine cannot answer `{email}` from an index. */
  get used(): boolean {
    return this.layer.mode === 'emulated';
  }

  /**
   * The entry's key: the normalised address itself (as the users keep it), not a keyed hash: every
   * process writing accounts (the server, the CLI with another DATA_KEY) must name one entry alike.
   */
  keyOf(email: string): string {
    return normalizeEmail(email);
  }

  /** The account holding this address, or null. `lean` for the sign-in (no document hydration). */
  async find(address: string, lean = false): Promise<UserDoc | null> {
    const email = normalizeEmail(address);
    if (!this.used) return this.byQuery(email, lean);
    if (!this.swept) await this.sweep();
    const entry = await this.Entry.findById(this.keyOf(email)).lean<Entry>();
    // an unknown address makes the same two look-ups as a known one
    const user = await this.byId(entry?.user ?? NOBODY, lean);
    if (!entry || user?.email === email) return user;
    // an entry naming another account or none: the old query decides, and the entry follows it
    const holder = await this.byQuery(email, lean);
    if (holder) await this.put(email, holder._id);
    return holder;
  }

  /** Before and after an account takes an address (registration, import, an email change): see the class comment. */
  async put(email: string, user: Types.ObjectId): Promise<void> {
    if (!this.used) return;
    const _id = this.keyOf(email);
    // an insert that meets the entry proves it exists after the account's write; then it is pointed here
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = await onDuplicate(
        () => this.Entry.collection.insertOne({ _id, user } as never).then(() => true),
        () => false,
      );
      if (inserted || (await this.Entry.updateOne({ _id }, { $set: { user } })).matchedCount) return;
    }
  }

  /** After an account gave the address up (erased, changed, cancelled): its entry goes, unless the address has a new holder. */
  async release(email: string, user: Types.ObjectId): Promise<void> {
    if (!this.used) return;
    const removed = await this.Entry.deleteOne({ _id: this.keyOf(email), user });
    if (!removed.deletedCount) return;
    // an account that took the address meanwhile may have written its entry just before this removal
    const holder = await this.User.findOne({ email: normalizeEmail(email) }, { _id: 1 }).lean();
    if (holder) await this.put(email, holder._id);
  }

  /** One pass over the accounts and the map (idempotent): adds, re-points, removes. Concurrent calls share a pass. */
  sweep(): Promise<SweepResult> {
    if (!this.used) return Promise.resolve({ added: 0, repointed: 0, removed: 0 });
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<SweepResult> {
    const held = new Map<string, { email: string; user: Types.ObjectId }>();
    for await (const u of this.User.find({}, { email: 1 }).lean<{ _id: Types.ObjectId; email: string }>().cursor())
      held.set(this.keyOf(u.email), { email: u.email, user: u._id });
    const entries = new Map((await this.Entry.find({}).lean<Entry[]>()).map((e) => [e._id, e.user]));
    const missing = [...held].filter(([key]) => !entries.has(key)).map(([_id, h]) => ({ _id, user: h.user }));
    // an entry another writer put meanwhile is already there, which is what was wanted
    for (let i = 0; i < missing.length; i += BATCH)
      await insertAbsent(() => this.Entry.collection.insertMany(missing.slice(i, i + BATCH) as never[], { ordered: false }));
    const stale = [...held].filter(([key, h]) => entries.has(key) && String(entries.get(key)) !== String(h.user));
    for (const [_id, h] of stale) await this.Entry.updateOne({ _id }, { $set: { user: h.user } });
    const orphans = [...entries].filter(([key]) => !held.has(key));
    for (const [_id, user] of orphans) await this.Entry.deleteOne({ _id, user });
    if (orphans.length) {
      // accounts created during this pass on one of those addresses: their entries are put back
      const ids = new Set([...held.values()].map((h) => String(h.user)));
      for await (const u of this.User.find({}, { email: 1 }).lean<{ _id: Types.ObjectId; email: string }>().cursor())
        if (!ids.has(String(u._id))) await this.put(u.email, u._id);
    }
    this.swept = true;
    return { added: missing.length, repointed: stale.length, removed: orphans.length };
  }

  private byQuery(email: string, lean: boolean): Promise<UserDoc | null> {
    const query = this.User.findOne({ email });
    return lean ? query.lean<UserDoc>() : query;
  }

  private byId(id: Types.ObjectId, lean: boolean): Promise<UserDoc | null> {
    const query = this.User.findById(id);
    return lean ? query.lean<UserDoc>() : query;
  }
}

export interface SweepResult {
  added: number;
  repointed: number;
  removed: number;
}
