import type { MessageKey } from '../../i18n/pl.js';
import type { PortalKey } from '../../i18n/portal/pl.js';

/**
 * The portal's views. Adding a view is one entry here: the element is lazy-loaded by tag name
 * through the loader table in civickit.ts; until an element exists, the view renders a named
 * `<slot>` (so a city can put its own content there) with a "coming soon" placeholder.
 * Each view has an address, `?civic_view=ID` (API.md §7); the menu shows every public one.
 */
export interface PortalView {
  id: string;
  /** Element shown in the view; none for the portal's own home screen. */
  tag?: string;
  /** Label in the top navigation; views without one are reached from other views. */
  nav?: MessageKey | PortalKey;
  /** Shown only when signed in / only when signed out. */
  when?: 'signed-in' | 'signed-out';
  /** Shown only to these roles. */
  roles?: string[];
}

export const VIEWS: PortalView[] = [
  { id: 'home' },
  { id: 'announcements', tag: 'civic-announcements', nav: 'announcements' },
  { id: 'report', tag: 'civic-report-form', nav: 'addReport' },
  { id: 'map', tag: 'civic-reports-map', nav: 'navMap' },
  { id: 'alerts', tag: 'civic-alerts', nav: 'navAlerts' },
  { id: 'stats', tag: 'civic-stats', nav: 'navStats' },
  { id: 'track', tag: 'civic-report-tracker', nav: 'navTrack' },
  { id: 'my-reports', tag: 'civic-my-reports', nav: 'myReports', when: 'signed-in' },
  { id: 'login', tag: 'civic-login', nav: 'signIn', when: 'signed-out' },
  { id: 'account', tag: 'civic-account', nav: 'myAccount', when: 'signed-in' },
  { id: 'register', tag: 'civic-register' },
  { id: 'password-reset', tag: 'civic-password-reset' },
  { id: 'staff', tag: 'civic-staff-console', nav: 'staffConsole', when: 'signed-in', roles: ['staff', 'admin'] },
  { id: 'admin', tag: 'civic-admin-console', nav: 'adminConsole', when: 'signed-in', roles: ['admin'] },
];
