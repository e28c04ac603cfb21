import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A verified identity linked to an account: one per (provider, subject), the pair kept as a keyed
 * hash so that the unique index makes "linked once" hold under any race and the database holds no
 * raw directory or PESEL-derived identifiers.
 */
const linkedIdentitySchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    provider: { type: String, required: true },
    /** keyedHash(DATA_KEY, 'identity', provider + '\n' + subject) */
    subjectKey: { type: String, required: true, unique: true },
    loa: { type: String, enum: ['low', 'substantial', 'high'] },
    verifiedAt: { type: Date, required: true },
    lastUsedAt: { type: Date, required: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'linked_identities' },
);

/**
 * A sign-in in progress: what start() generated, kept server-side until the provider sends the
 * browser back. Looked up by the SHA-256 of `state`; spent once (a claim); 10 minutes.
 */
const identityFlowSchema = new Schema(
  {
    stateHash: { type: String, required: true, unique: true },
    provider: { type: String, required: true },
    nonce: { type: String, required: true },
    codeVerifier: { type: String, required: true },
    requestId: { type: String },
    returnTo: { type: String, required: true },
    /** The page's hand-off challenge (API.md §3b "Hand-off binding"): base64url SHA-256 of a verifier only that page holds. */
    challenge: { type: String, required: true },
    /** Set when a signed-in resident links this provider from the account page (proven account, recent authentication). */
    linkUserId: { type: Schema.Types.ObjectId },
    expiresAt: { type: Date, required: true, index: true },
  },
  { strict: true, collection: 'identity_flows', versionKey: false },
);

/** The one-time code the browser exchanges for a session (≤ 60 s, stored as its SHA-256, spent once). */
const signinCodeSchema = new Schema(
  {
    codeHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    provider: { type: String, required: true },
    /** The challenge of the flow: only the page holding its verifier can exchange the code. */
    challenge: { type: String, required: true },
    /** How the person authenticated (the provider's LoA for login.gov.pl, else "provider"): the session's `acr`. */
    acr: { type: String },
    expiresAt: { type: Date, required: true, index: true },
  },
  { strict: true, collection: 'identity_signin_codes', versionKey: false },
);

/** POST /me/identities/link: names the signed-in account to the start it leads to (≤ 5 min, spent once, stored as its SHA-256). */
const linkTicketSchema = new Schema(
  {
    ticketHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    provider: { type: String, required: true },
    expiresAt: { type: Date, required: true, index: true },
  },
  { strict: true, collection: 'identity_link_tickets', versionKey: false },
);

export function identityModels(conn: Connection) {
  return {
    LinkTicket: conn.model('LinkTicket', linkTicketSchema),
    LinkedIdentity: conn.model('LinkedIdentity', linkedIdentitySchema),
    IdentityFlow: conn.model('IdentityFlow', identityFlowSchema),
    SigninCode: conn.model('SigninCode', signinCodeSchema),
  };
}
export type IdentityModels = ReturnType<typeof identityModels>;
export type LinkedIdentityFields = InferSchemaType<typeof linkedIdentitySchema>;
