import '../../widget/src/components/civic-my-reports/civic-my-reports.js';
import type { CivicMyReports } from '../../widget/src/components/civic-my-reports/civic-my-reports.js';
import { activeElement, assert, axe, button, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { createReport, signInAs } from './report-helpers.js';

const TEXT = {
  pl: { title: 'Moje zgłoszenia', status: 'Nowe', history: 'Historia zgłoszenia', conversation: 'Rozmowa z urzędem' },
  en: { title: 'My reports', status: 'New', history: 'History of the report', conversation: 'Conversation with the city office' },
  de: { title: 'Meine Meldungen', status: 'Neu', history: 'Verlauf der Meldung', conversation: 'Gespräch mit der Stadtverwaltung' },
} as const;

let apiUrl: string;

function item(el: CivicMyReports, title: string): Promise<HTMLButtonElement> {
  return waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title), `item ${title}`);
}

describe('civic-my-reports', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('signed out, offers the log-in', async () => {
    signOutLocally(apiUrl);
    const el = await fixture('civic-my-reports', { lang: 'pl', 'api-url': apiUrl });
    includes(text(el), 'Zaloguj się, aby zobaczyć swoje zgłoszenia.');
    button(el, 'Zaloguj się');
    await axe(el);
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`in ${lang}: the resident's own reports, then one with its history and conversation`, async () => {
      await signInAs(apiUrl, 'resident');
      const title = `Moje ${lang} ${Date.now()}`;
      await createReport(apiUrl, { title }, true);
      const el = await fixture('civic-my-reports', { lang, 'api-url': apiUrl });
      const t = TEXT[lang];
      (await item(el, title)).click();
      await waitFor(() => el.shadowRoot!.querySelector('#my-report-title'), 'detail');
      equal(activeElement()?.id, 'my-report-title');
      includes(text(el), t.history);
      includes(text(el), t.conversation);
      includes(text(el), t.status);
      await axe(el);
    });
  }

  it("lists only the resident's reports, and the resident writes to the city office", async () => {
    const strangers = `Cudze ${Date.now()}`;
    await createReport(apiUrl, { title: strangers });
    await signInAs(apiUrl, 'resident');
    const title = `Rozmowa ${Date.now()}`;
    const { id } = await createReport(apiUrl, { title }, true);
    const el = await fixture('civic-my-reports', { lang: 'pl', 'api-url': apiUrl });
    (await item(el, title)).click();
    await waitFor(() => el.shadowRoot!.querySelector('#my-report-title'), 'detail');
    includes(text(el), 'Kod śledzenia');
    setValue(field(el, 'Wiadomość'), 'Czy wiadomo, kiedy będzie naprawa?');
    button(el, 'Wyślij wiadomość').click();
    await waitFor(() => el.shadowRoot!.querySelector('.message--reporter'), 'message shown');
    button(el, 'Wróć do listy').click();
    await item(el, title);
    assert(!text(el).includes(strangers), "no one else's report");
    // the old list shows at once; focus moves once the reloaded list has rendered
    await waitFor(() => activeElement()?.getAttribute('data-id') === id, 'focus back on the report in the list');
  });
});
