import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/** A resident's passkey: the public key and what the authenticator said about itself. */
const passkeySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    /** base64url credential ID as the browser reports it; unique across accounts. */
    credentialId: { type: String, required: true, unique: true },
    /** base64url COSE public key. */
    publicKey: { type: String, required: true },
    /** The signature counter last seen (0 for most synced passkeys, which do not count). */
    counter: { type: Number, default: 0 },
    transports: { type: [String], default: undefined },
    deviceType: { type: String, enum: ['singleDevice', 'multiDevice'], required: true },
    backedUp: { type: Boolean, default: false },
    aaguid: { type: String },
    name: { type: String, required: true },
    lastUsedAt: { type: Date },
  },
  { timestamps: true, strict: true, collection: 'passkeys', versionKey: false },
);

/**
 * A WebAuthn challenge waiting for its answer: stored only as a keyed hash, for at most 5 minutes,
 * and spent once (a claim) when an answer arrives. `userId` binds a registration challenge to the
 * signed-in account that asked for it.
 */
const challengeSchema = new Schema(
  {
    _id: { type: String, required: true },
    purpose: { type: String, enum: ['register', 'authenticate'], required: true },
    userId: { type: Schema.Types.ObjectId },
    expiresAt: { type: Date, required: true, index: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'passkey_challenges', versionKey: false },
);
challengeSchema.index({ userId: 1 });

export type PasskeyFields = InferSchemaType<typeof passkeySchema> & { _id: unknown; createdAt?: Date };

export function passkeyModels(conn: Connection) {
  return {
    Passkey: conn.models.Passkey ?? conn.model('Passkey', passkeySchema),
    PasskeyChallenge: conn.models.PasskeyChallenge ?? conn.model('PasskeyChallenge', challengeSchema),
  };
}
export type PasskeyModels = ReturnType<typeof passkeyModels>;

/** What the resident sees of a passkey (list, export): never the key or the credential ID. */
export function toPasskeyView(p: PasskeyFields) {
  return {
    id: String(p._id),
    name: p.name,
    createdAt: (p.createdAt ?? new Date()).toISOString(),
    lastUsedAt: p.lastUsedAt ? p.lastUsedAt.toISOString() : null,
    deviceType: p.deviceType as 'singleDevice' | 'multiDevice',
    backedUp: Boolean(p.backedUp),
  };
}
export type PasskeyView = ReturnType<typeof toPasskeyView>;
