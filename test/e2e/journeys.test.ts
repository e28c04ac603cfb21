/**
 * Issue 14, as a webmaster and a resident live it, in a real Chromium against a real server: the
 * page of a city whose origin the server does not allow (item 2), views addressable by URL with
 * Back/Forward and reload (item 3), the language kept across reloads and links (item 4).
 * Set CIVIC_SCREENSHOTS=1 to write the screenshots of docs/screenshots/.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort, spawnWidgetTestServer, type WidgetTestServer } from '../support/spawn-server.js';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'];
const AXE = readFileSync('node_modules/axe-core/axe.min.js', 'utf8');
const SHOTS = process.env.CIVIC_SCREENSHOTS ? 'docs/screenshots/' : undefined;

function cityPage(api: string, lang: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Urząd Miasta</title><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:8px}</style></head>
<body><main><h1>Urząd Miasta</h1><civic-portal></civic-portal></main>
<script src="${api}/widget/civickit.js" defer></script></body></html>`;
}

/** A city's site on its own origin ("localhost:PORT", the API is on 127.0.0.1). */
async function citySite(api: WidgetTestServer, lang = 'pl'): Promise<{ url: string; origin: string; server: Server }> {
  const port = await freePort();
  const server = createServer((req, res) => {
    if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(cityPage(api.url, lang));
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  return { url: `http://localhost:${port}/`, origin: `http://localhost:${port}`, server };
}

export async function axe(page: Page): Promise<void> {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const r = await (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return r.violations.map((v) => `${v.id} (${v.nodes.length})`);
  });
  assert.deepEqual(violations, [], 'axe violations');
}

describe('issue 14: a webmaster embeds the widget on a site the server does not allow yet', () => {
  let api: WidgetTestServer;
  let refused: Awaited<ReturnType<typeof citySite>>;
  let browser: Browser;

  before(async () => {
    api = await spawnWidgetTestServer({ profile: 'examples/profiles/siemianowice.json' });
    refused = await citySite(api);
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => refused?.server.close(r));
    await api?.stop();
  });

  for (const [lang, width, expected] of [
    ['pl', 320, 'nie ma dostępu do serwera zgłoszeń'],
    ['en', 1280, 'is not allowed to use the reports server'],
    ['de', 320, 'darf den Meldungsserver'],
  ] as const) {
    it(`${lang} at ${width}px: says on screen and in the console which origin to add to CORS_ORIGINS, and shows the city's name`, async () => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      const consoleErrors: string[] = [];
      page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
      await page.goto(refused.url);
      await page.evaluate((l) => document.documentElement.setAttribute('lang', l), lang);
      const alert = page.locator('civic-portal').getByRole('alert').filter({ hasText: 'CORS_ORIGINS' });
      await alert.waitFor();
      const said = await alert.innerText();
      assert.ok(said.includes(expected), said);
      assert.ok(said.includes(refused.origin), `names the page's origin: ${said}`);
      assert.ok(!/Brak połączenia|Cannot reach|nicht erreichbar/.test(await page.locator('civic-portal').innerText()), 'does not blame the connection');
      // the header shows the city from the public configuration, not a built-in name
      await page.locator('civic-portal').getByRole('heading', { name: 'Bezpieczne Siemianowice' }).waitFor();
      assert.ok(consoleErrors.some((e) => e.includes(`CORS_ORIGINS=${refused.origin}`)), consoleErrors.join('\n'));
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
