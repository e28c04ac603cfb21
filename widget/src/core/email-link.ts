/**
 * Links from emails (API.md §3): `APP_URL?civic_action=activate|reset|confirm_email&token=…`, and from
 * report notifications `civic_action=report&id=…` (reporter or staff) and `civic_action=track&code=…`,
 * and the return from an external sign-in `civic_action=signin&code=…` / `civic_action=signin_error&reason=…`.
 * Every element offers to handle the link; exactly one — the most specific one on the page —
 * does, after the elements present at start-up have loaded. The token leaves the address bar
 * before any request is made, so it is not kept in history or bookmarks.
 */
import type { ReactiveController } from 'lit';
import type { AccountFlows } from './account-flows.js';
import type { CivicElement } from './civic-element.js';
import type { EmbedController } from './embed.js';

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

let pending: EmailAction | null = null;
let candidates: EmailActionCandidate[] = [];
let scheduled = false;
let gate: Promise<unknown> = Promise.resolve();

/**
 * THE routing table of email links: every `civic_action` the server puts in an email (or a sign-in
 * hand-off), the parameter it carries, and where it is completed: the portal view and the element
 * that own it (`tag`; the element's own email-link handling then takes it), or an account step the
 * host runs itself (`flow`). The portal and every standalone element read this one table.
 */
export interface ActionRoute {
  param: 'token' | 'id' | 'code' | 'reason';
  /** The portal view that completes it (for `report`: a resident's; staff and admins get `staffView`). */
  view?: string;
  tag?: string;
  staffView?: string;
  staffTag?: string;
  /** An account step run by the host (activation, email confirmation, external sign-in). */
  flow?: 'activate' | 'confirmEmail' | 'signin' | 'signinError' | 'removeMethods';
}

export const ACTION_ROUTES: Readonly<Record<EmailActionKind, ActionRoute>> = {
  activate: { param: 'token', view: 'login', flow: 'activate' },
  reset: { param: 'token', view: 'password-reset', tag: 'civic-password-reset' },
  confirm_email: { param: 'token', view: 'account', flow: 'confirmEmail' },
  remove_methods: { param: 'token', view: 'login', flow: 'removeMethods' },
  report: { param: 'id', view: 'my-reports', tag: 'civic-my-reports', staffView: 'staff', staffTag: 'civic-staff-console' },
  track: { param: 'code', view: 'track', tag: 'civic-report-tracker' },
  signin: { param: 'code', flow: 'signin' },
  signin_error: { param: 'reason', view: 'login', flow: 'signinError' },
  'alert-confirm': { param: 'token', view: 'alerts', tag: 'civic-alerts' },
  alerts: { param: 'token', view: 'alerts', tag: 'civic-alerts' },
  'public-report': { param: 'id', view: 'map', tag: 'civic-reports-map' },
};

function readAction(): EmailAction | null {
  if (!location.search.includes('civic_action=')) return null; // cheap: every element asks
  const params = new URLSearchParams(location.search);
  const action = params.get('civic_action') as EmailActionKind | null;
  const route = action && Object.prototype.hasOwnProperty.call(ACTION_ROUTES, action) ? ACTION_ROUTES[action] : undefined;
  if (!route) return null;
  const value = params.get(route.param) ?? '';
  // a sign-in error may come without a reason ("it did not work"); every other link needs its value
  if (!value && route.param !== 'reason') return null;
  return { action, [route.param]: value } as EmailAction;
}

/** The route's view and element for the signed-in role (a report link opens in the console for staff). */
export function routeTarget(route: ActionRoute, role: string | undefined): { view?: string; tag?: string } {
  const staff = role === 'staff' || role === 'admin';
  return staff && route.staffView ? { view: route.staffView, tag: route.staffTag } : { view: route.view, tag: route.tag };
}

const controllers = new WeakMap<Element, EmailLinkController>();

/** Hands a link to the element that owns it (its own handling, as if it had been chosen on the page). */
export function deliverEmailAction(el: Element | undefined, a: EmailAction): void {
  if (el) controllers.get(el)?.handleEmailAction(a);
}

function stripFromUrl(): void {
  const url = new URL(location.href);
  // tracking codes are secrets like tokens; report ids go too so a reload does not reopen the report
  for (const k of ['civic_action', 'token', 'id', 'code', 'reason']) url.searchParams.delete(k);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** The entry delays the choice until the elements on the page (at start-up or added later) are defined. */
export function setEmailActionGate(p: Promise<unknown>): void {
  gate = Promise.all([gate, p.catch(() => undefined)]);
}

export function offerEmailAction(candidate: EmailActionCandidate): void {
  // Read lazily and again whenever nothing is pending: a handled link was already stripped from
  // the URL, and a single-page site may navigate to a new one later.
  if (!pending) pending = readAction();
  if (!pending) return;
  candidates.push(candidate);
  if (scheduled) return;
  scheduled = true;
  schedule();
}

function schedule(): void {
  const g = gate;
  void g.then(() =>
    setTimeout(() => {
      if (g !== gate)
        schedule(); // more elements started loading meanwhile: wait for them too
      else resolve();
    }, 0),
  );
}

function resolve(): void {
  scheduled = false;
  const action = pending;
  if (!action) return;
  let best: EmailActionCandidate | undefined;
  for (const c of candidates) {
    if (!c.isConnected) continue;
    if (!best || c.emailActionPriority(action.action) > best.emailActionPriority(action.action)) best = c;
  }
  if (!best) return; // wait for an element to connect
  pending = null;
  candidates = [];
  stripFromUrl();
  best.handleEmailAction(action);
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
    offerEmailAction(this);
  }

  emailActionPriority(action: EmailActionKind): number {
    return this.options.priority?.(action) ?? 1;
  }

  handleEmailAction(a: EmailAction): void {
    if (this.options.handle) this.options.handle(a);
    else this.handleDefault(a);
  }

  /** The link's flow in place of the host's content: an account step, or the element that owns the link. */
  handleDefault(a: EmailAction): void {
    const route = ACTION_ROUTES[a.action];
    if (route.flow) void this.runFlow(a);
    else void this.showOwner(a, route);
  }

  /** The account steps of the table (`flow`); resolves to whether the step succeeded. */
  async runFlow(a: EmailAction): Promise<boolean> {
    switch (a.action) {
      case 'activate':
        return (await this.flows.activate(a.token)) !== undefined;
      case 'confirm_email':
        return this.flows.confirmEmail(a.token);
      case 'remove_methods':
        return this.flows.removeMethods(a.token);
      case 'signin':
        await this.flows.finishExternalSignIn(a.code);
        return true;
      case 'signin_error':
        await this.flows.signinError(a.reason);
        return true;
      default:
        return false;
    }
  }

  private async showOwner(a: EmailAction, route: ActionRoute): Promise<void> {
    const tag = routeTarget(route, await this.role()).tag;
    const el = tag && (await this.embed.show(tag, {}));
    if (!el) return;
    await this.host.updateComplete; // connected (session, language) before it acts
    deliverEmailAction(el, a);
  }

  /** The signed-in role once the session is restored (a report link opens in the console for staff). */
  async role(): Promise<string | undefined> {
    await this.host.session.ready();
    return this.host.session.user?.role;
  }
}
