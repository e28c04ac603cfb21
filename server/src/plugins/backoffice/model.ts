import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose';

/** A resident's flag on a public report (e.g. it shows personal data): one per resident and report. */
const flagSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    reason: { type: String, required: true },
    /** Set when staff moderated the report after this flag. */
    resolvedAt: { type: Date },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'report_flags' },
);
flagSchema.index({ reportId: 1, userId: 1 }, { unique: true });
flagSchema.index({ userId: 1 });

export type FlagRow = InferSchemaType<typeof flagSchema> & { _id: Types.ObjectId; createdAt: Date };

export const flagModel = (conn: Connection) => conn.model('ReportFlag', flagSchema);
