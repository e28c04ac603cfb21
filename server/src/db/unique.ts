import type { Model } from 'mongoose';

/**
 * The one place that knows how a duplicate key looks. A unique-index insert is the one decision
 * FerretDB 1.24 keeps exact under concurrency, so every "did I create it, or was it already there"
 * goes through here (hapipal's `Bounce.ignore(err, UniqueViolationError)`, named once).
 */
export function isDuplicateKey(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && (err as { code?: unknown }).code === 11000);
}

export type InsertResult<T> = { created: true; doc: T } | { created: false };

/** Inserts `doc`; `{created: false}` when a unique index already holds its key, other errors thrown. */
export async function insertUnique<T>(model: Model<T>, doc: Partial<T> & Record<string, unknown>): Promise<InsertResult<InstanceType<Model<T>>>> {
  try {
    return { created: true, doc: (await model.create(doc)) as InstanceType<Model<T>> };
  } catch (err) {
    if (isDuplicateKey(err)) return { created: false };
    throw err;
  }
}

/** Runs a write that may hit a unique index; `onDuplicate` answers instead of the duplicate-key error. */
export async function onDuplicate<T, D>(write: () => Promise<T>, answer: () => D | Promise<D>): Promise<T | D> {
  try {
    return await write();
  } catch (err) {
    if (isDuplicateKey(err)) return answer();
    throw err;
  }
}
