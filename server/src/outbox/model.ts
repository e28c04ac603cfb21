import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Every outbound email and SMS is first a document here. The request that causes a message only
 * inserts it; workers on any node claim it atomically, send it, and mark it sent. Bodies carry
 * one-time links, so they are stored sealed (AES-GCM) and removed once sent.
 */
export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'dead'] as const;
/** Email and SMS to people; signed event deliveries to the city's applications (plugins/webhooks). */
export const OUTBOX_CHANNELS = ['email', 'sms', 'webhook'] as const;
export type OutboxChannel = (typeof OUTBOX_CHANNELS)[number];
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const outboxSchema = new Schema(
  {
    channel: { type: String, enum: ['email', 'sms', 'webhook'], required: true },
    to: { type: String, required: true },
    kind: { type: String, required: true },
    sealed: { type: String },
    /** Retries of the same logical message (a retried request, a re-run import) insert nothing new. */
    dedupeKey: { type: String, required: true, unique: true },
    status: { type: String, enum: OUTBOX_STATUSES, default: 'pending', index: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, default: () => new Date() },
    leaseUntil: { type: Date },
    leaseOwner: { type: String },
    lastError: { type: String },
    sentAt: { type: Date },
  },
  { timestamps: true, strict: true, collection: 'outbox' },
);
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
/** The admin's outbox view: one status, most recently changed first. */
outboxSchema.index({ status: 1, updatedAt: -1 });

export type OutboxDoc = InferSchemaType<typeof outboxSchema>;
export const outboxModel = (conn: Connection) => conn.model('Outbox', outboxSchema);
