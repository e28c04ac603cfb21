// Screenshots of each element in each language for docs/embedding.md, taken in headless Chromium
// against a real CivicKit server (Siemianowice profile). Usage: npm run build:widget && node --import tsx scripts/screenshots.mjs
import { createServer } from 'node:http';
import { mkdirSync } from 'node:fs';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort, spawnWidgetTestServer } from '../test/support/spawn-server.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });
const ELEMENTS = [
  'civic-portal',
  'civic-login',
  'civic-register',
  'civic-password-reset',
  'civic-account',
  'civic-report-form',
  'civic-report-tracker',
  'civic-announcements',
  'civic-my-reports',
];
// shown signed in as the resident below; and what to wait for when an element has no button
const SIGNED_IN = new Set(['civic-account', 'civic-my-reports']);
const READY = { 'civic-announcements': 'h2', 'civic-my-reports': 'h2' };
const LANGS = ['pl', 'en', 'de'];

const port = await freePort();
const site = `http://127.0.0.1:${port}`;
const api = await spawnWidgetTestServer({ appUrl: `${site}/`, corsOrigins: [site], profile: 'examples/profiles/siemianowice.json' });
const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  const tag = u.searchParams.get('tag');
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="${u.searchParams.get('lang')}">
<head><meta charset="utf-8"><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:16px;max-width:760px}</style></head>
<body><${tag}></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();
try {
  // An account to show civic-account signed in.
  const email = `screens-${Date.now()}@example.com`;
  const password = 'kasztan-rower-Okno-1987-lipa';
  const { runCommand } = await import('../test/widget/server-commands.ts');
  await runCommand('civic-create-user', { email, password, firstName: 'Anna', lastName: 'Nowak' }, api);
  for (const lang of LANGS) {
    for (const tag of ELEMENTS) {
      const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
      await page.goto(`${site}/?tag=${tag}&lang=${lang}`);
      if (SIGNED_IN.has(tag)) {
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
        if (tag === 'civic-account') await page.locator('civic-account').getByRole('button').nth(1).waitFor();
      }
      await page
        .locator(`${tag}`)
        .locator(READY[tag] ?? 'button')
        .first()
        .waitFor();
      await page.waitForTimeout(300);
      await page.locator(tag).screenshot({ path: `${OUT}${tag}.${lang}.png` });
      await page.close();
      console.log(`docs/screenshots/${tag}.${lang}.png`);
    }
  }
} finally {
  await browser.close();
  http.close();
  await api.stop();
}
