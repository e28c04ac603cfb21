import mongoose from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import { pageOf, type Paging } from '../../lib/paging.js';
import type { AnnouncementModel, AnnouncementRow } from './model.js';

/** The languages an announcement may be written in beside Polish (its title and body). */
export const TRANSLATED = ['en', 'de', 'uk'] as const;
export type Translations = Partial<Record<(typeof TRANSLATED)[number], { title: string; body: string }>>;

export interface NewAnnouncement {
  title: string;
  body: string;
  translations?: Translations;
  publishedAt?: Date;
  expiresAt?: Date;
}

/** PATCH: any of these; `expiresAt: null` publishes again without an end, `unpublish` ends it now. */
export interface AnnouncementChange extends Partial<Omit<NewAnnouncement, 'expiresAt'>> {
  expiresAt?: Date | null;
  unpublish?: boolean;
}

const view = (a: AnnouncementRow) => ({
  id: String(a._id),
  title: a.title,
  body: a.body,
  translations: Object.fromEntries(
    TRANSLATED.flatMap((l) =>
      a.translations?.[l]?.title && a.translations[l]?.body ? [[l, { title: a.translations[l]!.title!, body: a.translations[l]!.body! }]] : [],
    ),
  ),
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
    const a = await this.Announcement.create({
      title: input.title,
      body: input.body,
      translations: input.translations ?? {},
      publishedAt,
      expiresAt: input.expiresAt,
      authorId,
    });
    return view(a.toObject() as AnnouncementRow);
  }

  /** Edits the texts or the publishing window; `unpublish` ends it now (it stays for admins, and can be published again). */
  async update(id: string, change: AnnouncementChange) {
    const a = mongoose.isValidObjectId(id) ? await this.Announcement.findById(id) : null;
    if (!a) throw fail('not_found', 'No such announcement');
    const publishedAt = change.publishedAt ?? a.publishedAt;
    const expiresAt = change.unpublish ? new Date() : change.expiresAt === undefined ? a.expiresAt : change.expiresAt;
    if (expiresAt && !change.unpublish && expiresAt <= publishedAt) throw invalid({ expiresAt: 'invalid' }, 'expiresAt must be after publishedAt');
    const set: Record<string, unknown> = { publishedAt };
    if (change.title !== undefined) set.title = change.title;
    if (change.body !== undefined) set.body = change.body;
    if (change.translations !== undefined) set.translations = change.translations;
    const unset = expiresAt ? {} : { expiresAt: 1 };
    if (expiresAt) set.expiresAt = expiresAt;
    const updated = await this.Announcement.findByIdAndUpdate(
      a._id,
      { $set: set, ...(expiresAt ? {} : { $unset: unset }) },
      { new: true },
    ).lean<AnnouncementRow>();
    return view(updated!);
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
