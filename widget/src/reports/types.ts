/**
 * Shapes of the reports API (API.md §4) as the widget reads them: aliases of the server's documented
 * schemas (core/api-types.ts, generated from /openapi.json), so a change there fails the widget's typecheck.
 */
import type { components } from '../core/api-types.js';

type Schemas = components['schemas'];

/** One status of a report's life (reports/workflow on the server owns them). */
export type Status = Schemas['ReportListItem']['status'];

/** Every status, in the order the widget lists them; `satisfies` makes a status the server adds or drops a type error here. */
const EVERY = { new: true, accepted: true, in_progress: true, resolved: true, rejected: true, duplicate: true } satisfies Record<Status, true>;
export const STATUSES = Object.keys(EVERY) as readonly Status[];
export const OPEN_STATUSES: readonly Status[] = ['new', 'accepted', 'in_progress'];

export type Category = Schemas['Category'];
export type HistoryEntry = Schemas['StatusChange'];
export type Message = Schemas['Message'];
export type MapSettings = Schemas['MapSettings'];

/**
 * A report as any of its views shows it: the list item's fields always, what the reporter's, the
 * viewer's, the nearby and the staff view add when that view was asked for (the staff's
 * `nextStatuses`: the statuses they may set now, from the server's workflow).
 */
type Extra = Schemas['ReportForReporter'] & Schemas['ReportViewed'] & Schemas['NearbyReport'] & Schemas['ReportForStaff'];
export type Report = Schemas['ReportListItem'] & Partial<Omit<Extra, keyof Schemas['ReportListItem']>>;

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  hasMore: boolean;
}

export interface LatLng {
  lat: number;
  lng: number;
}

/** A point shown on the map (civic-reports-map); `fixed` pins are drawn apart (a green tick). */
export interface MapPin extends LatLng {
  id: string;
  label: string;
  fixed: boolean;
}
