/**
 * Issue 14, item 10: announcements in pl/en/de, edited, withdrawn, with a publishing window — as an
 * administrator writes them and residents read them. 320 px and desktop, axe-clean.
 */
import { setViewport } from '@web/test-runner-commands';
import '../../widget/src/components/civic-announcements/civic-announcements.js';
import { $, assert, axe, button, env, field, fixture, includes, signOutLocally, setValue, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';

let apiUrl: string;

async function board(lang: string) {
  const el = await fixture('civic-announcements', { lang, 'api-url': apiUrl });
  await waitFor(() => !text(el).includes('Ładowanie') && el.shadowRoot!.querySelector('ul, p'), 'the list');
  return el;
}

describe('issue 14: announcements (item 10)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  after(() => setViewport({ width: 800, height: 600 }));

  for (const width of [320, 1280]) {
    it(`at ${width}px: published in three languages, read in each, edited, then withdrawn`, async () => {
      await setViewport({ width, height: 900 });
      const n = `${width}-${Date.now()}`;
      await signInAs(apiUrl, 'admin');
      let el = await board('pl');
      await waitFor(() => $(el, '#announce-form'), 'publishing form');
      setValue(field(el, 'Tytuł komunikatu'), `Zamknięcie ulicy ${n}`);
      setValue(field(el, 'Treść') as HTMLInputElement, 'Ulica Śląska będzie zamknięta w sobotę.');
      setValue(field(el, 'Tytuł po angielsku'), `Street closed ${n}`);
      setValue(field(el, 'Treść po angielsku') as HTMLInputElement, 'Śląska Street will be closed on Saturday.');
      setValue(field(el, 'Tytuł po niemiecku'), `Straße gesperrt ${n}`);
      setValue(field(el, 'Treść po niemiecku') as HTMLInputElement, 'Die Śląska-Straße ist am Samstag gesperrt.');
      button(el, 'Opublikuj komunikat').click();
      await waitFor(() => text(el).includes('Komunikat został opublikowany.'), 'published');
      await axe(el);

      signOutLocally(apiUrl);
      for (const [lang, title] of [
        ['pl', `Zamknięcie ulicy ${n}`],
        ['en', `Street closed ${n}`],
        ['de', `Straße gesperrt ${n}`],
      ]) {
        const r = await board(lang);
        await waitFor(() => text(r).includes(title), `the ${lang} text`);
        await axe(r);
      }

      await signInAs(apiUrl, 'admin');
      el = await board('pl');
      const heading = await waitFor(
        () => [...el.shadowRoot!.querySelectorAll('h3')].find((h) => h.textContent === `Zamknięcie ulicy ${n}`),
        'the announcement',
      );
      const article = heading.closest('article')!;
      [...article.querySelectorAll('button')].find((b) => b.textContent === 'Edytuj')!.click();
      await waitFor(() => text(el).includes('Edytuj komunikat'), 'edit form');
      const title = field(el, 'Tytuł komunikatu');
      assert(title.value === `Zamknięcie ulicy ${n}`, 'the form holds the announcement');
      setValue(title, `Zamknięcie ulicy (zmiana) ${n}`);
      button(el, 'Zapisz komunikat').click();
      await waitFor(() => text(el).includes('Zmiany w komunikacie zostały zapisane.'), 'saved');
      const edited = await waitFor(
        () => [...el.shadowRoot!.querySelectorAll('h3')].find((h) => h.textContent === `Zamknięcie ulicy (zmiana) ${n}`),
        'edited title',
      );
      [...edited.closest('article')!.querySelectorAll('button')].find((b) => b.textContent === 'Wycofaj')!.click();
      await waitFor(() => text(el).includes('Komunikat został wycofany.'), 'withdrawn');
      await waitFor(() => text(el).includes('Niewidoczny dla mieszkańców'), 'marked as not shown for the admin');
      await axe(el);

      signOutLocally(apiUrl);
      const r = await board('pl');
      assert(!text(r).includes(n), 'residents no longer see it');
    });
  }

  it('a publishing window in the future: admins see it scheduled, residents not yet', async () => {
    await signInAs(apiUrl, 'admin');
    const el = await board('en');
    await waitFor(() => $(el, '#announce-form'), 'publishing form');
    const n = `later-${Date.now()}`;
    setValue(field(el, 'Announcement title'), `Water off ${n}`);
    setValue(field(el, 'Text') as HTMLInputElement, 'Water will be off for two hours.');
    setValue(field(el, 'Publish from'), '2099-01-01 08:00');
    button(el, 'Publish announcement').click();
    await waitFor(() => text(el).includes(`Water off ${n}`), 'listed for the admin');
    includes(text(el), 'Not shown to residents');
    signOutLocally(apiUrl);
    const r = await board('en');
    assert(!text(r).includes(n), 'not yet for residents');
  });
});
