import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * The audit log: who did what, when, to whom, and why. An entry is written before the action
 * (outcome "started") and completed after it, so no admin action happens unrecorded.
 */
const auditSchema = new Schema(
  {
    at: { type: Date, default: () => new Date(), index: true },
    actorId: { type: String },
    actorEmail: { type: String },
    /** e.g. user.block, user.unblock, user.role, user.delete, user.revoke_sessions, user.resend_activation, users.import, api_key.create */
    action: { type: String, required: true },
    targetId: { type: String, index: true },
    targetEmail: { type: String },
    reason: { type: String },
    details: { type: Schema.Types.Mixed },
    outcome: { type: String, enum: ['started', 'done', 'failed'], default: 'started' },
  },
  { strict: true, collection: 'audit_log', versionKey: false },
);

/** The admin's audit view filtered by action, newest first. */
auditSchema.index({ action: 1, at: -1 });

export type AuditEntry = InferSchemaType<typeof auditSchema>;
export const auditModel = (conn: Connection) => conn.models.AuditEntry ?? conn.model('AuditEntry', auditSchema);
