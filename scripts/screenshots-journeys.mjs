// Screenshots for issue 14 (docs/screenshots/): the staff report view with its location map, and the
// admin console at a phone's 320 px. (The origin-not-allowed state is written by test/e2e/journeys.test.ts
// with CIVIC_SCREENSHOTS=1.) Tiles: this machine cannot reach openstreetmap.org, so the map shows a
// locally drawn tile. Usage: npm run build:widget && node --import tsx scripts/screenshots-journeys.mjs
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort, spawnWidgetTestServer } from '../test/support/spawn-server.ts';
import { runCommand } from '../test/widget/server-commands.ts';
import { runReportCommand } from '../test/widget/report-commands.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const PROFILE = 'examples/profiles/siemianowice.json';
const PASSWORD = 'kasztan-rower-Okno-1987-lipa';
const port = await freePort();
const site = `http://127.0.0.1:${port}`;
const api = await spawnWidgetTestServer({ appUrl: `${site}/`, corsOrigins: [site], profile: PROFILE });
// a light tile with a few "streets", drawn once as an SVG data URL
const tile = `data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef0e6"/><path d="M0 90H256M0 200H256M70 0V256M180 0V256" stroke="#ffffff" stroke-width="12"/><path d="M0 90H256M70 0V256" stroke="#f3d27a" stroke-width="6"/><rect x="90" y="110" width="70" height="70" fill="#d9dccf"/></svg>')}`;
const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  const tag = u.searchParams.get('tag');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="pl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:8px}</style></head>
<body><${tag} tile-url="${tile}"></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();

async function signedIn(page, email) {
  await page.evaluate(
    async ([e, p, a]) => {
      const r = await fetch(`${a}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: e, password: p }),
      });
      sessionStorage.setItem(`civickit:refresh:${a}`, (await r.json()).refreshToken);
    },
    [email, PASSWORD, api.url],
  );
  await page.reload();
}

try {
  const staff = `staff-${Date.now()}@example.com`;
  const admin = `admin-${Date.now()}@example.com`;
  await runReportCommand('civic-reports-create-user', { email: staff, password: PASSWORD, role: 'staff', department: 'roads' }, api, PROFILE);
  await runReportCommand(
    'civic-reports-create-user',
    { email: admin, password: PASSWORD, role: 'admin', firstName: 'Adam', lastName: 'Administrator' },
    api,
    PROFILE,
  );
  for (const [first, last] of [
    ['Zdzisław', 'Wiśniewski'],
    ['Małgorzata', 'Grzegorzewska-Szczepańska'],
    ['Jan', 'Kowalski'],
  ]) {
    await runCommand(
      'civic-create-user',
      { email: `${last.toLowerCase().replace(/[^a-z]/g, '')}-${Date.now()}@example.com`, password: PASSWORD, firstName: first, lastName: last },
      api,
    );
  }
  // a report placed by a pin only: no address
  await fetch(`${api.url}/api/v1/reports`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      categoryId: 'pavement',
      title: 'Zapadnięty chodnik',
      description: 'Płyty chodnika zapadły się na długości kilku metrów.',
      location: { lat: 50.30731, lng: 19.05342 },
    }),
  });

  let page = await browser.newPage({ viewport: { width: 900, height: 900 } });
  await page.goto(`${site}/?tag=civic-staff-console`);
  await signedIn(page, staff);
  await page.locator('civic-staff-console').getByRole('button', { name: 'Zapadnięty chodnik' }).click();
  await page.locator('civic-location-view').locator('a').waitFor();
  await page.waitForTimeout(500);
  await page.locator('civic-staff-console').screenshot({ path: `${OUT}staff-report-location.png` });
  await page.close();

  page = await browser.newPage({ viewport: { width: 320, height: 900 } });
  await page.goto(`${site}/?tag=civic-admin-console`);
  await signedIn(page, admin);
  await page.locator('civic-admin-console').locator('table').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}admin-console-320.png`, fullPage: true });
  await page.close();
  console.log('docs/screenshots/staff-report-location.png docs/screenshots/admin-console-320.png');
} finally {
  await browser.close();
  http.close();
  await api.stop();
}
