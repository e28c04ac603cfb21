import type { Language } from '../../profile/schema.js';

/**
 * The life of a report: its statuses and which may follow which. The one owner of these rules: the
 * model's enums, the route's Joi and notes, the staff answers' `nextStatuses`, Open311's open/closed
 * and the back office's counts all read them from here.
 */

export const STATUSES = ['new', 'accepted', 'in_progress', 'resolved', 'rejected', 'duplicate'] as const;
export type Status = (typeof STATUSES)[number];
export const OPEN_STATUSES: readonly Status[] = ['new', 'accepted', 'in_progress'];

/**
 * Allowed status changes. `new` is only ever the first status; closed reports can be reopened
 * (a repaired pothole that opens again, a rejection reconsidered, a wrong duplicate mark).
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  new: ['accepted', 'in_progress', 'resolved', 'rejected', 'duplicate'],
  accepted: ['in_progress', 'resolved', 'rejected', 'duplicate'],
  in_progress: ['accepted', 'resolved', 'rejected', 'duplicate'],
  resolved: ['in_progress'],
  rejected: ['accepted'],
  duplicate: ['accepted'],
};

/** A rejection tells the reporter why: its public comment is required (transitionNotes says so in words). */
export const COMMENT_REQUIRED = 'rejected' satisfies Status;

/** The statuses' names in residents' emails (the widget has its own in its i18n). */
export const STATUS_LABELS: Record<Language, Record<Status, string>> = {
  pl: { new: 'Nowe', accepted: 'Przyjęte', in_progress: 'W realizacji', resolved: 'Rozwiązane', rejected: 'Odrzucone', duplicate: 'Duplikat' },
  en: { new: 'New', accepted: 'Accepted', in_progress: 'In progress', resolved: 'Resolved', rejected: 'Rejected', duplicate: 'Duplicate' },
  de: { new: 'Neu', accepted: 'Angenommen', in_progress: 'In Bearbeitung', resolved: 'Erledigt', rejected: 'Abgelehnt', duplicate: 'Duplikat' },
  uk: { new: 'Нове', accepted: 'Прийняте', in_progress: 'Виконується', resolved: 'Вирішене', rejected: 'Відхилене', duplicate: 'Дублікат' },
};

export const isStatus = (s: string): s is Status => (STATUSES as readonly string[]).includes(s);
export const isOpen = (s: string): boolean => (OPEN_STATUSES as readonly string[]).includes(s);

/** The statuses a report in `from` may move to (none for a status this version does not know). */
export const nextStatuses = (from: string): readonly Status[] => (isStatus(from) ? TRANSITIONS[from] : []);

export const canMove = (from: string, to: string): boolean => (nextStatuses(from) as readonly string[]).includes(to);

/** The route notes of POST /reports/{id}/status: "new→accepted|…; …". */
export const transitionNotes = (): string =>
  `Transitions: ${STATUSES.map((s) => `${s}→${TRANSITIONS[s].join('|')}`).join('; ')}. Others: 409 conflict. A rejection needs a comment.`;
