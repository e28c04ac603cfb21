/**
 * Links from emails (API.md §3): `APP_URL?civic_action=activate|reset|confirm_email&token=…`, and from
 * report notifications `civic_action=report&id=…` (reporter or staff) and `civic_action=track&code=…`,
 * and the return from an external sign-in `civic_action=signin&code=…` / `civic_action=signin_error&reason=…`.
 * Every element offers to handle the link; exactly one — the most specific one on the page —
 * does, after the elements present at start-up have loaded. The token leaves the address bar
 * before any request is made, so it is not kept in history or bookmarks.
 *
 * This module is what every element carries on the first screen: the candidate controller. The routing
 * table (ACTION_ROUTES), the choice and the account steps are in email-routes.ts, loaded only when the
 * address carries `civic_action=` (issue 20).
 */
import type { ReactiveController } from 'lit';
import type { AccountFlows } from './account-flows.js';
import type { CivicElement } from './civic-element.js';
import type { EmbedController } from './embed.js';
import type * as Routes from './email-routes.js';

export type EmailAction =
  | { action: 'activate' | 'reset' | 'confirm_email'; token: string }
  /** The password reset's confirmation: remove every passkey and linked identity in one step (API.md §3b). */
  | { action: 'remove_methods'; token: string }
  | { action: 'report'; id: string }
  | { action: 'track'; code: string }
  // the hand-off from an external sign-in (login.gov.pl, the city's SSO): a one-time code, or why it failed
  | { action: 'signin'; code: string }
  | { action: 'signin_error'; reason: string }
  /** Alerts (civic-alerts): confirm a subscription; manage one from an alert email. The public map opens a report. */
  | { action: 'alert-confirm' | 'alerts'; token: string }
  | { action: 'public-report'; id: string };

export type EmailActionKind = EmailAction['action'];

export interface EmailActionCandidate {
  readonly isConnected: boolean;
  emailActionPriority(action: EmailActionKind): number;
  handleEmailAction(action: EmailAction): void;
}

let gate: Promise<unknown> = Promise.resolve();
let routes: Promise<typeof Routes> | undefined;

/** The routing table and the choice, loaded once, when a link is on the page. */
export const emailRoutes = (): Promise<typeof Routes> => (routes ??= import('./email-routes.js'));

/** The entry delays the choice until the elements on the page (at start-up or added later) are defined. */
export function setEmailActionGate(p: Promise<unknown>): void {
  gate = Promise.all([gate, p.catch(() => undefined)]);
}

/** What the choice (email-routes.ts) waits for. */
const getGate = (): Promise<unknown> => gate;

const controllers = new WeakMap<Element, EmailLinkController>();

/** Hands a link to the element that owns it (its own handling, as if it had been chosen on the page). */
export function deliverEmailAction(el: Element | undefined, a: EmailAction): void {
  if (el) controllers.get(el)?.handleEmailAction(a);
}

export interface EmailLinkOptions {
  /** Higher wins the link when several elements are on the page; 1 unless said. */
  priority?: (action: EmailActionKind) => number;
  /** The host's own handling of the link it was chosen for; it passes what it leaves to `handleDefault`. */
  handle?: (action: EmailAction) => void;
}

/**
 * Makes its host a candidate for the page's email link (every element is one: the most specific on the
 * page takes it) and runs the default handling: each link's flow in place of the host's content.
 * Elements hold it as a protected field: most never call it, and a private one would be "never read".
 */
export class EmailLinkController implements ReactiveController, EmailActionCandidate {
  constructor(
    private readonly host: CivicElement,
    private readonly embed: EmbedController,
    private readonly flows: AccountFlows,
    private readonly options: EmailLinkOptions = {},
  ) {
    host.addController(this);
    controllers.set(host, this);
  }

  get isConnected(): boolean {
    return this.host.isConnected;
  }

  hostConnected(): void {
    // cheap: every element asks; the table and the choice load only for a page opened from a link
    if (location.search.includes('civic_action=')) void emailRoutes().then((r) => r.offerEmailAction(this, getGate));
  }

  emailActionPriority(action: EmailActionKind): number {
    return this.options.priority?.(action) ?? 1;
  }

  handleEmailAction(a: EmailAction): void {
    if (this.options.handle) this.options.handle(a);
    else void this.handleDefault(a);
  }

  /** The link's flow in place of the host's content: an account step, or the element that owns the link. */
  async handleDefault(a: EmailAction): Promise<void> {
    const { ACTION_ROUTES, routeTarget } = await emailRoutes();
    const route = ACTION_ROUTES[a.action];
    if (route.flow) {
      await this.runFlow(a);
      return;
    }
    const tag = routeTarget(route, await this.role()).tag;
    const el = tag && (await this.embed.show(tag, {}));
    if (!el) return;
    await this.host.updateComplete; // connected (session, language) before it acts
    deliverEmailAction(el, a);
  }

  /** The account steps of the table (`flow`); resolves to whether the step succeeded. */
  async runFlow(a: EmailAction): Promise<boolean> {
    return (await emailRoutes()).runFlow(this.flows, a);
  }

  /** The signed-in role once the session is restored (a report link opens in the console for staff). */
  async role(): Promise<string | undefined> {
    await this.host.session.ready();
    return this.host.session.user?.role;
  }
}
