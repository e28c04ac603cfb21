// Screenshots of the issue-20 journeys for docs/embedding.md: the portal's menu (signed in, and folded at
// 320 px), the map under the documented strict CSP (tiles from a third origin), an alert email's link opened
// in the portal, and Ukrainian. Headless Chromium against a real server (Siemianowice profile).
// Usage: npm run build:widget && node --import tsx scripts/screenshots-portal.mjs
import { createServer } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort, spawnWidgetTestServer, waitForMessage } from '../test/support/spawn-server.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const [sitePort, tilePort] = [await freePort(), await freePort()];
const site = `http://localhost:${sitePort}`;
const tileOrigin = `http://127.0.0.1:${tilePort}`;
// light tiles with a faint grid, so the map is visibly placed (the real profile uses OpenStreetMap's)
const tile = await sharp({
  create: { width: 256, height: 256, channels: 3, background: { r: 232, g: 238, b: 226 } },
})
  .composite([
    {
      input: Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><path d="M0 0H256V256" fill="none" stroke="#c5cfbf" stroke-width="2"/></svg>',
      ),
      top: 0,
      left: 0,
    },
  ])
  .png()
  .toBuffer();
const tiles = createServer((_q, r) => r.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(tile));
await new Promise((r) => tiles.listen(tilePort, '127.0.0.1', r));
const dir = mkdtempSync(join(tmpdir(), 'civickit-shots-'));
const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
profile.map.tileUrl = `${tileOrigin}/{z}/{x}/{y}.png`;
writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
const api = await spawnWidgetTestServer({ appUrl: `${site}/`, corsOrigins: [site], profile: join(dir, 'profile.json') });
const csp = `default-src 'self'; script-src 'self' ${api.url}; style-src 'self'; img-src 'self' data: ${api.url} ${tileOrigin}; connect-src ${api.url}`;
const http = createServer((req, res) => {
  const lang = new URL(req.url, site).searchParams.get('lang') ?? 'pl';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(`<!doctype html><html lang="${lang}">
<head><meta charset="utf-8"><title>Miasto</title></head><body><civic-portal></civic-portal><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(sitePort, '127.0.0.1', r));
const browser = await launchChromium();
const reports = [];
const post = async (path, body, token) =>
  (
    await fetch(`${api.url}/api/v1${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    })
  ).json();
try {
  const { runCommand } = await import('../test/widget/server-commands.ts');
  const email = `screens-${Date.now()}@example.com`;
  const password = 'kasztan-rower-Okno-1987-lipa';
  await runCommand('civic-create-user', { email, password, firstName: 'Anna', lastName: 'Nowak' }, api);
  for (const [i, [lat, lng, title]] of [
    [50.3265, 19.0297, 'Dziura przy przejściu dla pieszych'],
    [50.3281, 19.0261, 'Nieczynna latarnia'],
    [50.3248, 19.0335, 'Zaśmiecony skwer'],
  ].entries()) {
    reports.push(
      await post('/reports', {
        categoryId: ['pothole', 'street-light', 'litter'][i],
        title,
        description: `${title}, od tygodnia.`,
        location: { lat, lng, address: 'ul. Jana Pawła II 10' },
      }),
    );
  }
  const shoot = async (name, url, { width = 1024, height = 720, signedIn = false, ready, act } = {}) => {
    const page = await browser.newPage({ viewport: { width, height } });
    const reportsSeen = [];
    page.on('console', (m) => /Content Security Policy/.test(m.text()) && reportsSeen.push(m.text()));
    await page.goto(url);
    if (signedIn) {
      await page.evaluate(
        async ([e, p, a]) => {
          const r = await fetch(`${a}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email: e, password: p }),
          });
          sessionStorage.setItem(`civickit:refresh:${a}`, (await r.json()).refreshToken);
        },
        [email, password, api.url],
      );
      await page.reload();
    }
    if (ready) await page.getByText(ready).first().waitFor();
    if (act) await act(page);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${OUT}${name}.png`, fullPage: true });
    if (reportsSeen.length) throw new Error(`${name}: CSP reports ${reportsSeen.join('; ')}`);
    await page.close();
    console.log(`wrote docs/screenshots/${name}.png`);
  };
  await shoot('portal-menu.pl', `${site}/?lang=pl`, { signedIn: true, ready: 'Zalogowano: Anna Nowak' });
  await shoot('portal-menu-320.pl', `${site}/?lang=pl`, {
    width: 320,
    height: 640,
    signedIn: true,
    act: (p) => p.getByRole('button', { name: 'Menu' }).click(),
    ready: 'Uruchom bez logowania',
  });
  await shoot('portal-map-csp.pl', `${site}/?lang=pl&civic_view=map&id=${reports[0].id}`, { ready: 'Dziura przy przejściu dla pieszych' });
  const alertEmail = `alert-${Date.now()}@example.com`;
  await post('/alerts', { email: alertEmail, area: { city: true }, locale: 'pl' });
  const mail = await waitForMessage(api.url, alertEmail, (m) => m.text.includes('civic_action=alert-confirm'));
  const link = /https?:\/\/[^\s"'<>]*civic_action=alert-confirm[^\s"'<>]*/.exec(mail.text)[0];
  await shoot('portal-alert-link.pl', link, { ready: 'Potwierdzono. Powiadomienia są włączone.' });
  await shoot('civic-portal.uk', `${site}/?lang=uk`, { ready: 'Карта звернень' });
  await shoot('portal-map.uk', `${site}/?lang=uk&civic_view=map`, { ready: 'Список звернень' });
} finally {
  await browser.close();
  http.close();
  tiles.close();
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
}
