import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One document per webhook message (its `_id` is the webhook-id the receiver deduplicates by): the
 * body sent on every attempt, each attempt's outcome, and the outbox message that carries it now (a
 * resend is a new outbox message for the same webhook-id).
 */
export interface DeliveryDoc {
  _id: string;
  webhook: string;
  type: string;
  body: string;
  delivered: boolean;
  attempts: Array<{ at: Date; httpStatus?: number; error?: string }>;
  outboxKey: string;
  createdAt: Date;
}

const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: String,
    webhook: { type: String, required: true },
    type: { type: String, required: true },
    body: { type: String, required: true },
    delivered: { type: Boolean, default: false },
    attempts: { type: [new Schema({ at: Date, httpStatus: Number, error: String }, { _id: false })], default: [] },
    outboxKey: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'webhook_deliveries', strict: true, versionKey: false },
);
deliverySchema.index({ createdAt: -1 });

export const deliveryModel = (conn: Connection) => (conn.models.WebhookDelivery ?? conn.model('WebhookDelivery', deliverySchema)) as Model<DeliveryDoc>;
