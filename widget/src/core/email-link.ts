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

function readAction(): EmailAction | null {
  if (!location.search.includes('civic_action=')) return null; // cheap: every element asks
  const params = new URLSearchParams(location.search);
  const action = params.get('civic_action');
  const token = params.get('token');
  const id = params.get('id');
  const code = params.get('code');
  if ((action === 'activate' || action === 'reset' || action === 'confirm_email') && token) return { action, token };
  if (action === 'report' && id) return { action, id };
  if (action === 'track' && code) return { action, code };
  if (action === 'signin' && code) return { action, code };
  if (action === 'signin_error') return { action, reason: params.get('reason') ?? '' };
  if ((action === 'alert-confirm' || action === 'alerts') && token) return { action, token };
  if (action === 'public-report' && id) return { action, id };
  return null;
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

  handleDefault(a: EmailAction): void {
    switch (a.action) {
      case 'activate':
        void this.flows.activate(a.token);
        break;
      case 'reset':
        void this.embed.show('civic-password-reset', { token: a.token });
        break;
      case 'confirm_email':
        void this.flows.confirmEmail(a.token);
        break;
      case 'track':
        void this.embed.show('civic-report-tracker', { code: a.code });
        break;
      case 'report':
        void this.reportElementFor().then((tag) => this.embed.show(tag, { reportId: a.id }));
        break;
      case 'signin':
        void this.flows.finishExternalSignIn(a.code);
        break;
      case 'signin_error':
        void this.flows.signinError(a.reason);
        break;
    }
  }

  /** Staff open a report from a notification in their console; residents in "Moje zgłoszenia". */
  async reportElementFor(): Promise<string> {
    const session = this.host.session;
    await session.ready();
    const role = session.user?.role ?? '';
    return role === 'staff' || role === 'admin' ? 'civic-staff-console' : 'civic-my-reports';
  }
}
