import '../../widget/src/components/civic-announcements/civic-announcements.js';
import { getSession } from '../../widget/src/core/session.js';
import { $, button, env, equal, field, fixture, includes, setValue, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';

describe('civic-announcements: dates as an office writes them (issue 20)', () => {
  it('takes 31.12.2099 (to the end of that day), refuses a day that does not exist, and shows dates back as DD.MM.YYYY', async () => {
    const { apiUrl } = await env();
    await signInAs(apiUrl, 'admin');
    const el = await fixture('civic-announcements', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => el.shadowRoot!.querySelector('form'), 'publishing form');
    const title = `Zamknięcie ul. Śląskiej ${Date.now()}`;
    setValue(field(el, 'Tytuł komunikatu'), title);
    setValue(field(el, 'Treść'), 'Remont do końca roku.');
    setValue(field(el, 'Publikuj do'), '31.02.2099');
    button(el, 'Opublikuj komunikat').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'a day that does not exist is refused');
    includes(summary.textContent, 'Publikuj do');

    setValue(field(el, 'Publikuj od'), '1.12.2026 8:00');
    setValue(field(el, 'Publikuj do'), '31.12.2099');
    button(el, 'Opublikuj komunikat').click();
    await waitFor(() => text(el).includes('Komunikat został opublikowany.'), 'published');

    const page = await getSession(apiUrl).authed<{ items: Array<{ title: string; publishedAt: string; expiresAt?: string }> }>(
      'GET',
      '/announcements?limit=50',
    );
    const saved = page.items.find((a) => a.title === title)!;
    const until = new Date(saved.expiresAt!);
    equal(
      [until.getFullYear(), until.getMonth() + 1, until.getDate(), until.getHours(), until.getMinutes()].join(' '),
      '2099 12 31 23 59',
      'to the end of the day',
    );
    const from = new Date(saved.publishedAt);
    equal([from.getFullYear(), from.getMonth() + 1, from.getDate(), from.getHours()].join(' '), '2026 12 1 8');
  });
});
