import { Schema, type Connection } from 'mongoose';

/**
 * Exclusive claims by unique insert. On FerretDB 1.24 (SQLite) a conditional findOneAndUpdate,
 * updateOne or $inc is NOT atomic across connections (measured: 57 "exclusive" claims of 50
 * documents by 4 workers, 178 of 200 increments kept), while a unique-index insert is. So every
 * "only one may do this" decision (sending an outbox attempt, spending a one-time token, rotating
 * a refresh token) takes a claim here first; on MongoDB this is equally correct.
 */
const claimSchema = new Schema({ _id: { type: String, required: true }, at: { type: Date, default: () => new Date() } }, { collection: 'claims', strict: true, versionKey: false });
claimSchema.index({ at: 1 });

export class Claims {
  private readonly model;
  constructor(conn: Connection) {
    this.model = conn.models.Claim ?? conn.model('Claim', claimSchema);
  }

  /** True for exactly one caller per key, ever (until purged). */
  async take(key: string): Promise<boolean> {
    try {
      await this.model.collection.insertOne({ _id: key as never, at: new Date() });
      return true;
    } catch (err) {
      if ((err as { code?: number }).code === 11000) return false;
      throw err;
    }
  }

  /** Claims only matter while the thing they guard can still be acted on (tokens live ≤ 30 days). */
  async purgeOlderThan(ms: number): Promise<void> {
    await this.model.deleteMany({ at: { $lt: new Date(Date.now() - ms) } });
  }
}
