// Screenshots of signing in with login.gov.pl and the city's SSO (issue 13), taken in headless Chromium
// against a real CivicKit server whose login.gov.pl is the local Węzeł simulator and whose staff
// directory is a real oidc-provider. The browser really goes the whole way: the button, the Węzeł, the
// ACS, back to the page with the one-time code, signed in.
// Usage: npm run build:widget && node --import tsx scripts/screenshots-identity.mjs
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.ts';
import { freePort, spawnWidgetTestServer } from '../test/support/spawn-server.ts';
import { simulatorEndpoints, spKeyFiles, startWezelSimulator } from '../test/support/wezel-simulator.ts';
import { TestOidcProvider } from '../test/support/oidc-op.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const port = await freePort();
const site = `http://127.0.0.1:${port}`;
const sim = await startWezelSimulator();
const op = await new TestOidcProvider({ clientId: 'civickit', clientSecret: 'screens-secret-0123456789', redirectUri: '' }).start();
const sp = spKeyFiles('CivicKit SP (screenshots)');
const { dir } = sp;
const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
profile.identityProviders = [
  {
    ...profile.identityProviders[0],
    ...simulatorEndpoints(sim),
  },
  {
    id: 'urzad',
    type: 'oidc',
    purpose: 'staff',
    label: { pl: 'konto urzędu (Entra ID)', en: 'city account (Entra ID)', de: 'Konto der Stadt (Entra ID)' },
    issuer: op.issuer,
    clientId: 'civickit',
    roleClaim: 'groups',
    roleMap: { staff: 'staff' },
    departmentClaim: 'department',
    trustEmail: true,
  },
];
writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
const api = await spawnWidgetTestServer({
  appUrl: `${site}/`,
  corsOrigins: [site],
  profile: join(dir, 'profile.json'),
  env: { ...sp.env, OIDC_URZAD_CLIENT_SECRET: 'screens-secret-0123456789' },
});
op.client.redirectUri = `${api.url}/api/v1/auth/providers/urzad/callback`;
sim.registerSp({ entityId: `${api.url}/api/v1/auth/providers/login-gov-pl/metadata.xml`, certPem: sp.certPem });
sim.behaviour.person = { pesel: '87022243734', givenName: 'Roch', familyName: 'Testowy', dateOfBirth: '1987-02-22', loa: 'substantial', nameId: 'roch' };

const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  const tag = u.searchParams.get('tag') ?? 'civic-login';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html lang="${u.searchParams.get('lang') ?? 'pl'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><style>body{font-family:"DejaVu Sans",Arial,sans-serif;margin:16px;max-width:760px}</style></head>
<body><${tag}></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();
const shot = async (page, tag, name) => {
  await page.waitForTimeout(300);
  await page.locator(tag).screenshot({ path: `${OUT}${name}.png` });
  console.log(`docs/screenshots/${name}.png`);
};
try {
  for (const lang of ['pl', 'en', 'de']) {
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    await page.goto(`${site}/?tag=civic-login&lang=${lang}`);
    await page.locator('civic-login a[part=provider-button]').first().waitFor();
    await shot(page, 'civic-login', `civic-login-providers.${lang}`);
    await page.close();
  }
  const narrow = await browser.newPage({ viewport: { width: 320, height: 900 } });
  await narrow.goto(`${site}/?tag=civic-login&lang=pl`);
  await narrow.locator('civic-login a[part=provider-button]').first().waitFor();
  await shot(narrow, 'civic-login', 'civic-login-providers.pl.320');
  // the whole way through the Węzeł simulator, by keyboard: Tab to the button, Enter
  await narrow.setViewportSize({ width: 800, height: 900 });
  await narrow.locator('civic-login a[part=provider-button]').first().focus();
  await narrow.keyboard.press('Enter');
  await narrow.waitForURL((u) => u.origin === site && !u.search.includes('code='), { timeout: 30_000 });
  await narrow.getByText('Zalogowano jako Roch Testowy.').first().waitFor({ timeout: 30_000 });
  await shot(narrow, 'civic-login', 'civic-login-signed-in-logingovpl.pl');
  await narrow.goto(`${site}/?tag=civic-account&lang=pl`);
  await narrow.locator('civic-account [part=unlink-button]').waitFor({ timeout: 30_000 });
  await shot(narrow, 'civic-account', 'civic-account-identities.pl');
  await narrow.close();
} finally {
  await browser.close();
  http.close();
  await api.stop();
  await op.stop();
  await sim.close();
}
