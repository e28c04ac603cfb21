/**
 * End to end with the Kraków profile (CIVICKIT_CONFIG=examples/profiles/krakow.json) on the server's own
 * demo page: register with district, PESEL and a mobile phone → SMS code from the dev mailbox → the
 * activation email's link → log in → the account. A second registration on the same PESEL is refused.
 */
import assert from 'node:assert/strict';
import { type Browser, type Page } from 'playwright-core';
import { actionLink, spawnWidgetTestServer, waitForMessage, waitForSmsCode, type WidgetTestServer } from '../support/spawn-server.js';
import { launchChromium } from '../support/chromium.js';
import { fillKrakowRegistration } from '../support/krakow-form.js';

const PASSWORD = 'kasztan-rower-Okno-1987-lipa';
const PESEL = '85071512348'; // 1985-07-15, valid checksum

function fillRegistration(page: Page, email: string, phone: string): Promise<void> {
  return fillKrakowRegistration(page, { email, password: PASSWORD, phone, pesel: PESEL });
}

describe('Kraków: registration with district, PESEL and SMS code on the demo page', () => {
  let api: WidgetTestServer;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  before(async () => {
    api = await spawnWidgetTestServer({ profile: 'examples/profiles/krakow.json' });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('register → SMS code → activation link → log in → account; the same PESEL again is "taken"', async () => {
    const email = `krk-e2e-${Date.now()}@example.com`;
    await page.goto(`${api.url}/`);
    await page.getByRole('button', { name: 'Zaloguj się' }).click();
    await page.getByRole('button', { name: 'Zarejestruj się' }).click();
    await fillRegistration(page, email, '601 555 123');

    await page.getByRole('heading', { name: 'Potwierdź numer telefonu' }).waitFor();
    const code = await waitForSmsCode(api.url, '+48601555123');
    await page.getByLabel('Kod z SMS-a').fill(code);
    await page.getByRole('button', { name: 'Potwierdź', exact: true }).click();
    await page.getByText('Dziękujemy za rejestrację.').waitFor();
    await page.getByText('Na Twoje konto email został wysłany email z linkiem aktywacyjnym.').waitFor();

    const mail = await waitForMessage(api.url, email, (m) => m.channel === 'email' && m.text.includes('civic_action=activate'));
    await page.goto(actionLink(mail, 'activate'));
    await page.getByText('Konto zostało aktywowane. Możesz się zalogować.').waitFor();
    assert.ok(!page.url().includes('token='), 'token removed from the address bar');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByLabel('Hasło', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await page.getByRole('button', { name: 'Moje konto' }).click();
    await page.getByText('Aktualizacja danych').waitFor();
    await page.getByText(email).waitFor();
    await page.getByText('XVIII Nowa Huta').first().waitFor();

    // someone else, in another browser, tries the same PESEL
    const other = await (await browser.newContext()).newPage();
    other.on('pageerror', (e) => errors.push(e.message));
    await other.goto(`${api.url}/`);
    await other.getByRole('button', { name: 'Zaloguj się' }).click();
    await other.getByRole('button', { name: 'Zarejestruj się' }).click();
    await fillRegistration(other, `krk-e2e-other-${Date.now()}@example.com`, '601 555 124');
    await other.getByRole('link', { name: 'Konto z tym numerem PESEL już istnieje.' }).waitFor();
    // the FAQ's next step (issue 14): the office, with an ID document, its contact from the profile
    const next = await other.getByRole('link', { name: 'Konto z tym numerem PESEL już istnieje.' }).innerText();
    assert.match(next, /skontaktuj się z urzędem \(\S+@\S+\) i zabierz dokument tożsamości/);
    assert.equal(await other.getByLabel('PESEL').getAttribute('aria-invalid'), 'true');
    assert.deepEqual(errors, [], 'no page errors');
  });
});
