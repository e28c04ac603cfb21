/**
 * Passkeys end to end in Chromium, on the demo portal at http://localhost:PORT (browsers refuse
 * WebAuthn on http://127.0.0.1): sign in with a password, add a passkey in "Moje konto" (a CDP virtual
 * authenticator: CTAP2, internal transport, resident keys, user verification), rename it, sign out,
 * sign in with the passkey in civic-login, then remove it and see it refused. Real server, real browser.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { type Browser, type CDPSession, type Page } from 'playwright-core';
import { spawnWidgetTestServer, type WidgetTestServer } from '../support/spawn-server.js';
import { runCommand } from '../widget/server-commands.js';
import { launchChromium } from '../support/chromium.js';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string;
  nodes: { target: unknown; failureSummary: string }[];
}

/** axe-core (WCAG 2.1 A/AA + best practice) over the page, shadow roots included. */
async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return r.violations;
  });
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join('; ')}`);
}

describe('passkeys in Chromium (CDP virtual authenticator, demo portal at localhost)', () => {
  let api: WidgetTestServer;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let authenticatorId: string;
  let site: string;
  const errors: string[] = [];

  before(async () => {
    api = await spawnWidgetTestServer({ profile: 'examples/profiles/siemianowice.json' });
    site = `http://localhost:${api.port}/`;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable', { enableUI: false });
    ({ authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    }));
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('says where the demo works with passkeys when it starts', () => {
    assert.match(api.output(), new RegExp(`Passkeys: open http://localhost:${api.port}/`));
  });

  it('adds a passkey after sign-in, signs out, and signs in with it; a removed passkey is refused', async () => {
    const email = `passkey-${Date.now()}@example.com`;
    const openLogin = async () => {
      await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
      await page.getByRole('heading', { name: 'Logowanie' }).waitFor();
    };
    const emailAutocomplete = () => page.getByLabel('E-mail', { exact: true }).getAttribute('autocomplete');
    const password = 'kasztan-rower-Okno-1987-lipa';
    await runCommand('civic-create-user', { email, password, firstName: 'Anna', lastName: 'Nowak' }, api);

    await page.goto(site);
    await openLogin();
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByRole('button', { name: 'Moje konto' }).click();

    // civic-account: the passkeys section
    await page.getByRole('heading', { name: 'Klucze dostępu' }).waitFor();
    await page.getByText('Nie masz jeszcze żadnego klucza dostępu.').waitFor();
    await page.getByLabel('Nazwa klucza').fill('Chromium testowy');
    await page.getByRole('button', { name: 'Dodaj klucz dostępu' }).click();
    await page.getByRole('status').filter({ hasText: 'Dodano klucz dostępu „Chromium testowy”' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1, 'the authenticator holds one passkey');
    assert.equal(credentials[0]!.isResidentCredential, true, 'discoverable');
    assert.equal(credentials[0]!.rpId, 'localhost');

    // rename by keyboard: the button names the passkey for screen readers; focus returns to it
    await page.getByRole('button', { name: 'Zmień nazwę klucza „Chromium testowy”' }).click();
    const field = page.getByRole('listitem').getByLabel('Nazwa klucza');
    assert.equal(await field.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true, 'focus moves to the name field');
    await field.fill('Laptop');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Zmieniono nazwę klucza na „Laptop”.' }).waitFor();
    const rename = page.getByRole('button', { name: 'Zmień nazwę klucza „Laptop”' });
    assert.equal(await rename.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement), true, 'focus back on the rename button');
    assert.deepEqual(await axe(page), [], 'the account with its passkeys is axe clean');

    // signed out, the login screen offers the passkey in the email field's autofill and as a button
    // (presence off: the waiting autofill request must not complete by itself yet)
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: false });
    await page.getByRole('button', { name: 'Wyloguj' }).first().click();
    await page.getByRole('button', { name: 'Moje konto' }).waitFor({ state: 'detached' });
    await openLogin();
    assert.equal(await page.evaluate(() => PublicKeyCredential.isConditionalMediationAvailable()), true, 'this Chromium offers conditional UI');
    assert.equal(await emailAutocomplete(), 'username webauthn');
    await page.getByRole('button', { name: 'Zaloguj się kluczem dostępu' }).waitFor();
    assert.deepEqual(await axe(page), [], 'the login screen with its passkey button is axe clean');

    // conditional UI: Chromium's virtual environment answers the waiting autofill request at once
    // (the login screen may be gone before its heading can be seen: the answer signs the resident in within a frame,
    // so waiting for "Logowanie" here raced the sign-in and timed out in about half the runs)
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled: true });
    await page.reload();
    await page.getByRole('button', { name: 'Zaloguj się', exact: true }).click();
    await page.getByRole('button', { name: 'Moje konto' }).click();
    await page.getByText(email).waitFor();
    await page.getByText('ostatnio użyty').waitFor();

    // a browser without conditional UI: the button opens the browser's passkey dialog
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await page.getByRole('button', { name: 'Wyloguj' }).first().click();
    await page.reload();
    await openLogin();
    assert.equal(await emailAutocomplete(), 'email');
    await page.getByRole('button', { name: 'Zaloguj się kluczem dostępu' }).click();
    await page.getByRole('button', { name: 'Moje konto' }).click();
    await page.getByText(email).waitFor();

    // remove it: the authenticator still holds it, but the server no longer accepts it
    await page.getByRole('button', { name: 'Usuń klucz „Laptop”' }).click();
    await page.getByRole('status').filter({ hasText: 'Usunięto klucz dostępu „Laptop”' }).waitFor();
    await page.getByText('Nie masz jeszcze żadnego klucza dostępu.').waitFor();
    await page.getByRole('button', { name: 'Wyloguj' }).first().click();
    await openLogin();
    await page.getByRole('button', { name: 'Zaloguj się kluczem dostępu' }).click();
    await page.getByRole('alert').filter({ hasText: 'Nie rozpoznajemy tego klucza dostępu.' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Moje konto' }).count(), 0, 'still signed out');
    assert.deepEqual(errors, []);
  });
});
