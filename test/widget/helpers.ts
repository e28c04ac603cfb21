/** Browser-side helpers for the widget tests: tiny assertions, DOM queries through shadow roots, axe. */
import { executeServerCommand } from '@web/test-runner-commands';
import { getSession } from '../../widget/src/core/session.js';
import { chooseLang } from '../../widget/src/core/i18n.js';

/** A signed-out page: forget the shared session (memory and storage) between tests. */
export function signOutLocally(apiUrl: string): void {
  getSession(apiUrl).clear('user');
  sessionStorage.clear();
  localStorage.clear();
  chooseLang(undefined); // a new visitor has chosen no language yet
  // nor a portal view in the address (the portal follows it)
  const url = new URL(location.href);
  ['civic_view', 'civic_report', 'lang'].forEach((k) => url.searchParams.delete(k));
  history.replaceState(null, '', url.pathname + url.search + url.hash);
}

export class AssertionError extends Error {}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message = ''): void {
  if (actual !== expected) throw new AssertionError(`${message} expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function includes(haystack: string | null | undefined, needle: string, message = ''): void {
  if (!haystack?.includes(needle)) throw new AssertionError(`${message} expected ${JSON.stringify(haystack)} to include ${JSON.stringify(needle)}`);
}

export async function waitFor<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > deadline) throw new AssertionError(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Env {
  apiUrl: string;
}

export function env(server = 'main'): Promise<Env> {
  return executeServerCommand('civic-env', { server });
}

export function serverCommand<T>(command: string, payload: Record<string, unknown> = {}): Promise<T> {
  return executeServerCommand(command, payload);
}

let n = 0;
export function uniqueEmail(tag = 'w'): string {
  return `${tag}-${Date.now().toString(36)}-${(n++).toString(36)}-${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export const STRONG_PASSWORD = 'kasztan-rower-Okno-1987-lipa';

export async function createUser(payload: Record<string, unknown> = {}): Promise<{ email: string; password: string }> {
  const email = (payload.email as string) ?? uniqueEmail();
  const password = (payload.password as string) ?? STRONG_PASSWORD;
  await serverCommand('civic-create-user', { ...payload, email, password });
  return { email, password };
}

/** Creates an element in a fresh container and waits for its first render. */
export async function fixture<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}): Promise<HTMLElementTagNameMap[K]> {
  document.body.replaceChildren();
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  await waitFor(() => el.shadowRoot && el.shadowRoot.childElementCount > 0, `${tag} to render`);
  return el;
}

export function $(root: Element, selector: string): HTMLElement | null {
  return (root.shadowRoot ?? root).querySelector<HTMLElement>(selector);
}

/** Deep query through nested shadow roots (the portal hosts other elements). */
export function deep(root: Element | ShadowRoot, selector: string): HTMLElement | null {
  const scope = root instanceof Element && root.shadowRoot ? root.shadowRoot : root;
  const hit = scope.querySelector<HTMLElement>(selector);
  if (hit) return hit;
  for (const el of scope.querySelectorAll('*')) {
    if (el.shadowRoot) {
      const found = deep(el, selector);
      if (found) return found;
    }
  }
  return null;
}

/** The input labelled `text` (exact visible label) inside the element's shadow root. */
export function field(root: Element, text: string): HTMLInputElement | HTMLSelectElement {
  const scope = root.shadowRoot!;
  for (const label of scope.querySelectorAll('label')) {
    const own = [...label.childNodes]
      .filter((c) => c.nodeType === Node.TEXT_NODE)
      .map((c) => c.textContent)
      .join('')
      .trim();
    if (own === text) {
      const control = scope.getElementById(label.htmlFor) as HTMLInputElement | null;
      if (control) return control;
    }
  }
  throw new AssertionError(
    `no field labelled ${JSON.stringify(text)}; labels: ${[...scope.querySelectorAll('label')].map((l) => l.textContent?.trim()).join(' | ')}`,
  );
}

/** The field labelled `text` once it appears (e.g. a field the profile adds after it loads). */
export function fieldWhenShown(root: Element, text: string): Promise<HTMLInputElement | HTMLSelectElement> {
  return waitFor(() => {
    try {
      return field(root, text);
    } catch {
      return undefined;
    }
  }, `field ${text}`);
}

export function button(root: Element, name: string): HTMLButtonElement {
  const b = [...root.shadowRoot!.querySelectorAll('button')].find((x) => x.textContent?.replace(/\s+/g, ' ').trim() === name);
  if (!b)
    throw new AssertionError(
      `no button ${JSON.stringify(name)}; buttons: ${[...root.shadowRoot!.querySelectorAll('button')].map((x) => x.textContent?.trim()).join(' | ')}`,
    );
  return b;
}

/** The focused element, looking through shadow roots. */
export function activeElement(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

export function text(el: Element): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element && n.shadowRoot) n.shadowRoot.childNodes.forEach(walk);
    n.childNodes.forEach(walk);
  };
  walk(el);
  return parts.join(' ').replace(/\s+/g, ' ');
}

interface AxeResults {
  violations: { id: string; impact: string; nodes: { target: unknown; failureSummary: string }[] }[];
}

export async function axe(el: Element): Promise<void> {
  const w = window as unknown as { axe?: { run(ctx: Element, opts: object): Promise<AxeResults> } };
  if (!w.axe) {
    await new Promise<void>((res, rej) => {
      const s = document.createElement('script');
      s.src = '/node_modules/axe-core/axe.min.js';
      s.onload = () => res();
      s.onerror = () => rej(new Error('axe-core did not load'));
      document.head.append(s);
    });
  }
  const results = await w.axe!.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
  const v = results.violations.filter((x) => x.id !== 'region'); // a test page is not a whole site
  assert(
    v.length === 0,
    `axe violations:\n${v.map((x) => `${x.id} (${x.impact}): ${x.nodes.map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary).join('; ')}`).join('\n')}`,
  );
}

export async function submit(el: Element, buttonName: string): Promise<void> {
  button(el, buttonName).click();
  await new Promise((r) => setTimeout(r, 0));
}

export function setValue(control: HTMLInputElement | HTMLSelectElement, value: string | boolean): void {
  if (control instanceof HTMLInputElement && control.type === 'checkbox') control.checked = value === true;
  else control.value = String(value);
  control.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  control.dispatchEvent(new Event('change', { bubbles: true, composed: true }));
}

/** A valid PESEL (checksum and date) that no other test uses, for the Kraków profile. */
export function validPesel(): string {
  const rnd = (n: number) => Math.floor(Math.random() * n);
  const yy = String(50 + rnd(50)).padStart(2, '0');
  const mm = String(1 + rnd(12)).padStart(2, '0');
  const dd = String(1 + rnd(28)).padStart(2, '0');
  const serial = String(rnd(10_000)).padStart(4, '0');
  const digits = `${yy}${mm}${dd}${serial}`.split('').map(Number);
  const weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const sum = digits.reduce((acc, d, i) => acc + d * weights[i]!, 0);
  return `${digits.join('')}${(10 - (sum % 10)) % 10}`;
}

/** A Polish mobile number no other test uses: national form for typing, E.164 for the SMS catcher. */
export function mobileNumber(): { typed: string; e164: string } {
  const rest = String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
  const national = `60${Math.floor(Math.random() * 10)}${rest}`;
  return { typed: `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`, e164: `+48${national}` };
}
