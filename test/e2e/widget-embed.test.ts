/**
 * End to end, as a resident on a city's site: a page on ANOTHER origin with a strict CSP embeds
 * the widget with one script tag from the CivicKit server. Register → activation email from the
 * real SMTP catcher → open the link → log in → see the account. Real server, real Chromium.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { type Browser, type Page } from 'playwright-core';
import { actionLink, freePort, spawnWidgetTestServer, waitForMessage, type WidgetTestServer } from '../support/spawn-server.js';
import { launchChromium } from '../support/chromium.js';

function cityPage(api: string): string {
  return `<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Miasto</title></head>
<body><h1>Urząd Miasta</h1><civic-portal></civic-portal>
<script src="${api}/widget/civickit.js" defer></script></body></html>`;
}

describe('widget embedded on a city page of another origin (strict CSP)', () => {
  let api: WidgetTestServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let page: Page;
  const cspViolations: string[] = [];

  before(async () => {
    const port = await freePort();
    siteUrl = `http://localhost:${port}/`; // "localhost" vs the API's 127.0.0.1: a different origin
    api = await spawnWidgetTestServer({ appUrl: siteUrl, corsOrigins: [`http://localhost:${port}`], profile: 'examples/profiles/siemianowice.json' });
    const csp = [
      "default-src 'none'",
      `script-src ${api.url}`,
      `connect-src ${api.url}`,
      "style-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
      "require-trusted-types-for 'script'",
      'trusted-types lit-html',
    ].join('; ');
    site = createServer((req, res) => {
      if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(cityPage(api.url));
    });
    await new Promise<void>((r) => site.listen(port, '127.0.0.1', r));
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Trusted Type/i.test(m.text())) cspViolations.push(m.text());
    });
    page.on('pageerror', (e) => cspViolations.push(`pageerror: ${e.message}`));
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await api?.stop();
  });

  it('register → activation email → link → log in → account', async () => {
    const email = `e2e-${Date.now()}@example.com`;
    const password = 'kasztan-rower-Okno-1987-lipa';
    await page.goto(siteUrl);

    // The portal's first screen, from the manual.
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await page.getByRole('button', { name: 'Zarejestruj się' }).click();
    await page.getByRole('heading', { name: 'Rejestracja' }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(password);
    await page.getByLabel('Powtórz hasło', { exact: true }).fill(password);
    await page.getByLabel('Imię', { exact: true }).fill('Janina');
    await page.getByLabel('Nazwisko', { exact: true }).fill('Testowa');
    await page.getByLabel('Numer telefonu').fill('+48 601 234 567');
    await page.getByLabel('Akceptuję regulamin').check();
    await page.getByRole('button', { name: 'Zarejestruj się' }).first().click();
    await page.getByText('Dziękujemy za rejestrację.').waitFor();

    const mail = await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=activate'));
    const link = actionLink(mail, 'activate');
    assert.ok(link.startsWith(siteUrl), `the link points at the city page: ${link}`);

    await page.goto(link);
    await page.getByText('Konto zostało aktywowane. Możesz się zalogować.').waitFor();
    await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    assert.ok(!page.url().includes('token='), 'token removed from the address bar');

    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByRole('button', { name: 'Moje konto' }).click();
    await page.getByText('Aktualizacja danych').waitFor();
    await page.getByText(email).waitFor();

    // A reload stays signed in (refresh token kept for the tab).
    await page.reload();
    await page.getByRole('button', { name: 'Moje konto' }).waitFor();

    assert.deepEqual(cspViolations, [], 'no CSP or Trusted Types violations');
  });
});
