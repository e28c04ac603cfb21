import { STATUSES } from './workflow.js';
import { Schema, type Connection, type InferSchemaType, type HydratedDocument, type Types } from 'mongoose';

const historySchema = new Schema(
  {
    status: { type: String, enum: STATUSES, required: true },
    comment: { type: String },
    at: { type: Date, required: true },
    /** The staff member who made the change: for audit, never shown publicly. */
    by: { type: Schema.Types.ObjectId },
    /** The department that made the change (shown instead of a person). */
    department: { type: String },
    /** A resident said "not fixed" (plugins/backoffice/reopen.ts); the comment is their reason. */
    reopened: { type: Boolean },
  },
  { _id: false },
);

const photoSchema = new Schema(
  {
    fileId: { type: Schema.Types.ObjectId, required: true },
    contentType: { type: String, required: true },
    width: { type: Number, required: true },
    height: { type: Number, required: true },
    bytes: { type: Number, required: true },
    /** Taken off the public report by moderation; it keeps its number, and staff may show it again. */
    hidden: { type: Boolean },
  },
  { _id: false },
);

const reportSchema = new Schema(
  {
    categoryId: { type: String, required: true },
    title: { type: String },
    description: { type: String, required: true },
    /** Plain numbers queried by range: no geo index, works on MongoDB and FerretDB alike. */
    location: {
      lat: { type: Number, required: true },
      lng: { type: Number, required: true },
      address: { type: String },
    },
    status: { type: String, enum: STATUSES, default: 'new' },
    history: { type: [historySchema], default: [] },
    /** The account that reported it; unset for anonymous and anonymised reports. */
    reporterId: { type: Schema.Types.ObjectId },
    /** Anonymous reporters only: where to send status news (normalised). */
    contactEmail: { type: String },
    /** Language of emails to an anonymous reporter (account holders: their account's locale). */
    locale: { type: String, enum: ['pl', 'en', 'de', 'uk'] },
    /** SHA-256 of the normalised tracking code (lookups), and the code sealed for the links in emails. */
    trackingHash: { type: String, required: true, unique: true },
    trackingSealed: { type: String },
    supportCount: { type: Number, default: 0 },
    photos: { type: [photoSchema], default: [] },
    duplicateOf: { type: Schema.Types.ObjectId },
    /** The staff member who last acted on the report: residents' messages go to them first. */
    handledBy: { type: Schema.Types.ObjectId },
    anonymisedAt: { type: Date },
    /** The profile district whose boundary holds the location ('' when none); written with the report (older ones: plugins/backoffice). */
    district: { type: String },
    /** Hidden by staff: gone from the public list, map, views and Open311 (plugins/backoffice/moderation.ts). */
    hidden: { type: Boolean },
    /** What moderation changed; the originals stay here for staff only. */
    moderation: {
      reason: { type: String },
      originalDescription: { type: String },
      /** Photos hidden before photos kept their number (older reports); new moderation marks `photos[n].hidden`. */
      hiddenPhotos: { type: [photoSchema], default: undefined },
      at: { type: Date },
      by: { type: Schema.Types.ObjectId },
    },
  },
  { timestamps: true, strict: true, collection: 'reports' },
);
reportSchema.index({ createdAt: -1 });
reportSchema.index({ status: 1, createdAt: -1 });
reportSchema.index({ categoryId: 1, createdAt: -1 });
reportSchema.index({ reporterId: 1, createdAt: -1 });
reportSchema.index({ 'location.lat': 1, 'location.lng': 1 });
reportSchema.index({ district: 1, createdAt: -1 });

/** Nested required paths infer as optional; the schema guarantees them. */
export type ReportFields = Omit<InferSchemaType<typeof reportSchema>, 'location'> & {
  location: { lat: number; lng: number; address?: string | null };
  createdAt: Date;
  updatedAt: Date;
};
export type ReportDoc = HydratedDocument<ReportFields>;
export type ReportRow = ReportFields & { _id: Types.ObjectId };

/**
 * One document per status change (seq n is history[n]; history[0], "new", needs none). The unique {reportId, seq} index is the lock that
 * lets exactly one of two concurrent status changes win, on MongoDB and FerretDB alike; the entry is
 * then copied into the report's history. `notifyPending` stays true until the emails are queued.
 */
const eventSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    seq: { type: Number, required: true },
    status: { type: String, enum: STATUSES, required: true },
    comment: { type: String },
    at: { type: Date, required: true },
    by: { type: Schema.Types.ObjectId },
    department: { type: String },
    duplicateOf: { type: Schema.Types.ObjectId },
    reopened: { type: Boolean },
    notifyPending: { type: Boolean, default: true },
  },
  { strict: true, collection: 'report_events' },
);
eventSchema.index({ reportId: 1, seq: 1 }, { unique: true });
eventSchema.index({ notifyPending: 1, at: 1 });
/** Open311 GET tokens/updates: status changes in a time range. */
eventSchema.index({ at: 1 });

export type EventRow = InferSchemaType<typeof eventSchema> & { _id: Types.ObjectId };

/** "Me too": one document per resident and report; the unique index is what refuses a second one. */
const supportSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'report_supports' },
);
supportSchema.index({ reportId: 1, userId: 1 }, { unique: true });

/** The private conversation between the reporter and the department. */
const messageSchema = new Schema(
  {
    reportId: { type: Schema.Types.ObjectId, required: true },
    from: { type: String, enum: ['reporter', 'staff'], required: true },
    /** The writer's account (unset for an anonymous reporter); never shown to the other side. */
    authorId: { type: Schema.Types.ObjectId },
    department: { type: String },
    body: { type: String, required: true },
    /** True until the notification is queued; the sweeper finishes it after a crash. */
    notifyPending: { type: Boolean, default: true },
  },
  { timestamps: { createdAt: true, updatedAt: false }, strict: true, collection: 'report_messages' },
);
messageSchema.index({ reportId: 1, createdAt: 1 });
messageSchema.index({ authorId: 1 });
messageSchema.index({ notifyPending: 1 });

export type MessageRow = InferSchemaType<typeof messageSchema> & { _id: Types.ObjectId; createdAt: Date };

/** How far a sweeper has looked (creation emails: ReportNotifier.sweepCreated); shared by all nodes. */
const sweepCursorSchema = new Schema(
  { _id: { type: String, required: true }, until: { type: Date, required: true } },
  { strict: true, collection: 'report_sweeps', versionKey: false },
);

export function reportModels(conn: Connection) {
  return {
    SweepCursor: conn.model('ReportSweepCursor', sweepCursorSchema),
    Report: conn.model('Report', reportSchema),
    Event: conn.model('ReportEvent', eventSchema),
    Support: conn.model('ReportSupport', supportSchema),
    Message: conn.model('ReportMessage', messageSchema),
  };
}
export type ReportModels = ReturnType<typeof reportModels>;
