import type { Model } from 'mongoose';

/**
 * The one place that knows how a duplicate key looks. A unique-index insert is the one decision
 * FerretDB 1.24 keeps exact under concurrency, so every "did I create it, or was it already there"
 * goes through here (hapipal's `Bounce.ignore(err, UniqueViolationError)`, named once).
 */
export function isDuplicateKey(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { code?: unknown }).code === 11000);
}

/**
 * FerretDB 2 over PostgreSQL (DocumentDB) enforces unique indexes as exclusion constraints: two inserts
 * of one key racing can abort one of them with PostgreSQL's `deadlock detected`, which FerretDB answers
 * as code 16908292 (seen in issue 22), and MongoDB answers a write conflict as 112. Neither says whether
 * the key is taken: the write is tried again, and then either lands or meets the duplicate it raced.
 */
export const DEADLOCK_DETECTED = 16908292;
const WRITE_CONFLICT = 112;

export function isRetryableConflict(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code, errorLabels } = err as { code?: unknown; errorLabels?: unknown };
  return code === DEADLOCK_DETECTED || code === WRITE_CONFLICT || (Array.isArray(errorLabels) && errorLabels.includes('TransientTransactionError'));
}

/** Tries conflicts again; the sixth conflict in a row is thrown (something is wrong beyond a race). */
const CONFLICT_ATTEMPTS = 6;

export async function retryingConflicts<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isRetryableConflict(err) || attempt >= CONFLICT_ATTEMPTS) throw err;
      // the other transaction commits within milliseconds; a little jitter keeps racers from meeting again
      await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt));
    }
  }
}

export type InsertResult<T> = { created: true; doc: T } | { created: false };

/** Inserts `doc`; `{created: false}` when a unique index already holds its key, other errors thrown. */
export async function insertUnique<T>(model: Model<T>, doc: Partial<T> & Record<string, unknown>): Promise<InsertResult<InstanceType<Model<T>>>> {
  try {
    return { created: true, doc: (await retryingConflicts(() => model.create(doc))) as InstanceType<Model<T>> };
  } catch (err) {
    if (isDuplicateKey(err)) return { created: false };
    throw err;
  }
}

/** Runs a write that may hit a unique index; `onDuplicate` answers instead of the duplicate-key error. */
export async function onDuplicate<T, D>(write: () => Promise<T>, answer: () => D | Promise<D>): Promise<T | D> {
  try {
    return await retryingConflicts(write);
  } catch (err) {
    if (isDuplicateKey(err)) return answer();
    throw err;
  }
}

/**
 * An unordered `insertMany` of keys some of which may already be held (a backfill racing live writers):
 * those are skipped, as wanted; any other refusal is thrown.
 */
export async function insertAbsent(write: () => Promise<unknown>): Promise<void> {
  try {
    await retryingConflicts(write);
  } catch (err) {
    const each = (err as { writeErrors?: unknown }).writeErrors;
    if (Array.isArray(each) && each.length ? each.every(isDuplicateKey) : isDuplicateKey(err)) return;
    throw err;
  }
}
