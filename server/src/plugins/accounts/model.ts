import { Schema, type Connection, type InferSchemaType, type HydratedDocument } from 'mongoose';
import { canonicalEmail } from '../../lib/email-address.js';

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
    locale: { type: String, enum: ['pl', 'en', 'de', 'uk'], default: 'pl' },
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
    /** Bumped on password change/reset, email change and block: every one-time link issued before dies at once. */
    linkVersion: { type: Number, default: 0 },
    /** Set until the activation email is queued; a sweeper finishes the job if we crashed in between. */
    pendingMail: { type: String },
    /** Where the registration began (lib/return-to.ts), e.g. an application's sign-in at the city's OpenID Provider: the activation leads back there. */
    returnTo: { type: String },
    source: { type: String, enum: ['register', 'cli', 'import', 'admin', 'identity'], default: 'register' },
    /** The verified identity (login.gov.pl) that proved the PESEL and names; the PESEL is then read-only. */
    verifiedIdentity: { type: new Schema({ provider: String, loa: String, verifiedAt: Date }, { _id: false }), default: undefined },
    importKey: { type: String },
  },
  { timestamps: true, strict: true, collection: 'users' },
);
userSchema.index({ pendingMail: 1, createdAt: 1 });
/** The admin's account list, newest first. */
userSchema.index({ createdAt: -1 });

export type UserFields = InferSchemaType<typeof userSchema>;

/** Emails are stored normalised (NFKC, no zero-width characters, lower case), so uniqueness and lookups need no collation. */
export const normalizeEmail = (email: string) => canonicalEmail(email);
export type UserDoc = HydratedDocument<UserFields>;

/** Activation and reset links: only the SHA-256 of the token is kept. */
const accountTokenSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    purpose: { type: String, enum: ['activate', 'reset', 'email_change', 'phone', 'remove_methods'], required: true },
    tokenHash: { type: String, required: true, unique: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    /** The account's linkVersion when issued: a reset, password or email change, or a block bumps it and the link dies. */
    linkVersion: { type: Number, default: 0 },
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
    /** Why the session was ended (told to the widget on refresh, so it can say so): see SessionEndReason. */
    revokedReason: { type: String },
    /** When and how the family's sign-in proved the person (sessions.ts SessionAuth): refreshes keep them. */
    authTime: { type: Date },
    acr: { type: String },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'refresh_tokens' },
);

/** SMS codes: keyed hash only; tries and use are counted by the concurrency layer (limits.ts). */
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

export type AccountTokenDoc = HydratedDocument<InferSchemaType<typeof accountTokenSchema>>;

export function accountModels(conn: Connection) {
  return {
    User: conn.model('User', userSchema),
    AccountToken: conn.model('AccountToken', accountTokenSchema),
    RefreshToken: conn.model('RefreshToken', refreshTokenSchema),
    PhoneCode: conn.model('PhoneCode', phoneCodeSchema),
    PeselRegistry: conn.model('PeselRegistry', peselRegistrySchema),
  };
}
export type AccountModels = ReturnType<typeof accountModels>;

/** Accounts created from a verified identity (no email yet) hold a unique, undeliverable placeholder (RFC 2606 `.invalid`). */
export const PLACEHOLDER_EMAIL_DOMAIN = 'unconfirmed.invalid';
export const isPlaceholderEmail = (email: string) => email.endsWith(`@${PLACEHOLDER_EMAIL_DOMAIN}`);

/** What the resident (and the widget) sees of an account. Never hashes, never internal flags. */
export function toProfile(user: UserDoc | (UserFields & { _id: unknown })) {
  return {
    id: String(user._id),
    // accounts created by a verified identity have no address until the resident confirms one
    email: isPlaceholderEmail(user.email) ? '' : user.email,
    firstName: user.firstName ?? '',
    lastName: user.lastName ?? '',
    phone: user.phone ?? '',
    phoneVerified: Boolean(user.phoneVerifiedAt),
    pendingPhone: user.pendingPhone ?? undefined,
    hasPesel: Boolean(user.peselHash),
    hasPassword: Boolean(user.passwordHash),
    identity: user.verifiedIdentity
      ? { provider: user.verifiedIdentity.provider!, loa: user.verifiedIdentity.loa ?? undefined, verifiedAt: user.verifiedIdentity.verifiedAt!.toISOString() }
      : undefined,
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
