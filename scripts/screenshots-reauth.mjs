// Screenshots of "confirm it's you" and linking login.gov.pl from the account page (issue 19), in headless
// Chromium on a page of another origin under the documented strict Content-Security-Policy. The server's
// recent authentication lasts 1 second here so the dialog shows; the browser goes the whole way through
// the local Węzeł simulator. Prints every CSP violation the page reported (there should be none).
// Usage: npm run build:widget && node --import tsx scripts/screenshots-reauth.mjs
import { createServer } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../test/support/chromium.ts';
import { actionLink, freePort, spawnWidgetTestServer, waitForMessage } from '../test/support/spawn-server.ts';
import { simulatorEndpoints, spKeyFiles, startWezelSimulator } from '../test/support/wezel-simulator.ts';

const OUT = new URL('../docs/screenshots/', import.meta.url).pathname;
mkdirSync(OUT, { recursive: true });

const port = await freePort();
const site = `http://localhost:${port}`;
const sim = await startWezelSimulator();
sim.behaviour.signArtifactResponse = false; // as the real node: Response and Assertion signed only
const sp = spKeyFiles('CivicKit SP (screenshots)');
const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
profile.identityProviders = [{ ...profile.identityProviders[0], ...simulatorEndpoints(sim) }];
writeFileSync(join(sp.dir, 'profile.json'), JSON.stringify(profile));
const api = await spawnWidgetTestServer({
  appUrl: `${site}/`,
  corsOrigins: [site],
  profile: join(sp.dir, 'profile.json'),
  env: sp.env,
  limits: { recentAuthSeconds: 1 },
});
sim.registerSp({ entityId: `${api.url}/api/v1/auth/providers/login-gov-pl/metadata.xml`, certPem: sp.certPem });
sim.behaviour.person = { pesel: '87022243734', givenName: 'EWA', familyName: 'LIS', dateOfBirth: '1987-02-22', loa: 'substantial', nameId: 'ewa' };

const email = `ewa.${Date.now()}@example.org`;
const password = 'kasztan-rower-Okno-1987-lipa';
const post = (path, body) => fetch(`${api.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
await post('/auth/register', { email, password, passwordConfirm: password, firstName: 'Ewa', lastName: 'Lis', phone: '+48601234567', acceptTerms: true });
const activation = await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=activate'));
await post('/auth/activate', { token: new URL(actionLink(activation, 'activate')).searchParams.get('token') });

const csp = `default-src 'self'; script-src 'self' ${api.url}; style-src 'self'; img-src 'self' data: ${api.url}; connect-src ${api.url}`;
const http = createServer((req, res) => {
  const u = new URL(req.url, site);
  const tag = u.searchParams.get('tag') ?? 'civic-account';
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(`<!doctype html><html lang="pl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Miasto</title></head>
<body><${tag}></${tag}><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
});
await new Promise((r) => http.listen(port, '127.0.0.1', r));
const browser = await launchChromium();
const violations = [];
try {
  const page = await browser.newPage({ viewport: { width: 800, height: 1000 } });
  await page.exposeFunction('reportViolation', (v) => violations.push(v));
  await page.addInitScript(() =>
    globalThis.document.addEventListener('securitypolicyviolation', (e) => globalThis.reportViolation(`${e.violatedDirective} ${e.blockedURI}`)),
  );
  await page.goto(`${site}/?tag=civic-login`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
  await page.getByText('Zalogowano jako Ewa Lis.').first().waitFor({ timeout: 30_000 });
  await page.goto(`${site}/?tag=civic-account`);
  await page.getByRole('button', { name: 'Połącz z login.gov.pl' }).waitFor({ timeout: 30_000 });
  await page.waitForTimeout(1500);
  await page.getByLabel('Numer telefonu').fill('+48 601 999 111');
  await page.getByRole('button', { name: 'Zapisz zmiany' }).click();
  await page.locator('civic-reauth dialog[open]').waitFor();
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}reauth-dialog.pl.png` });
  console.log('docs/screenshots/reauth-dialog.pl.png');
  await page.locator('civic-reauth #reauth-password').fill(password);
  await page.locator('civic-reauth button[type=submit]').click();
  await page.getByText('Dane zostały zapisane.').first().waitFor({ timeout: 30_000 });
  // linking login.gov.pl: confirm it's you again (a second has passed), then the Węzeł and back
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Połącz z login.gov.pl' }).click();
  await page.locator('civic-reauth dialog[open]').waitFor();
  await page.locator('civic-reauth #reauth-password').fill(password);
  await page.locator('civic-reauth button[type=submit]').click();
  await page.waitForURL((u) => u.origin === site && !u.search.includes('code='), { timeout: 30_000 });
  await page.locator('civic-account [part=unlink-button]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300);
  await page.locator('civic-account').screenshot({ path: `${OUT}civic-account-linked.pl.png` });
  console.log('docs/screenshots/civic-account-linked.pl.png');
  const notice = await waitForMessage(api.url, email, (m) => /metod/.test(m.subject ?? ''));
  console.log(`email to the account: "${notice.subject}"`);
  await page.close();
} finally {
  console.log(`CSP violations: ${violations.length}${violations.length ? `\n  ${violations.join('\n  ')}` : ''}`);
  await browser.close();
  http.close();
  await api.stop();
  await sim.close();
}
