import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose';

/**
 * An alert: an email address following an area (a circle, a district or the whole city) for new
 * reports and status changes, optionally only some categories. Tokens are stored as SHA-256 only
 * (lookups); the unsubscribe token is also kept sealed, because every alert email must carry it.
 */
const alertSchema = new Schema(
  {
    /** Normalised (trimmed, lower case). */
    email: { type: String, required: true },
    /** The account that made it (signed in), for GET /me/alerts. */
    userId: { type: Schema.Types.ObjectId },
    area: {
      kind: { type: String, enum: ['circle', 'district', 'city'], required: true },
      lat: { type: Number },
      lng: { type: Number },
      radiusM: { type: Number },
      district: { type: String },
    },
    /** Empty: every category. */
    categories: { type: [String], default: [] },
    locale: { type: String, enum: ['pl', 'en', 'de', 'uk'], default: 'pl' },
    status: { type: String, enum: ['pending', 'active'], required: true },
    confirmHash: { type: String },
    confirmExpiresAt: { type: Date },
    unsubscribeHash: { type: String, required: true, unique: true },
    unsubscribeSealed: { type: String, required: true },
    /** Sending budget: single emails counted per 24-hour window; a digest at most once a day. */
    windowStart: { type: Date },
    sentInWindow: { type: Number, default: 0 },
    lastDigestAt: { type: Date },
  },
  { timestamps: true, strict: true, collection: 'alerts' },
);
alertSchema.index({ status: 1 });
alertSchema.index({ userId: 1 });
alertSchema.index({ email: 1 });
alertSchema.index({ confirmHash: 1 });

export type AlertRow = InferSchemaType<typeof alertSchema> & { _id: Types.ObjectId; createdAt: Date };

/**
 * One matched event for one alert. The unique {alertId, reportId, event} index makes matching
 * idempotent: a retried or repeated match never queues the same news twice.
 */
const deliverySchema = new Schema(
  {
    alertId: { type: Schema.Types.ObjectId, required: true },
    reportId: { type: Schema.Types.ObjectId, required: true },
    /** 'created' or 'status:<seq>'. */
    event: { type: String, required: true },
    status: { type: String },
    at: { type: Date, required: true },
    sentAt: { type: Date },
  },
  { strict: true, collection: 'alert_deliveries' },
);
deliverySchema.index({ alertId: 1, reportId: 1, event: 1 }, { unique: true });
deliverySchema.index({ sentAt: 1, at: 1 });

export type DeliveryRow = InferSchemaType<typeof deliverySchema> & { _id: Types.ObjectId };

export function alertModels(conn: Connection) {
  return {
    Alert: conn.model('Alert', alertSchema),
    Delivery: conn.model('AlertDelivery', deliverySchema),
  };
}
export type AlertModels = ReturnType<typeof alertModels>;
