/**
 * Issue 14, as a webmaster and a resident live it, in a real Chromium against a real server: the
 * page of a city whose origin the server does not allow (item 2), views addressable by URL with
 * Back/Forward and reload (item 3), the language kept across reloads and links (item 4).
 * Set CIVIC_SCREENSHOTS=1 to write the screenshots of docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { actionLink, freePort, spawnWidgetTestServer, waitForMessage, type WidgetTestServer } from '../support/spawn-server.js';
import { launchChromium } from '../support/chromium.js';

const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const SHOTS = process.env.CIVIC_SCREENSHOTS ? 'docs/screenshots/' : undefined;

function cityPage(api: string, lang: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Urząd Miasta</title><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:8px}</style></head>
<body><main><h1>Urząd Miasta</h1><civic-portal></civic-portal></main>
<script src="${api}/widget/civickit.js" defer></script></body></html>`;
}

/** A city's site on its own origin ("localhost:PORT", the API is on 127.0.0.1). */
async function citySite(api: () => string, port: number, lang = 'pl'): Promise<{ url: string; origin: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(cityPage(api(), lang));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://localhost:${port}/`, origin: `http://localhost:${port}`, server };
}

const PASSWORD = 'kasztan-rower-Okno-1987-lipa';

async function post<T>(api: string, path: string, body: unknown, token?: string, method = 'POST'): Promise<T> {
  const res = await fetch(`${api}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** An active resident (register + the emailed activation link), signed in through the API. */
async function resident(api: string, locale = 'pl'): Promise<{ email: string; accessToken: string }> {
  const email = `journey-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  await post(api, '/auth/register', {
    email,
    password: PASSWORD,
    passwordConfirm: PASSWORD,
    firstName: 'Anna',
    lastName: 'Nowak',
    phone: '+48601234567',
    acceptTerms: true,
    locale,
  });
  const msg = await waitForMessage(api, email, (m) => m.channel === 'email' && m.text.includes('civic_action=activate'));
  await post(api, '/auth/activate', { token: new URL(actionLink(msg, 'activate')).searchParams.get('token') });
  const { accessToken } = await post<{ accessToken: string }>(api, '/auth/login', { email, password: PASSWORD });
  return { email, accessToken };
}

export async function axe(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run(
      document,
      {
        runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      },
    );
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  assert.deepEqual(violations, [], 'axe violations');
}

describe('issue 14: journeys on a city site of another origin', () => {
  let api: WidgetTestServer;
  let site: Awaited<ReturnType<typeof citySite>>;
  let refused: Awaited<ReturnType<typeof citySite>>;
  let browser: Browser;

  before(async () => {
    const [allowedPort, refusedPort] = [await freePort(), await freePort()];
    const apiUrl = () => api.url;
    site = await citySite(apiUrl, allowedPort);
    refused = await citySite(apiUrl, refusedPort);
    api = await spawnWidgetTestServer({ appUrl: site.url, corsOrigins: [site.origin], profile: 'examples/profiles/siemianowice.json' });
    browser = await launchChromium();
  });

  /** A new visitor: its own browser context (storage, history), at this width. */
  const fresh = async (width: number): Promise<Page> => (await browser.newContext({ viewport: { width, height: 900 } })).newPage();

  after(async () => {
    await browser?.close();
    await new Promise((r) => refused?.server.close(r));
    await new Promise((r) => site?.server.close(r));
    await api?.stop();
  });

  describe('item 2: the server does not allow the page yet', () => {
    for (const [lang, width, expected] of [
      ['pl', 320, 'nie ma dostępu do serwera zgłoszeń'],
      ['en', 1280, 'is not allowed to use the reports server'],
      ['de', 320, 'darf den Meldungsserver'],
    ] as const) {
      it(`${lang} at ${width}px: says on screen and in the console which origin to add to CORS_ORIGINS, and shows the city's name`, async () => {
        const page = await fresh(width);
        const consoleErrors: string[] = [];
        page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
        await page.goto(refused.url);
        await page.evaluate((l) => document.documentElement.setAttribute('lang', l), lang);
        const alert = page.locator('civic-portal').getByRole('alert').filter({ hasText: expected });
        await alert.waitFor();
        const said = await alert.innerText();
        assert.ok(said.includes(expected), said);
        assert.ok(said.includes(refused.origin), `names the page's origin: ${said}`);
        assert.ok(!/Brak połączenia|Cannot reach|nicht erreichbar/.test(await page.locator('civic-portal').innerText()), 'does not blame the connection');
        // the header shows the city from the public configuration, not a built-in name
        await page.locator('civic-portal').getByRole('heading', { name: 'Bezpieczne Siemianowice' }).waitFor();
        assert.ok(
          consoleErrors.some((e) => e.includes(`CORS_ORIGINS=${refused.origin}`)),
          consoleErrors.join('\n'),
        );
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px`);
        await axe(page);
        if (SHOTS && lang === 'pl') await page.screenshot({ path: `${SHOTS}origin-not-allowed.png`, fullPage: true });
        await page.close();
      });
    }

    it('GET /api/v1/config answers any origin, and says whether it is allowed', async () => {
      const ask = (origin: string) => fetch(`${api.url}/api/v1/config`, { headers: { origin } });
      const no = await ask('https://elsewhere.example');
      assert.equal(no.status, 200);
      assert.ok(['*', 'https://elsewhere.example'].includes(no.headers.get('access-control-allow-origin') ?? ''), 'readable from any origin');
      const body = (await no.json()) as { originAllowed: boolean; origin: string; name: string };
      assert.equal(body.originAllowed, false);
      assert.equal(body.origin, 'https://elsewhere.example');
      const own = (await (await ask(api.url)).json()) as { originAllowed: boolean };
      assert.equal(own.originAllowed, true);
    });
  });

  const navItem = (page: Page, name: string) => page.locator('civic-portal').getByRole('navigation').getByRole('button', { name, exact: true });
  /** On a narrow screen the menu is folded behind "Menu" (issue 20): opened first, as a resident would. */
  const openMenu = async (page: Page) => {
    await page.locator('civic-portal').locator('.nav-item').first().waitFor({ state: 'attached' });
    const menu = page.locator('civic-portal').locator('button.menu-toggle');
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) === 'false') await menu.click();
  };
  const nav = (page: Page, name: string) => ({
    click: async () => {
      await openMenu(page);
      await navItem(page, name).click();
    },
    waitFor: async () => {
      await openMenu(page);
      await navItem(page, name).waitFor();
    },
  });
  const inView = (page: Page, role: 'heading', name: string) => page.locator('civic-portal').getByRole(role, { name, exact: true }).first();

  describe('item 3: views in the address, Back/Forward, reload, return after sign-in', () => {
    for (const width of [320, 1280]) {
      it(`at ${width}px: Back after "Komunikaty" returns to the portal's home, Forward and reload keep the view`, async () => {
        const page = await fresh(width);
        await page.goto(site.url);
        await nav(page, 'Komunikaty').click();
        await inView(page, 'heading', 'Komunikaty').waitFor();
        assert.match(page.url(), /[?&]civic_view=announcements\b/);
        await nav(page, 'Zaloguj się').click();
        await page.locator('civic-portal').getByLabel('E-mail', { exact: true }).waitFor();
        await page.goBack();
        await inView(page, 'heading', 'Komunikaty').waitFor();
        assert.match(page.url(), /civic_view=announcements/);
        await page.goBack();
        assert.equal(page.url(), site.url, 'still on the city page, at its home');
        await page.locator('civic-portal').getByText('Jest to aplikacja służąca do zgłaszania').waitFor();
        await page.goForward();
        await inView(page, 'heading', 'Komunikaty').waitFor();
        await page.reload();
        await inView(page, 'heading', 'Komunikaty').waitFor();
        await axe(page);
        await page.close();
      });
    }

    it('an emailed report link opened signed out: log in, then the report itself', async () => {
      const r = await resident(api.url);
      const title = `Link po zalogowaniu ${Date.now()}`;
      const { id } = await post<{ id: string }>(
        api.url,
        '/reports',
        { categoryId: 'pothole', title, description: 'Dziura w jezdni na rogu.', location: { lat: 50.32, lng: 19.03 } },
        r.accessToken,
      );
      const page = await fresh(320);
      await page.goto(`${site.url}?civic_action=report&id=${id}&lang=pl`);
      const portal = page.locator('civic-portal');
      await portal.getByLabel('E-mail', { exact: true }).fill(r.email);
      await portal.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
      await portal.getByRole('button', { name: 'Zaloguj', exact: true }).click();
      await portal.getByRole('heading', { name: title }).waitFor();
      assert.match(page.url(), new RegExp(`civic_report=${id}`), 'the address names the report, so it can be shared');
      // the shared address opens the same report after a reload
      await page.reload();
      await portal.getByRole('heading', { name: title }).waitFor();
      await axe(page);
      await page.close();
    });
  });

  describe('item 4: the language is kept', () => {
    it('EN chosen, reload: still English; a German account signs in on a fresh device: German', async () => {
      const page = await fresh(1280);
      await page.goto(site.url);
      await page.locator('civic-portal').getByRole('button', { name: 'EN – English' }).click();
      await nav(page, 'Announcements').waitFor();
      await page.reload();
      await nav(page, 'Announcements').waitFor();
      await axe(page);
      await page.close();

      const de = await resident(api.url, 'de');
      const device = await fresh(320);
      await device.goto(site.url);
      await nav(device, 'Zaloguj się').click();
      const portal = device.locator('civic-portal');
      await portal.getByLabel('E-mail', { exact: true }).fill(de.email);
      await portal.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
      await portal.getByRole('button', { name: 'Zaloguj', exact: true }).click();
      await nav(device, 'Mitteilungen').waitFor();
      await axe(device);
      await device.close();
    });

    it("an English resident's email link opens the portal in English", async () => {
      const email = `journey-en-${Date.now()}@example.com`;
      await post(api.url, '/auth/register', {
        email,
        password: PASSWORD,
        passwordConfirm: PASSWORD,
        firstName: 'Ann',
        lastName: 'Smith',
        phone: '+48601234568',
        acceptTerms: true,
        locale: 'en',
      });
      const link = actionLink(await waitForMessage(api.url, email, (m) => m.channel === 'email' && m.text.includes('civic_action=activate')), 'activate');
      assert.match(link, /[?&]lang=en\b/);
      const page = await fresh(320);
      await page.goto(link);
      await nav(page, 'Announcements').waitFor();
      await page.locator('civic-portal').getByText('Your account is active.', { exact: false }).first().waitFor();
      await axe(page);
      await page.close();
    });
  });
});
