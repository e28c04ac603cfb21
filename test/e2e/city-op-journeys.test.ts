/**
 * Issue 21 in Chromium, the two journeys a city's application sends residents on that the password
 * sign-in test does not: a new Kraków resident who registers on CivicKit's sign-in page, confirms the
 * phone by SMS and the email by its link (opened on the city's page, another origin, under its strict
 * CSP), and is led back to the application; and a resident the application asks for a login.gov.pl
 * sign-in (`acr_values=substantial`), who signs in there (the Węzeł simulator) and comes back to the
 * provider's page, not to the city's. The relying party is openid-client with PKCE (a public client).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import * as oidc from 'openid-client';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { fillKrakowRegistration } from '../support/krakow-form.js';
import { actionLink, freePort, spawnWidgetTestServer, waitForMessage, waitForSmsCode, type WidgetTestServer } from '../support/spawn-server.js';
import { simulatorEndpoints, spKeyFiles, startWezelSimulator, type WezelSimulator } from '../support/wezel-simulator.js';

const PASSWORD = 'kasztan-rower-Okno-1987-lipa';
const REDIRECT = 'http://voting.test/callback';
const NAME = { pl: 'Budżet obywatelski', en: 'Participatory budget', de: 'Bürgerhaushalt', uk: 'Бюджет участі' };

describe('the city OpenID Provider: registration and login.gov.pl on its pages (Kraków, Chromium)', () => {
  let api: WidgetTestServer;
  let sim: WezelSimulator;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let config: oidc.Configuration;
  const problems: string[] = [];

  before(async () => {
    sim = await startWezelSimulator();
    const sp = spKeyFiles('CivicKit SP (e2e OP)');
    const profile = JSON.parse(readFileSync('examples/profiles/krakow.json', 'utf8')) as { identityProviders: object[] } & Record<string, unknown>;
    profile.identityProviders = [{ ...profile.identityProviders[0], ...simulatorEndpoints(sim) }];
    profile.oidcClients = [
      { clientId: 'voting', name: NAME, redirectUris: [REDIRECT], public: true, scopes: ['openid', 'email', 'profile', 'phone', 'verification'] },
    ];
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'civickit-op-krk-')), 'profile.json');
    writeFileSync(file, JSON.stringify(profile));
    const sitePort = await freePort();
    siteUrl = `http://localhost:${sitePort}/`; // the city's page: another origin than the API's 127.0.0.1
    api = await spawnWidgetTestServer({ profile: file, appUrl: siteUrl, corsOrigins: [`http://localhost:${sitePort}`], env: sp.env });
    sim.registerSp({ entityId: `${api.url}/api/v1/auth/providers/login-gov-pl/metadata.xml`, certPem: sp.certPem });
    sim.behaviour.signArtifactResponse = false;
    const csp = `default-src 'self'; script-src 'self' ${api.url}; style-src 'self'; img-src 'self' data: ${api.url}; connect-src ${api.url}`;
    site = createServer((req, res) => {
      if (req.url?.startsWith('/favicon')) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
      res.end(`<!doctype html><html lang="pl"><head><meta charset="utf-8"><title>Kraków</title></head>
<body><h1>Kraków</h1><civic-portal></civic-portal><script src="${api.url}/widget/civickit.js" defer></script></body></html>`);
    });
    await new Promise<void>((r) => site.listen(sitePort, '127.0.0.1', r));
    config = await oidc.discovery(new URL(`${api.url}/oidc`), 'voting', undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await new Promise((r) => site?.close(r));
    await api?.stop();
    await sim?.close();
  });

  /** A fresh browser whose CSP reports, console errors and page errors fail the test; the application's address answered here. */
  async function freshPage(): Promise<{ page: Page; returned: () => URL | undefined }> {
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy report: ${e.violatedDirective} ${e.blockedURI}`));
    });
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    let returned: URL | undefined;
    await page.route('http://voting.test/**', async (route) => {
      returned = new URL(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!DOCTYPE html><html lang="pl"><title>Budżet</title><p>ok</p></html>' });
    });
    return { page, returned: () => returned };
  }

  async function authorization(extra: Record<string, string> = {}) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid email profile phone verification',
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      ui_locales: 'pl',
      ...extra,
    });
    return { url, verifier, state };
  }

  async function consentAndTokens(page: Page, returned: () => URL | undefined, verifier: string, state: string) {
    await page.getByRole('heading', { name: 'Zgoda na udostępnienie danych' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Zezwól' }).click();
    await page.waitForURL(/voting\.test\/callback/);
    const tokens = await oidc.authorizationCodeGrant(config, returned()!, { pkceCodeVerifier: verifier, expectedState: state });
    return tokens.claims()!;
  }

  it('registers on the provider’s page, confirms phone and email, and is led back to the application', async () => {
    const { page, returned } = await freshPage();
    const { url, verifier, state } = await authorization();
    const email = `op-krk-${Date.now()}@example.com`;
    await page.goto(url.href);
    await page.getByRole('heading', { name: /Zaloguj się do aplikacji: Budżet obywatelski/ }).waitFor();
    await page.getByRole('button', { name: 'Zarejestruj się' }).click();
    await fillKrakowRegistration(page, { email, password: PASSWORD, phone: '601 555 777', pesel: '85071512348' });
    await page.getByRole('heading', { name: 'Potwierdź numer telefonu' }).waitFor();
    await page.getByLabel('Kod z SMS-a').fill(await waitForSmsCode(api.url, '+48601555777'));
    await page.getByRole('button', { name: 'Potwierdź', exact: true }).click();
    await page.getByText('Dziękujemy za rejestrację.').waitFor();

    // the activation link is the city's page (APP_URL); it offers the way back to the application
    const link = actionLink(await waitForMessage(api.url, email, (m) => m.text.includes('civic_action=activate')), 'activate');
    assert.ok(link.startsWith(siteUrl), link);
    await page.goto(link);
    await page.getByText('Konto zostało aktywowane. Możesz się zalogować.').waitFor();
    await page.getByRole('link', { name: 'Wróć do aplikacji Budżet obywatelski i zaloguj się' }).click();

    await page.getByRole('heading', { name: /Zaloguj się do aplikacji: Budżet obywatelski/ }).waitFor();
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    const claims = await consentAndTokens(page, returned, verifier, state);
    assert.equal(claims.email, email);
    assert.equal(claims.email_verified, true);
    assert.equal(claims.phone_number, '+48601555777');
    assert.equal(claims.phone_number_verified, true);
    assert.equal(claims.pesel_verified, false, 'a typed PESEL is not a verified one');
    assert.equal(claims.acr, 'password');
    assert.deepEqual(problems, [], 'no CSP report, console or page error');
  });

  it('signs in with login.gov.pl on the provider’s page when the application asks for it, and comes back there', async () => {
    const { page, returned } = await freshPage();
    sim.behaviour.person = { pesel: '87022243734', givenName: 'Roch', familyName: 'Testowy', dateOfBirth: '1987-02-22', loa: 'substantial', nameId: 'roch-op' };
    const { url, verifier, state } = await authorization({ acr_values: 'substantial' });
    await page.goto(url.href);
    await page.getByText('Ta aplikacja wymaga logowania przez login.gov.pl.').waitFor();
    await page.getByRole('link', { name: 'Zaloguj się przez login.gov.pl' }).click();
    const claims = await consentAndTokens(page, returned, verifier, state);
    assert.equal(sim.authnRequests.at(-1)!.loa, 'http://eidas.europa.eu/LoA/substantial');
    assert.equal(claims.acr, 'substantial');
    assert.equal(claims.pesel_verified, true);
    assert.equal(claims.unique_person, true);
    assert.equal(claims.given_name, 'Roch');
    assert.equal('pesel' in claims, false, 'the PESEL never leaves CivicKit');
    assert.deepEqual(problems, [], 'no CSP report, console or page error');
  });
});
