import '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import type { CivicStaffConsole } from '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import { $, activeElement, assert, axe, button, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { createReport, signInAs } from './report-helpers.js';

let apiUrl: string;

async function console_(lang = 'pl'): Promise<CivicStaffConsole> {
  return fixture('civic-staff-console', { lang, 'api-url': apiUrl });
}

function openReport(el: CivicStaffConsole, title: string): Promise<HTMLElement> {
  return waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title), `queue item ${title}`);
}

describe('civic-staff-console', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('is only for staff: residents and signed-out visitors see why', async () => {
    signOutLocally(apiUrl);
    let el = await console_('en');
    includes(text(el), 'This console is for city staff.');
    button(el, 'Log in');
    await signInAs(apiUrl, 'resident');
    el = await console_('en');
    await waitFor(() => text(el).includes('This console is for city staff.'), 'resident refused');
    await axe(el);
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`in ${lang}: the department's queue with filters, axe-clean`, async () => {
      const title = `Kolejka ${lang} ${Date.now()}`;
      await createReport(apiUrl, { title, categoryId: 'pavement' });
      await signInAs(apiUrl, 'staff', 'roads');
      const el = await console_(lang);
      await openReport(el, title);
      const heading = { pl: 'Panel pracownika', en: 'Staff console', de: 'Mitarbeiterkonsole' }[lang];
      includes(text(el), heading);
      await axe(el);
    });
  }

  it("shows only the staff member's department and filters by category", async () => {
    const mine = `Chodnik ${Date.now()}`;
    const other = `Latarnia ${Date.now()}`;
    await createReport(apiUrl, { title: mine, categoryId: 'pavement' });
    await createReport(apiUrl, { title: other, categoryId: 'street-light' });
    await signInAs(apiUrl, 'staff', 'roads');
    const el = await console_('pl');
    await openReport(el, mine);
    assert(!text(el).includes(other), "another department's report is not in the queue");
    const category = el.shadowRoot!.querySelector<HTMLSelectElement>('#filter-category')!;
    assert(![...category.options].some((o) => o.value === 'street-light'), "only the department's categories");
    setValue(category, 'pothole');
    button(el, 'Pokaż').click();
    await waitFor(() => !text(el).includes(mine), 'filtered out');
  });

  it("changes the status with a comment, replies, and the reporter's tracker shows both", async () => {
    const title = `Status ${Date.now()}`;
    const { trackingCode } = await createReport(apiUrl, { title, categoryId: 'pothole' });
    await signInAs(apiUrl, 'staff', 'roads');
    const el = await console_('pl');
    (await openReport(el, title)).click();
    await waitFor(() => el.shadowRoot!.querySelector('#staff-report-title'), 'detail');
    equal(activeElement()?.id, 'staff-report-title', 'focus on the report');
    includes(text(el), 'Poparcia');
    // nothing chosen: the summary says so
    button(el, 'Zmień status').click();
    const summary = await waitFor(() => $(el, '#status-summary'), 'summary');
    includes(summary.textContent, 'Nowy status nie może pozostać bez wartości.');
    await axe(el);
    setValue(field(el, 'Nowy status'), 'in_progress');
    setValue(field(el, 'Komentarz (widoczny dla mieszkańca)'), 'Ekipa wyjedzie w czwartek.');
    button(el, 'Zmień status').click();
    await waitFor(() => text(el).includes('Status został zmieniony na: W realizacji.'), 'status changed');
    includes($(el, '[part=status-badge]')!.textContent, 'Status: W realizacji');
    setValue(field(el, 'Wiadomość'), 'Dziękujemy za zgłoszenie.');
    button(el, 'Wyślij wiadomość').click();
    await waitFor(() => el.shadowRoot!.querySelector('.message--staff'), 'staff message shown');
    await axe(el);

    signOutLocally(apiUrl);
    const tracker = await fixture('civic-report-tracker', { lang: 'pl', 'api-url': apiUrl });
    setValue(field(tracker, 'Kod śledzenia'), trackingCode);
    button(tracker, 'Sprawdź').click();
    await waitFor(() => $(tracker, '[part=status-badge]')?.textContent?.includes('Status: W realizacji'), 'reporter sees the new status');
    includes(text(tracker), 'Ekipa wyjedzie w czwartek.');
    includes(text(tracker), 'Dziękujemy za zgłoszenie.');
  });
});
