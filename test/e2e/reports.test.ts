/**
 * End to end, the heart of the product (issue 4): on the demo municipal page an anonymous resident
 * files a report with a photo; a staff member logs in to the console, moves it to "in progress"
 * with a comment and writes a message; the resident sees both through the tracking code and gets
 * the emails. Real server (its own embedded database and mail catcher), real Chromium.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { type Browser } from 'playwright-core';
import { spawnWidgetTestServer, waitForMessage, type WidgetTestServer } from '../support/spawn-server.js';
import { launchChromium } from '../support/chromium.js';

const run = promisify(execFile);
const STAFF = { email: 'drogi@siemianowice.example', password: 'Zielona-Latarnia-2024-x' };

describe('a report from an anonymous resident, handled by staff, followed by tracking code', () => {
  let api: WidgetTestServer;
  let browser: Browser;

  before(async () => {
    api = await spawnWidgetTestServer({ profile: 'examples/profiles/siemianowice.json' });
    // staff accounts come from the CLI, on the same database as the running server
    await run(
      'npm',
      [
        'run',
        '--silent',
        'cli',
        '--',
        'create-user',
        '--email',
        STAFF.email,
        '--password',
        STAFF.password,
        '--role',
        'staff',
        '--department',
        'roads',
        '--first-name',
        'Anna',
        '--last-name',
        'Drogowa',
      ],
      {
        env: { ...process.env, DATA_DIR: api.dataDir, CIVICKIT_CONFIG: 'examples/profiles/siemianowice.json', MONGODB_URI: '' },
      },
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await api?.stop();
  });

  it('report with a photo → staff status, comment and message → resident sees both and is emailed', async () => {
    const contact = `mieszkaniec-${Date.now()}@example.com`;
    const resident = await browser.newPage();
    await resident.goto(`${api.url}/`);

    // "URUCHOM BEZ LOGOWANIA": report without an account
    await resident.getByRole('button', { name: 'Uruchom bez logowania' }).click();
    await resident.getByLabel('Kategoria', { exact: true }).selectOption({ label: 'Dziura w jezdni' });
    await resident.getByLabel('Opis', { exact: true }).fill('Głęboka dziura przy przejściu dla pieszych, e2e.');
    await resident.getByLabel('Adres lub opis miejsca').fill('ul. Jana Pawła II 10, przy przystanku');
    await resident.getByLabel('E-mail do powiadomień').fill(contact);
    const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 40 } } })
      .jpeg()
      .toBuffer();
    await resident.getByLabel('Zdjęcia').setInputFiles({ name: 'dziura.jpg', mimeType: 'image/jpeg', buffer: photo });
    await resident.getByRole('button', { name: 'Wyślij zgłoszenie' }).click();
    await resident.getByText('Zgłoszenie zostało wysłane').waitFor();
    const code = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(
      await resident
        .getByText(/^\s*[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\s*$/)
        .first()
        .innerText(),
    )?.[0];
    assert.ok(code, 'the tracking code is shown');
    const confirmation = await waitForMessage(api.url, contact);
    assert.ok(confirmation.text.includes(code!) || /civic_action=track/.test(confirmation.text), 'the confirmation carries the tracking code or link');

    // staff: the console of their department
    const staff = await (await browser.newContext()).newPage();
    await staff.goto(`${api.url}/`);
    await staff.getByRole('button', { name: 'Zaloguj się' }).click();
    await staff.getByLabel('E-mail', { exact: true }).fill(STAFF.email);
    await staff.getByLabel('Hasło', { exact: true }).fill(STAFF.password);
    await staff.getByRole('button', { name: 'Zaloguj', exact: true }).click();
    await staff.getByRole('button', { name: 'Panel pracownika' }).click();
    await staff
      .getByRole('button', { name: /Głęboka dziura przy przejściu dla pieszych, e2e|Dziura w jezdni/ })
      .first()
      .click();
    await staff.getByRole('img', { name: /Zdjęcie 1/ }).waitFor();
    await staff.getByLabel('Nowy status').selectOption('in_progress');
    await staff.getByLabel('Komentarz (widoczny dla mieszkańca)').fill('Ekipa wyjedzie w czwartek.');
    await staff.getByRole('button', { name: 'Zmień status' }).click();
    await staff.getByText('Status został zmieniony na: W realizacji.').waitFor();
    await staff.getByLabel('Wiadomość').fill('Dziękujemy, prosimy o cierpliwość.');
    await staff.getByRole('button', { name: 'Wyślij wiadomość' }).click();
    await staff.getByText('Wiadomość została wysłana.').waitFor();

    // the resident, with the tracking code only
    const later = await (await browser.newContext()).newPage();
    await later.goto(`${api.url}/`);
    await later.getByRole('button', { name: 'Uruchom bez logowania' }).click();
    await later.getByRole('button', { name: 'Sprawdź status zgłoszenia' }).first().click();
    await later.getByLabel('Kod śledzenia').fill(code!);
    await later.getByRole('button', { name: 'Sprawdź', exact: true }).click();
    await later.getByText('Status: W realizacji').first().waitFor();
    await later.getByText('Ekipa wyjedzie w czwartek.').waitFor();
    await later.getByText('Dziękujemy, prosimy o cierpliwość.').waitFor();

    // and the emails: the status change with its comment, and the staff message
    await waitForMessage(api.url, contact, (m) => m.text.includes('Ekipa wyjedzie w czwartek.'));
    await waitForMessage(api.url, contact, (m) => m.text.includes('Dziękujemy, prosimy o cierpliwość.'));
  });
});
