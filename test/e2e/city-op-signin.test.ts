/**
 * The city's OpenID Provider in Chromium: a relying party (openid-client) sends a resident to
 * CivicKit's own sign-in page, the widget's civic-login signs in with a password, the page hands the
 * session to the provider, the consent page names the application and what it asks for (Zezwól /
 * Odmów), and the browser returns to the application with a code the RP exchanges. Real server,
 * real browser; the application's own address is answered by the test (page.route).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { spawnWidgetTestServer, type WidgetTestServer } from '../support/spawn-server.js';
import { runCommand } from '../widget/server-commands.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SECRET = 'voting-app-secret-voting-app-secret-e2e-0123';
const REDIRECT = 'http://voting.test/callback';

async function axe(page: Page): Promise<string[]> {
  // evaluated over CDP: the page's own CSP (script-src 'self') rightly refuses an injected script tag
  await page.evaluate(readFileSync(AXE, 'utf8'));
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string }> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id} (${v.impact})`);
  });
  return violations;
}

describe('the city OpenID Provider’s sign-in and consent pages in Chromium', () => {
  let api: WidgetTestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8')) as Record<string, unknown>;
    profile.oidcClients = [
      {
        clientId: 'voting',
        name: { pl: 'Budżet obywatelski', en: 'Participatory budget', de: 'Bürgerhaushalt', uk: 'Бюджет участі' },
        redirectUris: [REDIRECT],
        scopes: ['openid', 'email', 'profile', 'verification'],
      },
    ];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-op-')), 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    api = await spawnWidgetTestServer({ profile: file, env: { OIDC_CLIENT_VOTING_SECRET: SECRET } });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('signs in with civic-login, asks consent in Polish, and returns to the application with a code that yields the ID token', async () => {
    const email = `op-${Date.now()}@example.com`;
    const password = 'kasztan-rower-Okno-1987-lipa';
    await runCommand('civic-create-user', { email, password, firstName: 'Anna', lastName: 'Nowak' }, api);
    const config = await oidc.discovery(new URL(`${api.url}/oidc`), 'voting', undefined, oidc.ClientSecretBasic(SECRET), {
      execute: [oidc.allowInsecureRequests],
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const start = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email profile verification',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ui_locales: 'pl',
    });
    let returned: URL | undefined;
    await page.route('http://voting.test/**', async (route) => {
      returned = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html lang="pl"><title>Budżet</title><p>ok</p></html>' });
    });

    await page.goto(start.href);
    await page.getByRole('heading', { name: /Zaloguj się do aplikacji: Budżet obywatelski/ }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();

    await page.getByRole('heading', { name: 'Zgoda na udostępnienie danych' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Budżet obywatelski[\s\S]*Adres e-mail[\s\S]*bez numeru PESEL/);
    assert.ok(await page.getByRole('button', { name: 'Odmów' }).isVisible());
    assert.deepEqual(await axe(page), [], 'the consent page passes axe (WCAG 2.1 AA)');
    await page.getByRole('button', { name: 'Zezwól' }).click();

    await page.waitForURL(/voting\.test\/callback/);
    assert.ok(returned, 'the browser came back to the application');
    const tokens = await oidc.authorizationCodeGrant(config, returned, { pkceCodeVerifier: verifier, expectedState: state });
    const claims = tokens.claims()!;
    assert.equal(claims.email, email);
    assert.equal(claims.given_name, 'Anna');
    assert.equal(claims.acr, 'password');
    assert.equal(claims.unique_person, false);
    assert.deepEqual(errors, [], 'no script errors or CSP violations on the provider’s pages');

    // the account page lists the application and disconnects it
    await page.goto(`${api.url}/?civic_view=account`);
    const item = page.locator('civic-connected-apps li', { hasText: 'Budżet obywatelski' });
    await item.waitFor();
    await page.getByRole('button', { name: 'Odłącz aplikację Budżet obywatelski' }).click();
    await page.getByText('Odłączono aplikację Budżet obywatelski').waitFor();
    assert.equal(await item.count(), 0);
  });
});
