// Screenshots of the staff tools (issue 20) for docs/screenshots/: the staff console's report with the
// reporter's contact, the tracking code and a hidden photo offered "show again"; the queue's CSV button;
// the admin console's audit log with the staff member and the action in words. Real server, Siemianowice profile.
// Usage: npm run build:widget && node --import tsx scripts/screenshots-staff.mjs
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import sharp from 'sharp';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort, spawnWidgetTestServer } from '../test/support/spawn-server.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const PASSWORD = 'kasztan-rower-Okno-1987-lipa';
const port = await freePort();
const site = `http://127.0.0.1:${port}`;
const profile = 'examples/profiles/siemianowice.json';
const api = await spawnWidgetTestServer({ appUrl: `${site}/`, corsOrigins: [site], profile });
const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  const tag = u.searchParams.get('tag');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="${u.searchParams.get('lang')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:16px;max-width:960px}</style></head>
<body><${tag}></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();

const call = async (method, path, body, token) => {
  const form = body instanceof FormData;
  const r = await fetch(`${api.url}/api/v1${path}`, {
    method,
    headers: { ...(form ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: form ? body : JSON.stringify(body),
  });
  return r.json();
};
const photo = (r, g, b) =>
  sharp({ create: { width: 480, height: 320, channels: 3, background: { r, g, b } } })
    .jpeg()
    .toBuffer();

/** Opens `tag` signed in with `session`'s refresh token. */
async function page(tag, lang, session, width = 960) {
  const p = await browser.newPage({ viewport: { width, height: 900 } });
  await p.goto(`${site}/?tag=${tag}&lang=${lang}`);
  await p.evaluate(([t, a]) => sessionStorage.setItem(`civickit:refresh:${a}`, t), [session.refreshToken, api.url]);
  await p.reload();
  return p;
}

try {
  const { runReportCommand } = await import('../test/widget/report-commands.ts');
  const account = async (role, department, firstName, lastName) => {
    const email = `screens-${role}-${Date.now()}@example.com`;
    await runReportCommand('civic-reports-create-user', { email, password: PASSWORD, role, department, firstName, lastName }, api, profile);
    return { email, ...(await call('POST', '/auth/login', { email, password: PASSWORD })) };
  };
  // each page gets its own session: a refresh token is spent once (reusing it ends the family)
  const fresh = (a) => call('POST', '/auth/login', { email: a.email, password: PASSWORD });
  const staff = await account('staff', 'roads', 'Ewa', 'Urzędnik');
  const admin = await account('admin', undefined, 'Adam', 'Administrator');
  const resident = await account('resident', undefined, 'Zofia', 'Żółkiewska');

  const form = new FormData();
  form.append('categoryId', 'pothole');
  form.append('title', 'Zapadnięta studzienka przy szkole');
  form.append('description', 'Studzienka zapadła się o kilka centymetrów, samochody omijają ją po chodniku.');
  form.append('location', JSON.stringify({ lat: 50.3268, lng: 19.0301, address: 'ul. Szkolna 4' }));
  for (const [r, g, b] of [
    [120, 110, 100],
    [90, 120, 150],
  ])
    form.append('photos', new Blob([await photo(r, g, b)], { type: 'image/jpeg' }), 'zdjecie.jpg');
  const report = await call('POST', '/reports', form, resident.accessToken);
  await call('POST', `/reports/${report.id}/moderation`, { reason: 'Na zdjęciu widać twarz przechodnia.', hidePhotos: [0] }, staff.accessToken);

  // the staff console: contact, tracking code, photo 1 hidden with "show again"
  let p = await page('civic-staff-console', 'pl', await fresh(staff));
  const console_ = p.locator('civic-staff-console');
  await console_.locator('.filters').waitFor();
  await console_.locator('.filters').screenshot({ path: `${OUT}civic-staff-console.csv-button.pl.png` });
  console.log('docs/screenshots/civic-staff-console.csv-button.pl.png');
  await console_.locator('.item-title', { hasText: 'Zapadnięta studzienka przy szkole' }).click();
  await console_.locator('[data-photo="0"] img').waitFor();
  await p.waitForTimeout(500);
  await console_.locator('#staff-report-title').scrollIntoViewIfNeeded();
  await console_.locator('article.report').screenshot({ path: `${OUT}civic-staff-console.report.pl.png` });
  console.log('docs/screenshots/civic-staff-console.report.pl.png');
  await console_.locator('.staff-photos').screenshot({ path: `${OUT}civic-staff-console.hidden-photo.pl.png` });
  console.log('docs/screenshots/civic-staff-console.hidden-photo.pl.png');
  await p.close();

  // the admin console's audit log, in Polish and English
  for (const [lang, tab] of [
    ['pl', 'Dziennik zdarzeń'],
    ['en', 'Audit log'],
  ]) {
    p = await page('civic-admin-console', lang, await fresh(admin));
    const el = p.locator('civic-admin-console');
    await el.getByRole('button', { name: tab, exact: true }).click();
    await el.locator('tbody tr').first().waitFor();
    await p.waitForTimeout(300);
    await el.locator('table').screenshot({ path: `${OUT}civic-admin-console.audit.${lang}.png` });
    console.log(`docs/screenshots/civic-admin-console.audit.${lang}.png`);
    await p.close();
  }
} finally {
  await browser.close();
  http.close();
  await api.stop();
}
