import '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import '../../widget/src/components/civic-admin-console/civic-admin-console.js';
import type { CivicStaffConsole } from '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import { getSession } from '../../widget/src/core/session.js';
import { $, assert, axe, button, env, equal, field, fixture, includes, setValue, text, waitFor } from './helpers.js';
import { HERE, createReport, pngFile, signInAs } from './report-helpers.js';

let apiUrl: string;

/** A report with two real photos, sent by a signed-in resident as the report form would. */
async function reportWithPhotos(title: string): Promise<{ id: string; trackingCode: string }> {
  const form = new FormData();
  form.append('categoryId', 'pothole');
  form.append('title', title);
  form.append('description', 'Dziura widoczna na zdjęciach.');
  form.append('location', JSON.stringify({ ...HERE, address: 'ul. Jana Pawła II 10' }));
  form.append('photos', await pngFile('a.png'));
  form.append('photos', await pngFile('b.png'));
  return getSession(apiUrl).authed('POST', '/reports', form);
}

async function openInConsole(title: string): Promise<CivicStaffConsole> {
  const el = await fixture<CivicStaffConsole>('civic-staff-console', { lang: 'pl', 'api-url': apiUrl });
  const item = await waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title), 'queue item');
  item.click();
  await waitFor(() => $(el, '#staff-report-title'), 'report opened');
  return el;
}

describe('civic-staff-console: staff tools (issue 20)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('shows the tracking code, the reporter’s contact, every photo with the hidden one marked, and shows it to the public again', async () => {
    const title = `Zdjęcia ${Date.now()}`;
    await signInAs(apiUrl, 'resident');
    const { id, trackingCode } = await reportWithPhotos(title);
    await signInAs(apiUrl, 'staff', 'roads');
    await getSession(apiUrl).authed('POST', `/reports/${id}/moderation`, { reason: 'Widać twarz przechodnia', hidePhotos: [0] });
    equal((await fetch(`${apiUrl}/api/v1/reports/${id}/photos/0`)).status, 404, 'the public no longer gets photo 1');

    const el = await openInConsole(title);
    includes(text(el), `Kod śledzenia ${trackingCode}`);
    const reporter = $(el, '.reporter')!;
    includes(reporter.textContent, 'Anna Nowak');
    includes(reporter.textContent, '+48601234567');
    assert(reporter.querySelector('a[href^="mailto:"]'), 'the email is a link');

    // both photos, under their own numbers, loaded with the session; the hidden one is marked
    const hidden = await waitFor(() => el.shadowRoot!.querySelector<HTMLImageElement>('[data-photo="0"] img'), 'hidden photo loaded');
    await waitFor(() => hidden.complete && hidden.naturalWidth > 0, 'hidden photo decoded');
    assert(hidden.src.startsWith('blob:'), 'fetched with the session, not a public URL');
    includes($(el, '[data-photo="0"]')!.textContent, 'Ukryte publicznie');
    assert(!$(el, '[data-photo="1"]')!.textContent!.includes('Ukryte'), 'photo 2 is public');
    await axe(el);

    button(el, 'Pokaż zdjęcie 1 publicznie').click();
    await waitFor(() => $(el, '#unhide-form'), 'asks why');
    button(el, 'Pokaż ponownie').click();
    await waitFor(() => $(el, '#unhide-summary'), 'a reason is required');
    setValue(field(el, 'Powód przywrócenia (otrzyma go zgłaszający)'), 'To jednak pomnik, nie osoba.');
    button(el, 'Pokaż ponownie').click();
    await waitFor(() => text(el).includes('Zdjęcie 1 jest znów widoczne publicznie.'), 'announced');
    assert(!$(el, '[data-photo="0"]')!.textContent!.includes('Ukryte'), 'no longer marked');
    equal((await fetch(`${apiUrl}/api/v1/reports/${id}/photos/0`)).status, 200, 'public again');
    await axe(el);
  });

  it('"Pobierz CSV" saves the file byte for byte: BOM, `;` and Polish headers for a Polish account', async () => {
    const title = `CSV ${Date.now()}`;
    await signInAs(apiUrl, 'resident');
    await reportWithPhotos(title);
    await signInAs(apiUrl, 'staff', 'roads');
    const el = await fixture<CivicStaffConsole>('civic-staff-console', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => [...el.shadowRoot!.querySelectorAll('.item-title')].some((b) => b.textContent === title), 'queue');
    const saved: Blob[] = [];
    const create = URL.createObjectURL;
    URL.createObjectURL = (b: Blob | MediaSource) => {
      if (b instanceof Blob && b.type.startsWith('text/csv')) saved.push(b);
      return create.call(URL, b);
    };
    try {
      button(el, 'Pobierz CSV').click();
      const file = await waitFor(() => saved[0], 'the CSV saved');
      const bytes = new Uint8Array(await file.arrayBuffer());
      equal([...bytes.slice(0, 3)].join(','), '239,187,191', 'UTF-8 byte-order mark kept');
      const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
      includes(csv.split('\r\n')[0], '"Kod zgłoszenia";"Status";"Kategoria";"Wydział";"Dzielnica"');
      includes(csv, `"${title}"`);
      includes(csv, '"Dziura w jezdni";"Wydział Dróg"');
    } finally {
      URL.createObjectURL = create;
    }
  });

  it('the admin console’s audit log names the staff member who moderated and says what happened in words (pl, en, de)', async () => {
    const { id } = await createReport(apiUrl, { title: `Audyt ${Date.now()}` });
    const staff = await signInAs(apiUrl, 'staff', 'roads');
    await getSession(apiUrl).authed('POST', `/reports/${id}/moderation`, { reason: 'Dane osobowe w opisie', publicDescription: 'Dziura w jezdni.' });
    await signInAs(apiUrl, 'admin');
    const labels = {
      pl: ['Dziennik zdarzeń', 'Pokaż', 'Moderacja zgłoszenia'],
      en: ['Audit log', 'Show', 'Report moderated'],
      de: ['Protokoll', 'Anzeigen', 'Meldung moderiert'],
    };
    for (const [lang, [tab, show, action]] of Object.entries(labels)) {
      const el = await fixture('civic-admin-console', { lang, 'api-url': apiUrl });
      (await waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent?.trim() === tab), 'audit tab')).click();
      const filter = await waitFor(() => el.shadowRoot!.querySelector<HTMLSelectElement>('#audit-action'), 'filter');
      setValue(filter, 'report.moderate');
      button(el, show!).click();
      const row = await waitFor(
        () => [...el.shadowRoot!.querySelectorAll('tbody tr')].find((r) => r.textContent!.includes('Dane osobowe w opisie')),
        `${lang}: the moderation in the log`,
      );
      includes(row.textContent, staff, 'the actor is named');
      includes(row.textContent, action!);
      assert(!text(el).includes('report.moderate'), `${lang}: no raw action names`);
      if (lang === 'pl') await axe(el);
    }
  });
});
