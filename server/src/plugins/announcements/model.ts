import { Schema, type Connection, type InferSchemaType, type Types } from 'mongoose';

/** "Komunikaty": notices from the city to every resident (road closures, outages, collection days). */
const announcementSchema = new Schema(
  {
    title: { type: String, required: true },
    body: { type: String, required: true },
    /** The same notice in the other languages (title and body each); residents reading EN/DE/UK see these. */
    translations: {
      en: { title: { type: String }, body: { type: String } },
      de: { title: { type: String }, body: { type: String } },
      uk: { title: { type: String }, body: { type: String } },
    },
    /** Shown from this moment (a notice may be scheduled), and until expiresAt when set. */
    publishedAt: { type: Date, required: true },
    expiresAt: { type: Date },
    /** The admin who wrote it: for audit, never shown publicly. */
    authorId: { type: Schema.Types.ObjectId },
  },
  { timestamps: true, strict: true, collection: 'announcements' },
);
announcementSchema.index({ publishedAt: -1 });

export type AnnouncementRow = InferSchemaType<typeof announcementSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

export const announcementModel = (conn: Connection) => conn.model('Announcement', announcementSchema);
export type AnnouncementModel = ReturnType<typeof announcementModel>;
