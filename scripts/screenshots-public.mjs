// Screenshots of the public side and back office (issue 15) for docs/screenshots/: the reports map
// with its list twin (phone and desktop), alerts, statistics and the staff queue, against a real
// server (Siemianowice profile) with a local light tile so no network is needed.
// Usage: npm run build:widget && node --import tsx scripts/screenshots-public.mjs
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
// a light tile with a faint street grid
const tile = await sharp({ create: { width: 256, height: 256, channels: 3, background: { r: 236, g: 240, b: 232 } } })
  .composite([
    {
      input: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><path d="M0 64H256M0 192H256M80 0V256M200 0V256" stroke="#ffffff" stroke-width="9"/></svg>',
      ),
    },
  ])
  .png()
  .toBuffer();
const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  if (u.pathname.startsWith('/tiles/')) return res.writeHead(200, { 'content-type': 'image/png' }).end(tile);
  const tag = u.searchParams.get('tag');
  const attrs = tag === 'civic-reports-map' || tag === 'civic-alerts' ? ` tile-url="${site}/tiles/{z}/{x}/{y}.png"` : '';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="${u.searchParams.get('lang')}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:16px;max-width:960px}</style></head>
<body><${tag}${attrs}></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();

const post = async (path, body, token) => {
  const r = await fetch(`${api.url}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return r.json();
};

try {
  const { runReportCommand } = await import('../test/widget/report-commands.ts');
  const staffEmail = `screens-staff-${Date.now()}@example.com`;
  await runReportCommand('civic-reports-create-user', { email: staffEmail, password: PASSWORD, role: 'staff', department: 'roads' }, api, profile);
  const staff = await post('/auth/login', { email: staffEmail, password: PASSWORD });
  const places = [
    [0.0012, 0.001],
    [0.0014, 0.0013],
    [-0.002, 0.003],
    [0.003, -0.004],
    [-0.0035, -0.002],
    [0.0005, -0.0015],
  ];
  const titles = [
    'Dziura przy przejściu',
    'Wyrwa w asfalcie',
    'Zapadnięta studzienka',
    'Dziura przy przystanku',
    'Nierówny chodnik',
    'Koleiny na skrzyżowaniu',
  ];
  for (const [i, [dLat, dLng]] of places.entries()) {
    const r = await post('/reports', {
      categoryId: 'pothole',
      title: titles[i],
      description: 'Głęboka dziura, niebezpieczna dla rowerzystów.',
      location: { lat: 50.3265 + dLat, lng: 19.0297 + dLng, address: `ul. Jana Pawła II ${10 + i}` },
    });
    if (i === 2) await post(`/reports/${r.id}/status`, { status: 'resolved', comment: 'Naprawione.' }, staff.accessToken);
    if (i === 3) await post(`/reports/${r.id}/status`, { status: 'accepted', comment: 'Przyjęte.' }, staff.accessToken);
  }
  const shots = [
    ['civic-reports-map', 'pl', 360, 'civic-reports-map.pl.phone'],
    ['civic-reports-map', 'en', 960, 'civic-reports-map.en'],
    ['civic-alerts', 'de', 800, 'civic-alerts.de'],
    ['civic-stats', 'pl', 960, 'civic-stats.pl'],
    ['civic-staff-console', 'pl', 960, 'civic-staff-console.queue.pl'],
  ];
  for (const [tag, lang, width, name] of shots) {
    const page = await browser.newPage({ viewport: { width, height: 800 } });
    await page.goto(`${site}/?tag=${tag}&lang=${lang}`);
    if (tag === 'civic-staff-console') {
      await page.evaluate(([t, a]) => sessionStorage.setItem(`civickit:refresh:${a}`, t), [staff.refreshToken, api.url]);
      await page.reload();
      await page.locator(tag).locator('.item-title').first().waitFor();
    } else if (tag === 'civic-reports-map') {
      await page.locator(tag).locator('.item-title').first().waitFor();
    } else
      await page
        .locator(tag)
        .locator(tag === 'civic-stats' ? 'table' : 'button')
        .first()
        .waitFor();
    await page.waitForTimeout(800);
    await page.locator(tag).screenshot({ path: `${OUT}${name}.png` });
    await page.close();
    console.log(`docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  http.close();
  await api.stop();
}
