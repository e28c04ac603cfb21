import { Schema, type Connection, type Model } from 'mongoose';

/** The emulation's records (concurrency.ts): spent keys, taken slots, lease generations. */
const onceSchema = new Schema({ _id: String, ns: String, expiresAt: Date }, { collection: 'cc_once', strict: true, versionKey: false });
onceSchema.index({ expiresAt: 1 });
const slotSchema = new Schema(
  { _id: String, ns: String, key: String, w: Number, n: Number, at: Date, expiresAt: Date, settled: Boolean },
  { collection: 'cc_slots', strict: true, versionKey: false },
);
slotSchema.index({ ns: 1, key: 1, w: 1 });
slotSchema.index({ expiresAt: 1 });
const leaseSchema = new Schema(
  { _id: String, ns: String, key: String, gen: Number, holder: String, expiresAt: Date, purgeAt: Date },
  { collection: 'cc_leases', strict: true, versionKey: false },
);
leaseSchema.index({ ns: 1, key: 1, gen: -1 });
leaseSchema.index({ purgeAt: 1 });

export function models(conn: Connection) {
  return {
    Once: (conn.models.CcOnce ?? conn.model('CcOnce', onceSchema)) as Model<{ _id: string; ns: string; expiresAt: Date }>,
    Slot: (conn.models.CcSlot ?? conn.model('CcSlot', slotSchema)) as Model<{
      _id: string;
      ns: string;
      key: string;
      w: number;
      n: number;
      at: Date;
      expiresAt: Date;
      settled?: boolean;
    }>,
    Lease: (conn.models.CcLease ?? conn.model('CcLease', leaseSchema)) as Model<{
      _id: string;
      ns: string;
      key: string;
      gen: number;
      holder: string;
      expiresAt: Date;
      purgeAt: Date;
    }>,
  };
}
export type EmulationModels = ReturnType<typeof models>;
