import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose';

/** Requests a key may POST per minute unless the admin set another figure when issuing it. */
export const DEFAULT_RATE_LIMIT = 30;

/**
 * An integrator's API key. Only the SHA-256 of the key is stored (the key is random, so no salt or slow
 * hash is needed); `prefix` is its first characters, shown in listings so an admin can tell keys apart.
 */
const apiKeySchema = new Schema(
  {
    name: { type: String, required: true },
    hash: { type: String, required: true, unique: true },
    prefix: { type: String, required: true },
    /** POST requests allowed per minute. */
    rateLimit: { type: Number, required: true, default: DEFAULT_RATE_LIMIT },
    revokedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'api_keys' },
);

export type ApiKeyRow = InferSchemaType<typeof apiKeySchema> & { _id: Types.ObjectId; createdAt: Date };

/**
 * What an Open311 request carried beyond the report itself, keyed by the report's id: where it came
 * from, the requester's contact details (private: never in any public output), the answers to the
 * category's questions and whether the location was a real point or only an address.
 */
const requestMetaSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    source: { type: String, enum: ['open311'], default: 'open311' },
    apiKeyId: { type: Schema.Types.ObjectId, required: true },
    apiKeyName: { type: String, required: true },
    contact: {
      email: { type: String },
      firstName: { type: String },
      lastName: { type: String },
      phone: { type: String },
    },
    attributes: { type: Schema.Types.Mixed, default: {} },
    mediaUrl: { type: String },
    /** False when only address_string was given: the report then sits at the town's map centre. */
    pinpointed: { type: Boolean, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'open311_requests', versionKey: false },
);
requestMetaSchema.index({ apiKeyId: 1, createdAt: -1 });

export type RequestMetaRow = InferSchemaType<typeof requestMetaSchema> & { _id: Types.ObjectId };

export function open311Models(conn: Connection) {
  return {
    ApiKey: conn.model('ApiKey', apiKeySchema),
    RequestMeta: conn.model('Open311Request', requestMetaSchema),
  };
}
export type Open311Models = ReturnType<typeof open311Models>;
