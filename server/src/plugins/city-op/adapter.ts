import { Schema, type Connection, type Model } from 'mongoose';
import { errors } from 'oidc-provider';
import type { SpendOnce } from '../../db/concurrency.js';

/**
 * oidc-provider's storage on our database: one collection for every model it keeps (sessions,
 * interactions, grants, codes, tokens). What must happen once, redeeming an authorization code and
 * rotating a refresh token (both reach `consume`), is decided by the concurrency layer's spend-once
 * (FerretDB makes no conditional update atomic): of 50 concurrent redemptions exactly one goes on
 * to a token response, the others get `invalid_grant`. Expiry is a stored timestamp, read on find and
 * purged by the housekeeping job (no TTL indexes on FerretDB).
 */
export interface ArtifactDoc {
  _id: string;
  kind: string;
  payload: Record<string, unknown>;
  grantId?: string;
  accountId?: string;
  uid?: string;
  userCode?: string;
  consumedAt?: Date;
  expiresAt?: Date;
}

const artifactSchema = new Schema<ArtifactDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    payload: { type: Schema.Types.Mixed, required: true },
    grantId: String,
    accountId: String,
    uid: String,
    userCode: String,
    consumedAt: Date,
    expiresAt: Date,
  },
  { collection: 'oidc_artifacts', strict: true, versionKey: false, minimize: false },
);
artifactSchema.index({ grantId: 1 });
artifactSchema.index({ accountId: 1 });
artifactSchema.index({ kind: 1, uid: 1 });
artifactSchema.index({ kind: 1, userCode: 1 });
artifactSchema.index({ expiresAt: 1 });

export const artifactModel = (conn: Connection) => (conn.models.OidcArtifact ?? conn.model('OidcArtifact', artifactSchema)) as Model<ArtifactDoc>;

/** The adapter class oidc-provider instantiates once per model name. */
export function adapterFor(Artifacts: Model<ArtifactDoc>, consumed: SpendOnce) {
  const idOf = (kind: string, id: string) => `${kind}:${id}`;
  const live = (doc: ArtifactDoc | null) => {
    if (!doc || (doc.expiresAt && doc.expiresAt.getTime() <= Date.now())) return undefined;
    return doc.consumedAt ? { ...doc.payload, consumed: Math.floor(doc.consumedAt.getTime() / 1000) } : doc.payload;
  };
  return class MongooseAdapter {
    constructor(private readonly kind: string) {}

    async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number): Promise<void> {
      const fields = {
        kind: this.kind,
        payload,
        grantId: payload.grantId as string | undefined,
        accountId: payload.accountId as string | undefined,
        uid: payload.uid as string | undefined,
        userCode: payload.userCode as string | undefined,
        ...(expiresIn ? { expiresAt: new Date(Date.now() + expiresIn * 1000) } : {}),
      };
      await Artifacts.replaceOne({ _id: idOf(this.kind, id) }, fields, { upsert: true });
    }

    async find(id: string) {
      return live(await Artifacts.findById(idOf(this.kind, id)).lean());
    }

    async findByUid(uid: string) {
      return live(await Artifacts.findOne({ kind: this.kind, uid }).lean());
    }

    async findByUserCode(userCode: string) {
      return live(await Artifacts.findOne({ kind: this.kind, userCode }).lean());
    }

    /** The one place a code or refresh token is spent: the loser of a race is refused like a replay. */
    async consume(id: string): Promise<void> {
      if (!(await consumed.spend(idOf(this.kind, id)))) throw new errors.InvalidGrant(`${this.kind} already consumed`);
      await Artifacts.updateOne({ _id: idOf(this.kind, id) }, { $set: { consumedAt: new Date() } });
    }

    async destroy(id: string): Promise<void> {
      await Artifacts.deleteOne({ _id: idOf(this.kind, id) });
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await Artifacts.deleteMany({ grantId });
    }
  };
}

/** Removes what has expired (the housekeeping job). */
export async function purgeExpired(Artifacts: Model<ArtifactDoc>, now = new Date()): Promise<number> {
  const { deletedCount } = await Artifacts.deleteMany({ expiresAt: { $lt: now } });
  return deletedCount;
}
