/**
 * End to end: a resident on the city's page (the server's demo portal, Siemianowice profile) signs in
 * with login.gov.pl — played by the local Węzeł simulator, the one stand-in allowed — by keyboard, in a
 * real Chromium: the button, the Węzeł, the artifact back at the ACS, the page again with a one-time
 * code, signed in; the account shows the verified identity. A second sign-in with the same PESEL is the
 * same account.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type Page } from 'playwright-core';
import { spawnWidgetTestServer, type WidgetTestServer } from '../support/spawn-server.js';
import { simulatorEndpoints, spKeyFiles, startWezelSimulator, type WezelSimulator } from '../support/wezel-simulator.js';
import { launchChromium } from '../support/chromium.js';

describe('login.gov.pl on the city page (Węzeł simulator, Chromium)', () => {
  let sim: WezelSimulator;
  let api: WidgetTestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    sim = await startWezelSimulator();
    const sp = spKeyFiles('CivicKit SP (e2e)');
    const { dir } = sp;
    const profile = JSON.parse(readFileSync('examples/profiles/siemianowice.json', 'utf8'));
    profile.identityProviders = [
      {
        ...profile.identityProviders[0],
        ...simulatorEndpoints(sim),
      },
    ];
    writeFileSync(join(dir, 'profile.json'), JSON.stringify(profile));
    api = await spawnWidgetTestServer({
      profile: join(dir, 'profile.json'),
      env: sp.env,
    });
    sim.registerSp({ entityId: `${api.url}/api/v1/auth/providers/login-gov-pl/metadata.xml`, certPem: sp.certPem });
    // as the real node does (API.md §3b "login.gov.pl messages"): Response and Assertion signed, the SOAP wrapper not
    sim.behaviour.signArtifactResponse = false;
    sim.behaviour.person = { pesel: '87022243734', givenName: 'Roch', familyName: 'Testowy', dateOfBirth: '1987-02-22', loa: 'substantial', nameId: 'roch' };
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
    await sim?.close();
  });

  async function signInByKeyboard(): Promise<void> {
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    const link = page.getByRole('link', { name: 'Zaloguj się przez login.gov.pl' });
    await link.focus();
    await page.keyboard.press('Enter');
    // back on the city page, the one-time code already spent and gone from the address bar
    await page.waitForURL((u) => u.origin === api.url && !u.search.includes('code='), { timeout: 30_000 });
    await page.getByRole('button', { name: 'Moje konto' }).waitFor({ timeout: 30_000 });
  }

  /** GET /me with the page's own session (its refresh token from sessionStorage, rotated as the widget would). */
  function me(): Promise<{ id: string; identity: { provider: string; loa: string }; hasPesel: boolean }> {
    return page.evaluate(async (apiUrl) => {
      const key = `civickit:refresh:${apiUrl}`;
      const r = await fetch(`${apiUrl}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: sessionStorage.getItem(key) }),
      });
      const { accessToken, refreshToken } = await r.json();
      sessionStorage.setItem(key, refreshToken);
      return (await fetch(`${apiUrl}/api/v1/me`, { headers: { authorization: `Bearer ${accessToken}` } })).json();
    }, api.url);
  }

  it('signs a resident in through login.gov.pl; the account carries the verified identity', async () => {
    await signInByKeyboard();
    assert.equal(sim.authnRequests.length, 1);
    assert.equal(sim.authnRequests[0]!.loa, 'http://eidas.europa.eu/LoA/substantial');
    await page.getByRole('button', { name: 'Moje konto' }).click();
    await page.getByText('Tożsamość potwierdzona przez login.gov.pl').waitFor();
    await page.getByRole('button', { name: 'Odłącz login.gov.pl' }).waitFor();
    const id = await me();
    assert.equal(id.identity.provider, 'login-gov-pl');
    assert.equal(id.identity.loa, 'substantial');
    assert.equal(id.hasPesel, true);

    // log out, sign in again (another NameID, the same PESEL): the same account
    await page.getByRole('button', { name: 'Wyloguj' }).first().click();
    sim.behaviour.person = { ...sim.behaviour.person, nameId: 'roch-second-login' };
    await signInByKeyboard();
    const again = (await me()).id;
    assert.equal(again, id.id);
    assert.deepEqual(errors, []);
  });
});
