/**
 * Issue 20, end to end: a city page on ANOTHER origin holds only `<civic-portal>`, under exactly the
 * documented strict Content-Security-Policy (map tiles from a third origin). Every email link the server
 * really sends (read from its mailbox) is opened there and its flow completes: activation, password
 * reset, email change, a report's page (reporter), tracking (anonymous reporter), alert confirmation,
 * and from the alert digest the report on the map, alert management and unsubscribing. A
 * `securitypolicyviolation` listener (and the console) must report nothing. Real server, real Chromium.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { type Browser, type Page } from 'playwright-core';
import { actionLink, freePort, spawnWidgetTestServer, waitForMessage, type MailboxMessage, type WidgetTestServer } from '../support/spawn-server.js';
import { launchChromium } from '../support/chromium.js';

const run = promisify(execFile);
const PASSWORD = 'kasztan-rower-Okno-1987-lipa';
const STAFF = { email: 'drogi.e2e@siemianowice.example', password: 'Zielona-Latarnia-2024-x' };

/** Any `civic_action` link in a message, as sent (public-report is not in the shared helper's list). */
function linkFor(m: MailboxMessage, action: string): string {
  const re = new RegExp(`https?://[^\\s"'<>]*civic_action=${action}[^\\s"'<>]*`);
  const hit = re.exec(m.text) ?? re.exec(m.html ?? '');
  assert.ok(hit, `no ${action} link in: ${m.text}`);
  return hit[0].replace(/&amp;/g, '&');
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((r) => server.listen(port, '127.0.0.1', r));
}

describe('every email link in <civic-portal> on another origin under the strict CSP (issue 20)', () => {
  let api: WidgetTestServer;
  let site: Server;
  let tiles: Server;
  let siteUrl: string;
  let browser: Browser;
  let profileDir: string;
  const violations: string[] = [];

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
  };
  const login = async (email: string, password: string) => (await post('/auth/login', { email, password })).json.accessToken as string;

  /** A resident registered through the API and activated from the real email (the portal test of activation is below). */
  async function resident(email: string): Promise<void> {
    const reg = await post('/auth/register', {
      email,
      password: PASSWORD,
      passwordConfirm: PASSWORD,
      firstName: 'Janina',
      lastName: 'Testowa',
      phone: '+48601234567',
      acceptTerms: true,
      locale: 'pl',
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.json));
  }

  /** A new tab of the city's page at `url`, watching for CSP reports from the first byte. */
  async function open(url: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        console.error(`Content Security Policy report: ${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
      });
    });
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (e) => violations.push(`pageerror: ${e.message}`));
    await page.goto(url);
    return page;
  }

  before(async () => {
    const [sitePort, tilePort] = [await freePort(), await freePort()];
    siteUrl = `http://localhost:${sitePort}/`; // "localhost" vs the API's 127.0.0.1: another origin
    const tileOrigin = `http://127.0.0.1:${tilePort}`;
    // the city's tiles from a third origin (as OpenStreetMap's would be): one small PNG for every tile
    const png = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 225, g: 232, b: 220 } } })
      .png()
      .toBuffer();
    tiles = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png));
    await listen(tiles, tilePort);
    profileDir = mkdtempSync(join(tmpdir(), 'civickit-e2e-profile-'));
    const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8')) as { map: { tileUrl: string } };
    profile.map.tileUrl = `${tileOrigin}/{z}/{x}/{y}.png`;
    const profilePath = join(profileDir, 'profile.json');
    writeFileSync(profilePath, JSON.stringify(profile));
    api = await spawnWidgetTestServer({ appUrl: siteUrl, corsOrigins: [`http://localhost:${sitePort}`], profile: profilePath });
    await run(
      'npm',
      ['run', '--silent', 'cli', '--', 'create-user', '--email', STAFF.email, '--password', STAFF.password, '--role', 'staff', '--department', 'roads'],
      { env: { ...process.env, DATA_DIR: api.dataDir, CIVICKIT_CONFIG: profilePath, MONGODB_URI: '' } },
    );
    // exactly the policy docs/embedding.md documents for a city (API.md §7)
    const csp = `default-src 'self'; script-src 'self' ${api.url}; style-src 'self'; img-src 'self' data: ${api.url} ${tileOrigin}; connect-src ${api.url}`;
    site = createServer((req, res) => {
      if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(`<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Miasto</title></head>
<body><h1>Urząd Miasta</h1><civic-portal></civic-portal><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
    });
    await listen(site, sitePort);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await new Promise((r) => tiles?.close(r));
    await api?.stop();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
  });

  afterEach(() => assert.deepEqual(violations, [], 'no CSP report'));

  it('activation link → signed in, the menu names the resident with "Wyloguj"', async () => {
    const email = `e2e-act-${Date.now()}@example.com`;
    await resident(email);
    const link = actionLink(await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=activate')), 'activate');
    assert.ok(link.startsWith(siteUrl), `emails link to APP_URL, the city's page: ${link}`);
    const page = await open(link);
    await page.getByText('Konto zostało aktywowane. Możesz się zalogować.').waitFor();
    assert.ok(!page.url().includes('token='), 'the token left the address bar');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByText('Zalogowano: Janina Testowa').waitFor();
    await page.getByRole('button', { name: 'Wyloguj' }).click();
    await page.getByRole('button', { name: 'Zaloguj się' }).waitFor();
  });

  it('password reset link → the new-password form in the portal → sign in with it', async () => {
    const email = `e2e-reset-${Date.now()}@example.com`;
    await resident(email);
    await post('/auth/activate', { token: new URL(actionLink(await waitForMessage(api.url, email), 'activate')).searchParams.get('token') });
    assert.equal((await post('/auth/password-reset/request', { email })).status, 202);
    const page = await open(actionLink(await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=reset')), 'reset'));
    await page.getByLabel('Nowe hasło', { exact: true }).fill(`${PASSWORD}-nowe`);
    await page.getByLabel('Powtórz hasło', { exact: true }).fill(`${PASSWORD}-nowe`);
    await page.getByRole('button', { name: 'Ustaw nowe hasło' }).click();
    await page.getByText('Hasło zostało zmienione. Możesz się teraz zalogować.').waitFor();
    assert.match(page.url(), /civic_view=password-reset/);
  });

  it('email change link → "Adres e-mail został zmieniony na …"', async () => {
    const email = `e2e-old-${Date.now()}@example.com`;
    const next = `e2e-new-${Date.now()}@example.com`;
    await resident(email);
    await post('/auth/activate', { token: new URL(actionLink(await waitForMessage(api.url, email), 'activate')).searchParams.get('token') });
    assert.equal((await post('/me/email', { email: next, password: PASSWORD }, await login(email, PASSWORD))).status, 202);
    const page = await open(actionLink(await waitForMessage(api.url, next, (m) => m.text.includes('civic_action=confirm_email')), 'confirm_email'));
    await page.getByText(`Adres e-mail został zmieniony na ${next}.`).waitFor();
  });

  it('a report’s link (signed-in reporter) → sign in first → "Moje zgłoszenia" opens that report', async () => {
    const email = `e2e-rep-${Date.now()}@example.com`;
    await resident(email);
    await post('/auth/activate', { token: new URL(actionLink(await waitForMessage(api.url, email), 'activate')).searchParams.get('token') });
    const title = `Dziura e2e ${Date.now()}`;
    const report = await post(
      '/reports',
      {
        categoryId: 'pothole',
        title,
        description: 'Głęboka dziura przy przejściu.',
        location: { lat: 50.3265, lng: 19.0297, address: 'ul. Jana Pawła II 10' },
      },
      await login(email, PASSWORD),
    );
    assert.equal(report.status, 201, JSON.stringify(report.json));
    const staff = await login(STAFF.email, STAFF.password);
    assert.equal((await post(`/reports/${report.json.id as string}/status`, { status: 'in_progress', comment: 'Ekipa w czwartek.' }, staff)).status, 200);
    const page = await open(actionLink(await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=report')), 'report'));
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByText('Ekipa w czwartek.').waitFor();
    assert.match(page.url(), /civic_view=my-reports/);
  });

  it('a tracking link (anonymous reporter) → the tracker looks the report up', async () => {
    const contact = `e2e-anon-${Date.now()}@example.com`;
    const report = await post('/reports', {
      categoryId: 'pothole',
      description: 'Zapadnięta studzienka, e2e.',
      contactEmail: contact,
      location: { lat: 50.327, lng: 19.03, address: 'ul. Śląska 1' },
    });
    assert.equal(report.status, 201, JSON.stringify(report.json));
    const staff = await login(STAFF.email, STAFF.password);
    await post(`/reports/${report.json.id as string}/status`, { status: 'in_progress', comment: 'Zabezpieczono.' }, staff);
    const page = await open(actionLink(await waitForMessage(api.url, contact, (m) => m.text.includes('civic_action=track')), 'track'));
    await page.getByText('Zabezpieczono.').waitFor();
    assert.ok(!/code=/.test(page.url()), 'the tracking code left the address bar');
    assert.match(page.url(), /civic_view=track/);
  });

  it('alert confirmation, then from the digest: the report on the map (tiles and pins placed), managing, unsubscribing', async function () {
    this.timeout(240_000); // the digest waits for the alerts flusher (once a minute)
    const email = `e2e-alert-${Date.now()}@example.com`;
    assert.equal((await post('/alerts', { email, area: { city: true }, locale: 'pl' })).status, 202);
    const confirm = await open(linkFor(await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=alert-confirm')), 'alert-confirm'));
    await confirm.getByText('Potwierdzono. Powiadomienia są włączone.').waitFor();
    assert.match(confirm.url(), /civic_view=alerts/);

    const title = `Dla powiadomień ${Date.now()}`;
    await post('/reports', { categoryId: 'pothole', title, description: 'Nowe zgłoszenie do skrótu.', location: { lat: 50.3265, lng: 19.0297 } });
    // the digest goes out with the alerts flusher (once a minute)
    const digest = await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=public-report'), 150_000);

    const map = await open(linkFor(digest, 'public-report'));
    await map.getByRole('heading', { name: title }).waitFor();
    assert.match(map.url(), /civic_view=map&id=/);
    await map.locator('civic-location-map img').first().waitFor();
    const placed = await map.evaluate(() => {
      const portal = document.querySelector('civic-portal')!.shadowRoot!;
      const view = portal.querySelector('civic-reports-map')!.shadowRoot!.querySelector('civic-location-map')!.shadowRoot!;
      const imgs = Array.from(view.querySelectorAll('img'));
      return { tiles: imgs.length, loaded: imgs.filter((i) => i.naturalWidth > 0).length, positioned: imgs.filter((i) => i.style.left !== '').length };
    });
    assert.ok(placed.tiles > 0 && placed.positioned === placed.tiles, `every tile placed through the CSSOM: ${JSON.stringify(placed)}`);

    const manage = await open(linkFor(digest, 'alerts'));
    await manage.getByRole('button', { name: 'Wypisz się z tego powiadomienia' }).click();
    await manage.getByText('Wypisano. Nie będziemy już wysyłać tych powiadomień.').waitFor();
    assert.match(manage.url(), /civic_view=alerts/);
  });
});
