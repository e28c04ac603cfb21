import type { MessageRow, ReportRow } from './model.js';

/**
 * What each audience sees of a report. Public views never carry personal data: no reporter id,
 * email, name or contact address, and no staff identities (changes are signed by department).
 */

const iso = (d: Date | undefined | null) => (d ? d.toISOString() : undefined);

export const photoUrl = (publicUrl: string, id: string, n: number) => `${publicUrl}/api/v1/reports/${id}/photos/${n}`;

/** The fields a list needs; the list query projects exactly these. */
export const LIST_PROJECTION = {
  categoryId: 1,
  title: 1,
  description: 1,
  location: 1,
  status: 1,
  supportCount: 1,
  'photos.width': 1,
  'photos.height': 1,
  'photos.hidden': 1,
  createdAt: 1,
  updatedAt: 1,
  hidden: 1,
  district: 1,
} as const;

export type ListRow = Pick<
  ReportRow,
  '_id' | 'categoryId' | 'title' | 'description' | 'location' | 'status' | 'supportCount' | 'createdAt' | 'updatedAt' | 'hidden' | 'district'
> & {
  photos?: Array<{ width: number; height: number; hidden?: boolean | null }>;
};

/** The photos the public may see, each under its own number (a hidden photo's number stays empty). */
const publicPhotos = (r: ListRow, publicUrl: string) =>
  (r.photos ?? []).flatMap((p, n) => (p.hidden ? [] : [{ url: photoUrl(publicUrl, String(r._id), n), width: p.width, height: p.height }]));

export function listItem(r: ListRow, publicUrl: string) {
  const id = String(r._id);
  const photos = publicPhotos(r, publicUrl);
  return {
    id,
    categoryId: r.categoryId,
    title: r.title ?? undefined,
    description: r.description,
    location: { lat: r.location.lat, lng: r.location.lng, address: r.location.address ?? undefined },
    status: r.status,
    supportCount: r.supportCount ?? 0,
    photoCount: photos.length,
    photos,
    createdAt: iso(r.createdAt),
    updatedAt: iso(r.updatedAt),
  };
}

export function publicView(r: ReportRow, publicUrl: string) {
  return {
    ...listItem(r, publicUrl),
    statusHistory: (r.history ?? []).map((h) => ({
      status: h.status,
      comment: h.comment ?? undefined,
      department: h.department ?? undefined,
      at: iso(h.at),
      ...(h.reopened ? { reopened: true } : {}),
    })),
    duplicateOf: r.duplicateOf ? String(r.duplicateOf) : undefined,
  };
}

export function messageView(m: MessageRow) {
  return { id: String(m._id), reportId: String(m.reportId), from: m.from, department: m.department ?? undefined, body: m.body, createdAt: iso(m.createdAt) };
}

/**
 * The reporter's view (tracker page, "my reports"): the public view plus the conversation. A tracking
 * code may have been passed on, so even this view names no contact address, only whether one is set.
 */
export function reporterView(r: ReportRow, publicUrl: string, extra: { trackingCode?: string; messages?: MessageRow[] } = {}) {
  return {
    ...publicView(r, publicUrl),
    trackingCode: extra.trackingCode,
    emailUpdates: Boolean(r.reporterId || r.contactEmail),
    ...(extra.messages ? { messages: extra.messages.map(messageView) } : {}),
  };
}
