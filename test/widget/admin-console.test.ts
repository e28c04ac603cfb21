import '../../widget/src/components/civic-admin-console/civic-admin-console.js';
import type { CivicAdminConsole } from '../../widget/src/components/civic-admin-console/civic-admin-console.js';
import { getSession } from '../../widget/src/core/session.js';
import {
  $,
  activeElement,
  assert,
  axe,
  button,
  createUser,
  env,
  equal,
  field,
  fixture,
  includes,
  setValue,
  signOutLocally,
  text,
  uniqueEmail,
  waitFor,
} from './helpers.js';
import { chooseFiles, createReport, signInAs } from './report-helpers.js';

let apiUrl: string;

async function adminConsole(lang = 'pl'): Promise<CivicAdminConsole> {
  const el = await fixture('civic-admin-console', { lang, 'api-url': apiUrl });
  await waitFor(() => el.shadowRoot!.querySelector('#admin-search-form'), 'search form');
  return el;
}

async function find(el: CivicAdminConsole, q: string): Promise<HTMLButtonElement> {
  setValue(field(el, 'Szukaj konta'), q);
  button(el, 'Szukaj').click();
  return waitFor(
    () =>
      el.shadowRoot!.querySelector<HTMLButtonElement>('tbody button[data-id]') && text(el).includes('Znalezione konta: 1')
        ? el.shadowRoot!.querySelector<HTMLButtonElement>('tbody button[data-id]')
        : null,
    `search result for ${q}`,
  ).catch((e) => {
    throw new Error(`${e.message}: ${text(el).slice(0, 700)}`);
  });
}

async function auditRows(el: CivicAdminConsole): Promise<string[]> {
  await waitFor(() => el.shadowRoot!.querySelector('tbody tr') || text(el).includes('Brak wpisów.'), 'audit rows');
  return [...el.shadowRoot!.querySelectorAll('tbody tr')].map((r) => r.textContent!.replace(/\s+/g, ' '));
}

describe('civic-admin-console', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('is only for administrators: signed out and staff see why', async () => {
    signOutLocally(apiUrl);
    let el = await fixture('civic-admin-console', { lang: 'en', 'api-url': apiUrl });
    await waitFor(() => text(el).includes('This console is for administrators.'), 'signed out');
    button(el, 'Log in');
    await signInAs(apiUrl, 'staff', 'roads');
    el = await fixture('civic-admin-console', { lang: 'en', 'api-url': apiUrl });
    await waitFor(() => text(el).includes('This console is for administrators.'), 'staff refused');
    await axe(el);
  });

  for (const [lang, title, tab] of [
    ['pl', 'Panel administratora', 'Konta'],
    ['en', 'Admin console', 'Accounts'],
    ['de', 'Verwaltungskonsole', 'Konten'],
  ] as const) {
    it(`in ${lang}: search and results table, axe-clean`, async () => {
      await signInAs(apiUrl, 'admin');
      const el = await fixture('civic-admin-console', { lang, 'api-url': apiUrl });
      await waitFor(() => el.shadowRoot!.querySelector('table'), 'results table');
      includes(text(el), title);
      button(el, tab);
      await axe(el);
    });
  }

  it('finds an account exactly, blocks it with a reason (required), and the audit log shows it', async () => {
    const { email } = await createUser({ firstName: 'Blokowana', lastName: 'Testowa' });
    await signInAs(apiUrl, 'admin');
    const el = await adminConsole();
    (await find(el, email.toUpperCase())).click();
    await waitFor(() => activeElement()?.id === 'admin-user-title', 'focus on the account');
    includes(text(el), 'Zgłoszenia: 0');
    await axe(el);
    button(el, 'Zablokuj konto').click();
    const summary = await waitFor(() => $(el, '#block-summary'), 'reason required');
    includes(summary.textContent, 'Powód nie może pozostać bez wartości.');
    equal(activeElement(), summary);
    setValue(field(el, 'Powód'), 'Podszywanie się pod inną osobę');
    button(el, 'Zablokuj konto').click();
    await waitFor(() => text(el).includes('Konto jest zablokowane. Powód: Podszywanie się pod inną osobę'), 'blocked');
    const login = await fetch(`${apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'kasztan-rower-Okno-1987-lipa' }),
    });
    equal(((await login.json()) as { code: string }).code, 'account_blocked', 'the resident cannot sign in');
    button(el, 'Dziennik zdarzeń tego konta').click();
    const rows = await auditRows(el);
    includes(text(el), `Tylko wpisy konta ${email}.`);
    assert(
      rows.some((r) => r.includes('Zablokowanie konta') && r.includes('Podszywanie się pod inną osobę') && r.includes(email)),
      `audit: ${rows.join(' | ')}`,
    );
    await axe(el);
  });

  it('deletes an account with its reports (cascade) after a confirmation with a reason; the audit shows it', async () => {
    await signInAs(apiUrl, 'resident');
    const email = getSession(apiUrl).user!.email;
    const { id } = await createReport(apiUrl, { title: `Do usunięcia ${Date.now()}` }, true);
    await signInAs(apiUrl, 'admin');
    const el = await adminConsole();
    (await find(el, email)).click();
    await waitFor(() => text(el).includes('Zgłoszenia: 1'), 'the report counted');
    button(el, 'Usuń konto').click();
    await waitFor(() => activeElement()?.id === 'admin-delete-title', 'confirmation step focused');
    await axe(el);
    setValue(field(el, 'Usuń także zgłoszenia, poparcia i wiadomości tego konta'), true);
    button(el, 'Tak, usuń konto').click();
    await waitFor(() => $(el, '#admin-delete-summary')?.textContent?.includes('Powód nie może pozostać bez wartości.'), 'reason required');
    setValue(el.shadowRoot!.querySelector<HTMLTextAreaElement>('#admin-delete-reason') as unknown as HTMLInputElement, 'Konto założone na cudzy PESEL');
    button(el, 'Tak, usuń konto').click();
    await waitFor(() => text(el).includes(`Konto ${email} zostało usunięte.`), 'deleted').catch((e) => {
      throw new Error(`${e.message}: ${text(el).slice(-900)}`);
    });
    equal((await fetch(`${apiUrl}/api/v1/reports/${id}`)).status, 404, 'its report went with it');
    button(el, 'Dziennik zdarzeń').click();
    const rows = await auditRows(el);
    assert(
      rows.some((r) => r.includes('Usunięcie konta') && r.includes('Konto założone na cudzy PESEL') && r.includes(email)),
      `audit: ${rows.join(' | ')}`,
    );
    assert(
      rows.some((r) => r.includes('Zablokowanie konta')),
      'the block is in the same log',
    );
    await axe(el);
  });

  it('imports legacy accounts from a CSV file and lists skipped and bad rows by line', async () => {
    const { email: existing } = await createUser();
    await signInAs(apiUrl, 'admin');
    const el = await adminConsole('pl');
    button(el, 'Import kont').click();
    await waitFor(() => el.shadowRoot!.querySelector('#import-file'), 'file field');
    const fresh = uniqueEmail('legacy');
    const csv = `email,firstName,lastName,phone\n${fresh},Jan,Stary,+48601000111\n${existing},Anna,Nowak,+48601000112\nzly-adres,Ola,,+48601000113\n`;
    chooseFiles(el.shadowRoot!.querySelector<HTMLInputElement>('#import-file')!, [new File([csv], 'konta.csv', { type: 'application/vnd.ms-excel' })]);
    button(el, 'Importuj').click();
    await waitFor(() => text(el).includes('Utworzono kont: 1.'), 'result');
    includes(text(el), `Wiersz 3: ${existing}`);
    includes(text(el), 'Wiersz 4: E-mail ma nieprawidłowy format. Nazwisko nie może pozostać bez wartości.');
    await axe(el);
  });

  it('lists undelivered messages (none here) and filters the audit by action', async () => {
    await signInAs(apiUrl, 'admin');
    const el = await adminConsole('en');
    button(el, 'Undelivered messages').click();
    await waitFor(() => text(el).includes('No undelivered messages.') || el.shadowRoot!.querySelector('tbody tr'), 'outbox');
    await axe(el);
    button(el, 'Audit log').click();
    await waitFor(() => el.shadowRoot!.querySelector('#audit-action'), 'filter');
    setValue(el.shadowRoot!.querySelector<HTMLSelectElement>('#audit-action')!, 'users.import');
    button(el, 'Show').click();
    await waitFor(
      () =>
        [...el.shadowRoot!.querySelectorAll('tbody tr')].every((r) => r.textContent!.includes('Accounts imported')) && el.shadowRoot!.querySelector('tbody tr'),
      'only imports',
    );
    await axe(el);
  });
});
