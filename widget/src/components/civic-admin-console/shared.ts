/** What the admin console's tabs share: the console they render in, the texts, the API shapes, the table. */
import { html, type TemplateResult } from 'lit';
import type { components } from '../../core/api-types.js';
import type { CivicElement } from '../../core/civic-element.js';
import type { MunicipalityProfile } from '../../core/profile.js';
import { intlLocale } from '../../core/i18n.js';
import { messageBundle, type BundleTranslator } from '../../i18n/bundle.js';
import pl, { type AdminKey } from '../../i18n/admin/pl.js';

export const texts = messageBundle<AdminKey>(pl, {
  en: () => import('../../i18n/admin/en.js'),
  de: () => import('../../i18n/admin/de.js'),
  uk: () => import('../../i18n/admin/uk.js'),
});
export const k = texts.key;
/** Whether the admin texts have `key` (statuses and audit actions the server may add). */
export const hasText = (key: string): key is AdminKey => key in pl;

type Schemas = components['schemas'];
/** A row of the search (GET /admin/users), or the account opened (GET /admin/users/{id}) with what it submitted. */
export type AdminUser = Schemas['AdminUser'] & Partial<Pick<Schemas['AdminUserDetail'], 'activeSessions' | 'reports' | 'supports' | 'messages'>>;
export type AuditEntry = Schemas['AuditEntry'];
export type DeadLetter = Schemas['OutboxMessage'];
export type ImportResult = Schemas['ImportResult'];
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** The console as its tabs see it (each tab is a controller of the console and renders into it). */
export interface AdminConsole extends CivicElement {
  readonly t: BundleTranslator<AdminKey>;
  readonly municipality: MunicipalityProfile | undefined;
  /** Runs an admin call; failures go to the live region. Returns undefined on failure. */
  call<T>(fn: () => Promise<T>): Promise<T | undefined>;
  /** Moves focus after the next render (the heading of what was opened). */
  focusOn(selector: string): Promise<void>;
  /** Opens the audit log filtered by one account (from that account's page). */
  showAuditOf(user: AdminUser): void;
}

export function date(t: BundleTranslator<AdminKey>, iso?: string): string {
  return iso ? new Intl.DateTimeFormat(intlLocale(t.lang), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
}

export function table(caption: string, head: string[], rows: TemplateResult[]): TemplateResult {
  // a frame that scrolls sideways on a phone: reachable and named for keyboard users
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${caption}><table part="table">
      <caption>${caption}</caption>
      <thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table></div>`;
}
