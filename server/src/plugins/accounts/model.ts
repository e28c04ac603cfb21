import { Schema, type Connection, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { Claims } from '../../db/claims.js';

export const ROLES = ['resident', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ACCOUNT_STATUSES = ['pending_activation', 'pending_phone', 'active'] as const;

const userSchema = new Schema(
  {
    /** Normalised (trimmed, lower-cased) so uniqueness needs no collation. */
    email: { type: String, required: true, unique: true },
    passwordHash: { type: String },
    firstName: { type: String, default: '' },
    lastName: { type: String, default: '' },
    /** E.164. */
    phone: { type: String, default: '' },
    phoneVerifiedAt: { type: Date },
    /** A changed phone waiting for its SMS code (profiles that verify phones). */
    pendingPhone: { type: String },
    emailVerifiedAt: { type: Date },
    locale: { type: String, enum: ['pl', 'en', 'de'], default: 'pl' },
    role: { type: String, enum: ROLES, default: 'resident', index: true },
    department: { type: String },
    district: { type: String },
    /** Keyed hash of the PESEL (HMAC with DATA_KEY): exact-match lookups without a readable PESEL. Uniqueness: pesel_registry. */
    peselHash: { type: String, index: true },
    /** Sealed PESEL for the resident's own export and admins' identity checks. */
    peselSealed: { type: String },
    status: { type: String, enum: ACCOUNT_STATUSES, default: 'pending_activation' },
    blockedAt: { type: Date },
    blockedReason: { type: String },
    /** Bumped on password change/reset, block and deletion: every access token issued before dies at once. */
    tokenVersion: { type: Number, default: 0 },
    /** Set until the activation email is queued; a sweeper finishes the job if we crashed in between. */
    pendingMail: { type: String },
    lastActivationMailAt: { type: Date },
    lastResetMailAt: { type: Date },
    source: { type: String, enum: ['register', 'cli', 'import', 'admin'], default: 'register' },
    importKey: { type: String },
  },
  { timestamps: true, strict: true, collection: 'users' },
);
userSchema.index({ pendingMail: 1, createdAt: 1 });
/** The admin's account list, newest first. */
userSchema.index({ createdAt: -1 });

export type UserFields = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<UserFields>;

/** Activation and reset links: only the SHA-256 of the token is kept. */
const accountTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    purpose: { type: String, enum: ['activate', 'reset', 'email_change', 'phone'], required: true },
    tokenHash: { type: String, required: true, unique: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    data: { type: Schema.Types.Mixed },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'account_tokens' },
);

/** Refresh tokens, one document per issued token; a family is one sign-in and its rotations. */
const refreshTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    familyId: { type: String, required: true, index: true },
    tokenHash: { type: String, required: true, unique: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'refresh_tokens' },
);

/** SMS codes: keyed hash only; tries and use are counted with claims. */
const phoneCodeSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    purpose: { type: String, enum: ['register', 'change'], required: true },
    phone: { type: String, required: true, index: true },
    codeHash: { type: String, required: true },
    clientKey: { type: String, index: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'phone_codes' },
);

/** One document per registered PESEL, keyed by its hash: the unique _id makes "one account per PESEL" hold under any race. */
const peselRegistrySchema = new Schema(
  { _id: { type: String, required: true }, userId: { type: Schema.Types.ObjectId, required: true, index: true } },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'pesel_registry', versionKey: false },
);

/** One document per failed sign-in (per account key and per client key); counted over the last hour. */
const loginFailureSchema = new Schema(
  {
    key: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: true, collection: 'login_failures', versionKey: false },
);
loginFailureSchema.index({ key: 1, at: -1 });

export function accountModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    AccountToken: conn.model('AccountToken', accountTokenSchema),
    RefreshToken: conn.model('RefreshToken', refreshTokenSchema),
    LoginFailure: conn.model('LoginFailure', loginFailureSchema),
    PhoneCode: conn.model('PhoneCode', phoneCodeSchema),
    PeselRegistry: conn.model('PeselRegistry', peselRegistrySchema),
    claims: new Claims(conn),
  };
}
export type AccountModels = ReturnType<typeof accountModels>;

/** What the resident (and the widget) sees of an account. Never hashes, never internal flags. */
export function toProfile(user: UserDoc | (UserFields & { _id: unknown })) {
  return {
    id: String(user._id),
    email: user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    phone: user.phone ?? '',
    phoneVerified: Boolean(user.phoneVerifiedAt),
    pendingPhone: user.pendingPhone ?? undefined,
    hasPesel: Boolean(user.peselHash),
    locale: user.locale ?? 'pl',
    role: user.role ?? 'resident',
    department: user.department ?? undefined,
    district: user.district ?? undefined,
    status: user.status,
    blocked: Boolean(user.blockedAt),
    createdAt: (user as { createdAt?: Date }).createdAt?.toISOString(),
  };
}
export type Profile = ReturnType<typeof toProfile>;
