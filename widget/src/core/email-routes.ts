/**
 * The email links' routing table and the choice of the element that completes a link (see email-link.ts).
 * Loaded only when the page's address carries `civic_action=` (issue 20: not on the first screen).
 */
import type { AccountFlows } from './account-flows.js';
import type { EmailAction, EmailActionCandidate, EmailActionKind } from './email-link.js';

let pending: EmailAction | null = null;
let candidates: EmailActionCandidate[] = [];
let scheduled = false;

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

function stripFromUrl(): void {
  const url = new URL(location.href);
  // tracking codes are secrets like tokens; report ids go too so a reload does not reopen the report
  for (const k of ['civic_action', 'token', 'id', 'code', 'reason']) url.searchParams.delete(k);
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
}

/** What the choice waits for (email-link.ts's gate: the elements on the page being defined); set by the first offer. */
let getGate: () => Promise<unknown> = () => Promise.resolve();

export function offerEmailAction(candidate: EmailActionCandidate, gate: () => Promise<unknown>): void {
  getGate = gate;
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
  const g = getGate();
  void g.then(() =>
    setTimeout(() => {
      if (g !== getGate())
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

/** The account steps of the table (`flow`); resolves to whether the step succeeded. */
export async function runFlow(flows: AccountFlows, a: EmailAction): Promise<boolean> {
  switch (a.action) {
    case 'activate':
      return (await flows.activate(a.token)) !== undefined;
    case 'confirm_email':
      return flows.confirmEmail(a.token);
    case 'remove_methods':
      return flows.removeMethods(a.token);
    case 'signin':
      await flows.finishExternalSignIn(a.code);
      return true;
    case 'signin_error':
      await flows.signinError(a.reason);
      return true;
    default:
      return false;
  }
}
