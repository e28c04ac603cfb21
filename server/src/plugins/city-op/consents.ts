import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What a resident has granted each application: one record per account and client, holding the
 * oidc-provider grant that carries the scopes. It makes consent "remembered per client" across
 * sign-ins (loadExistingGrant reads it), lists the resident's connected applications, and says which
 * accounts used a client (webhooks carry a pairwise sub only for those).
 */
export interface ConsentDoc {
  _id: string;
  accountId: string;
  clientId: string;
  grantId: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date;
}

const consentSchema = new Schema<ConsentDoc>(
  {
    _id: String,
    accountId: { type: String, required: true },
    clientId: { type: String, required: true },
    grantId: { type: String, required: true },
    scopes: { type: [String], default: [] },
    createdAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
  },
  { collection: 'oidc_consents', strict: true, versionKey: false },
);
consentSchema.index({ accountId: 1 });

export const consentModel = (conn: Connection) => (conn.models.OidcConsent ?? conn.model('OidcConsent', consentSchema)) as Model<ConsentDoc>;

export const consentKey = (accountId: string, clientId: string) => `${accountId}:${clientId}`;

export class Consents {
  constructor(readonly model: Model<ConsentDoc>) {}

  async find(accountId: string, clientId: string): Promise<ConsentDoc | null> {
    return this.model.findById(consentKey(accountId, clientId)).lean();
  }

  async remember(accountId: string, clientId: string, grantId: string, scopes: string[]): Promise<void> {
    const now = new Date();
    await this.model.updateOne(
      { _id: consentKey(accountId, clientId) },
      { $set: { accountId, clientId, grantId, scopes, lastUsedAt: now }, $setOnInsert: { createdAt: now } },
      { upsert: true },
    );
  }

  async touch(accountId: string, clientId: string): Promise<void> {
    await this.model.updateOne({ _id: consentKey(accountId, clientId) }, { $set: { lastUsedAt: new Date() } });
  }

  async list(accountId: string): Promise<ConsentDoc[]> {
    return this.model.find({ accountId }).sort({ lastUsedAt: -1 }).lean();
  }

  async forget(accountId: string, clientId: string): Promise<ConsentDoc | null> {
    const doc = await this.find(accountId, clientId);
    if (doc) await this.model.deleteOne({ _id: doc._id });
    return doc;
  }
}
