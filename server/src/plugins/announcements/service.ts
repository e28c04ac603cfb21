import mongoose from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import { pageOf, type Paging } from '../../lib/paging.js';
import type { AnnouncementModel, AnnouncementRow } from './model.js';

export interface NewAnnouncement {
  title: string;
  body: string;
  publishedAt?: Date;
  expiresAt?: Date;
}

const view = (a: AnnouncementRow) => ({
  id: String(a._id),
  title: a.title,
  body: a.body,
  publishedAt: a.publishedAt.toISOString(),
  expiresAt: a.expiresAt?.toISOString(),
  updatedAt: a.updatedAt?.toISOString(),
});

export class AnnouncementsService {
  constructor(readonly Announcement: AnnouncementModel) {}

  /** What residents see: published, not expired, newest first. Admins may include scheduled and expired ones. */
  async list(paging: Paging, all = false) {
    const now = new Date();
    const query = all ? {} : { publishedAt: { $lte: now }, $or: [{ expiresAt: null }, { expiresAt: { $gt: now } }] };
    const page = await pageOf(paging, (skip, limit) =>
      this.Announcement.find(query).sort({ publishedAt: -1, _id: -1 }).skip(skip).limit(limit).lean<AnnouncementRow[]>(),
    );
    return { ...page, items: page.items.map(view) };
  }

  async get(id: string, all = false) {
    const a = mongoose.isValidObjectId(id) ? await this.Announcement.findById(id).lean<AnnouncementRow>() : null;
    const now = Date.now();
    if (!a || (!all && (a.publishedAt.getTime() > now || (a.expiresAt && a.expiresAt.getTime() <= now)))) throw fail('not_found', 'No such announcement');
    return view(a);
  }

  async create(input: NewAnnouncement, authorId: string) {
    const publishedAt = input.publishedAt ?? new Date();
    if (input.expiresAt && input.expiresAt <= publishedAt) throw invalid({ expiresAt: 'invalid' }, 'expiresAt must be after publishedAt');
    const a = await this.Announcement.create({ title: input.title, body: input.body, publishedAt, expiresAt: input.expiresAt, authorId });
    return view(a.toObject() as AnnouncementRow);
  }

  async remove(id: string): Promise<void> {
    const res = mongoose.isValidObjectId(id) ? await this.Announcement.deleteOne({ _id: id }) : { deletedCount: 0 };
    if (res.deletedCount !== 1) throw fail('not_found', 'No such announcement');
  }

  /** Account deletion: announcements are the city's, they stay; only the link to the deleted admin goes. */
  async forgetAuthor(userId: string): Promise<void> {
    await this.Announcement.updateMany({ authorId: userId }, { $unset: { authorId: 1 } });
  }
}
