/**
 * Issue 20: announcements in Ukrainian beside pl/en/de. An administrator writes the Ukrainian text in the
 * publishing form; a reader in uk sees it, a reader in a language the notice was not written in sees the
 * Polish original, and the edit form brings the Ukrainian text back. Real server, Chromium, axe-clean.
 */
import '../../widget/src/components/civic-announcements/civic-announcements.js';
import { $, assert, axe, button, env, equal, field, fixture, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';

let apiUrl: string;

async function board(lang: string) {
  const el = await fixture('civic-announcements', { lang, 'api-url': apiUrl });
  await waitFor(() => el.shadowRoot!.querySelector('ul, p') && !el.shadowRoot!.textContent!.includes('Ładowanie'), 'the list');
  return el;
}

const headingOf = (el: HTMLElement, title: string) =>
  waitFor(() => [...el.shadowRoot!.querySelectorAll('h3')].find((h) => h.textContent === title), `the announcement "${title}"`);

describe('announcements in Ukrainian (issue 20)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('published with a Ukrainian text: uk readers get it, de readers the Polish original, the edit form brings it back', async () => {
    const n = Date.now();
    await signInAs(apiUrl, 'admin');
    let el = await board('pl');
    await waitFor(() => $(el, '#announce-form'), 'publishing form');
    setValue(field(el, 'Tytuł komunikatu'), `Wyłączenie wody ${n}`);
    setValue(field(el, 'Treść') as HTMLInputElement, 'We wtorek od 8:00 do 14:00.');
    setValue(field(el, 'Tytuł po ukraińsku'), `Відключення води ${n}`);
    setValue(field(el, 'Treść po ukraińsku') as HTMLInputElement, 'У вівторок з 8:00 до 14:00.');
    button(el, 'Opublikuj komunikat').click();
    await waitFor(() => text(el).includes('Komunikat został opublikowany.'), 'published');

    signOutLocally(apiUrl);
    const uk = await board('uk');
    await headingOf(uk, `Відключення води ${n}`);
    assert(text(uk).includes('У вівторок з 8:00 до 14:00.'), 'the Ukrainian body');
    assert(!text(uk).includes(`Wyłączenie wody ${n}`), 'not the Polish title');
    await axe(uk);
    // written without German: a German reader gets the Polish original, not nothing
    const de = await board('de');
    await headingOf(de, `Wyłączenie wody ${n}`);

    // the administrator's form in Ukrainian names the field in Ukrainian, and editing keeps the text
    await signInAs(apiUrl, 'admin');
    el = await board('uk');
    const heading = await headingOf(el, `Відключення води ${n}`);
    [...heading.closest('article')!.querySelectorAll('button')].find((b) => b.textContent === 'Редагувати')!.click();
    await waitFor(() => $(el, '#announce-form') && field(el, 'Заголовок українською').value, 'the edit form');
    equal(field(el, 'Заголовок українською').value, `Відключення води ${n}`);
    equal(field(el, 'Текст українською').value, 'У вівторок з 8:00 до 14:00.');
    await axe(el);
  });
});
