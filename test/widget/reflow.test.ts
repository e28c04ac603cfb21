/**
 * Reflow (WCAG 1.4.10): at 320 CSS px wide, and at 400 % zoom of a 1280 × 1024 window (320 × 256 CSS px),
 * nothing scrolls sideways and every control can still be reached with Tab.
 */
import { sendKeys, setViewport } from '@web/test-runner-commands';
import { boot } from '../../widget/src/civickit.js';
import '../../widget/src/components/civic-login/civic-login.js';
import '../../widget/src/components/civic-register/civic-register.js';
import '../../widget/src/components/civic-account/civic-account.js';
import { getSession } from '../../widget/src/core/session.js';
import { activeElement, assert, AssertionError, createUser, env, signOutLocally, waitFor } from './helpers.js';

const VIEWPORTS = [
  { name: '320 CSS px', width: 320, height: 640 },
  { name: '400 % zoom of 1280 × 1024', width: 320, height: 256 },
] as const;

const CONTROLS = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';

let apiUrl: string;
let krakowUrl: string;

/** Every element of the element's shadow tree, through nested shadow roots (the portal hosts others). */
function shadowElements(host: Element): Element[] {
  const out: Element[] = [];
  const walk = (root: ShadowRoot) => {
    for (const el of root.querySelectorAll('*')) {
      out.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  if (host.shadowRoot) walk(host.shadowRoot);
  return out;
}

function describeEl(el: Element): string {
  const id = el.id ? `#${el.id}` : '';
  const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
  const label = (el.getAttribute('aria-label') ?? el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 40);
  return `<${el.localName}${id}${cls}> "${label}"`;
}

/** Rendered and focusable by a keyboard user (not disabled, not display:none/visibility:hidden). */
function isTabbable(el: Element): boolean {
  if ((el as HTMLButtonElement).disabled) return false;
  if (el instanceof HTMLInputElement && el.type === 'hidden') return false;
  if (el.closest('[inert]')) return false;
  if (el.getClientRects().length === 0) return false;
  return getComputedStyle(el).visibility !== 'hidden';
}

function assertNoHorizontalScroll(host: Element): void {
  const vw = window.innerWidth;
  const root = document.documentElement;
  assert(root.scrollWidth <= vw, `the page scrolls sideways: scrollWidth ${root.scrollWidth} > ${vw}`);
  const wide: string[] = [];
  for (const el of shadowElements(host)) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.width > vw + 0.5 || r.right > vw + 0.5 || r.left < -0.5) {
      wide.push(`${describeEl(el)} spans ${r.left.toFixed(1)}..${r.right.toFixed(1)}`);
    }
    const ox = getComputedStyle(el).overflowX;
    if ((ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1) {
      wide.push(`${describeEl(el)} scrolls sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
  }
  assert(wide.length === 0, `wider than the ${vw} px viewport:\n${wide.join('\n')}`);
}

/** Tabs from a button before the element to one after it; every control in between must take focus. */
async function assertTabReachesEverything(host: Element): Promise<void> {
  const controls = shadowElements(host).filter((el) => el.matches(CONTROLS) && isTabbable(el));
  assert(controls.length > 0, 'no controls found');
  const before = document.getElementById('before') as HTMLButtonElement;
  const after = document.getElementById('after') as HTMLButtonElement;
  before.focus();
  const reached = new Set<Element>();
  for (let i = 0; i < controls.length + 20; i++) {
    await sendKeys({ press: 'Tab' });
    const a = activeElement();
    if (!a || a === after) break;
    reached.add(a);
    const r = a.getBoundingClientRect();
    assert(r.right <= window.innerWidth + 0.5 && r.left >= -0.5, `${describeEl(a)} is focused outside the viewport (${r.left}..${r.right})`);
  }
  equal(activeElement(), after, 'Tab leaves the element after its last control');
  const missed = controls.filter((c) => !reached.has(c));
  assert(missed.length === 0, `not reachable by Tab: ${missed.map(describeEl).join(', ')}`);
}

function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new AssertionError(`${message}: got ${actual instanceof Element ? describeEl(actual) : String(actual)}`);
}

/** The element between two plain buttons, as a city page would have links around it. */
async function mount(tag: string, attrs: Record<string, string>, ready: (el: Element) => unknown): Promise<Element> {
  document.body.replaceChildren();
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  const b = Object.assign(document.createElement('button'), { id: 'before', textContent: 'before' });
  const a = Object.assign(document.createElement('button'), { id: 'after', textContent: 'after' });
  document.body.append(b, el, a);
  await waitFor(() => ready(el), `${tag} to render`);
  // Fonts, the profile's texts and the language chunk settle the layout.
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  return el;
}

const CASES: { name: string; mount: () => Promise<Element> }[] = [
  {
    name: 'civic-portal',
    mount: () => {
      signOutLocally(apiUrl);
      return mount(
        'civic-portal',
        { lang: 'pl', 'api-url': apiUrl },
        (el) => el.shadowRoot?.querySelector('.nav-item') && el.shadowRoot.textContent?.includes('Siemianowice'),
      );
    },
  },
  {
    name: 'civic-login',
    mount: () => {
      signOutLocally(apiUrl);
      return mount('civic-login', { lang: 'pl', 'api-url': apiUrl }, (el) => el.shadowRoot?.querySelector('form'));
    },
  },
  {
    name: 'civic-login with the error summary',
    mount: async () => {
      signOutLocally(apiUrl);
      const el = await mount('civic-login', { lang: 'de', 'api-url': apiUrl }, (e) => e.shadowRoot?.querySelector('form'));
      el.shadowRoot!.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
      await waitFor(() => el.shadowRoot!.querySelector('.error-summary'), 'error summary');
      return el;
    },
  },
  {
    name: 'civic-register',
    mount: () => {
      signOutLocally(apiUrl);
      return mount('civic-register', { lang: 'pl', 'api-url': apiUrl }, (el) => el.shadowRoot?.querySelector('form'));
    },
  },
  {
    name: 'civic-register (Kraków: district and PESEL)',
    mount: () => {
      signOutLocally(krakowUrl);
      return mount('civic-register', { lang: 'de', 'api-url': krakowUrl }, (el) => el.shadowRoot?.querySelector('select'));
    },
  },
  {
    name: 'civic-account',
    mount: async () => {
      signOutLocally(apiUrl);
      const { email, password } = await createUser({ firstName: 'Małgorzata', lastName: 'Brzęczyszczykiewicz' });
      await getSession(apiUrl).login(email, password);
      return mount('civic-account', { lang: 'pl', 'api-url': apiUrl }, (el) => el.shadowRoot?.querySelector('#data-form'));
    },
  },
];

describe('reflow at 320 CSS px and 400 % zoom', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    krakowUrl = (await env('krakow')).apiUrl;
    boot({ apiUrl });
  });

  after(async () => {
    await setViewport({ width: 800, height: 600 });
    document.body.replaceChildren();
  });

  for (const vp of VIEWPORTS) {
    for (const c of CASES) {
      it(`${c.name} at ${vp.name}: no sideways scrolling, every control reachable by Tab`, async () => {
        await setViewport({ width: vp.width, height: vp.height });
        const el = await c.mount();
        equal(window.innerWidth, vp.width, 'viewport width');
        assertNoHorizontalScroll(el);
        await assertTabReachesEverything(el);
      });
    }
  }
});
