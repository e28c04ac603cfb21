import '../../widget/src/components/civic-announcements/civic-announcements.js';
import { $, activeElement, assert, axe, button, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';

let apiUrl: string;

const TITLE = { pl: 'Komunikaty', en: 'Announcements', de: 'Mitteilungen' } as const;

describe('civic-announcements', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`is public and titled in ${lang}; no publishing form for residents`, async () => {
      signOutLocally(apiUrl);
      const el = await fixture('civic-announcements', { lang, 'api-url': apiUrl });
      includes(text(el), TITLE[lang]);
      await waitFor(() => !el.shadowRoot!.textContent!.includes('Ładowanie') && !el.shadowRoot!.textContent!.includes('Loading'), 'loaded');
      assert(!el.shadowRoot!.querySelector('form'), 'no form');
      await axe(el);
    });
  }

  it('an administrator publishes an announcement (validated first) and everyone sees it', async () => {
    await signInAs(apiUrl, 'admin');
    const el = await fixture('civic-announcements', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => el.shadowRoot!.querySelector('form'), 'publishing form');
    await axe(el);
    button(el, 'Opublikuj komunikat').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    equal(activeElement(), summary);
    includes(summary.textContent, 'Tytuł komunikatu nie może pozostać bez wartości.');
    const title = `Utrudnienia na ul. Śląskiej ${Date.now()}`;
    setValue(field(el, 'Tytuł komunikatu'), title);
    setValue(field(el, 'Treść'), 'Od poniedziałku remont jezdni.\nObjazd przez ul. Wyzwolenia.');
    button(el, 'Opublikuj komunikat').click();
    await waitFor(() => text(el).includes(title), 'published and listed');
    includes(el.shadowRoot!.querySelector('[role=status]')!.textContent, 'Komunikat został opublikowany.');

    signOutLocally(apiUrl);
    const pub = await fixture('civic-announcements', { lang: 'en', 'api-url': apiUrl });
    await waitFor(() => text(pub).includes(title), 'public list');
  });
});
