// The public side and the back office (issue 15) in Chromium against the real server: the reports map
// and its list twin, "me too", "not fixed", flagging, alerts, statistics, and the staff queue's tools.
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../widget/src/components/civic-reports-map/civic-reports-map.js';
import '../../widget/src/components/civic-alerts/civic-alerts.js';
import '../../widget/src/components/civic-stats/civic-stats.js';
import '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import { getSession } from '../../widget/src/core/session.js';
import {
  $,
  assert,
  axe,
  button,
  env,
  equal,
  field,
  fixture,
  includes,
  serverCommand,
  setValue,
  signOutLocally,
  text,
  waitFor,
  STRONG_PASSWORD,
} from './helpers.js';
import { createReport, signInAs, tileDataUrl } from './report-helpers.js';

let apiUrl: string;

const item = (el: Element, title: string) =>
  waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title), `list item ${title}`);

describe('public side and back office', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  afterEach(async () => {
    await setViewport({ width: 1024, height: 768 });
  });

  for (const [lang, heading, list] of [
    ['pl', 'Zgłoszenia w okolicy', 'Lista zgłoszeń'],
    ['en', 'Reports around you', 'List of reports'],
    ['de', 'Meldungen in der Umgebung', 'Liste der Meldungen'],
  ] as const) {
    it(`civic-reports-map in ${lang}: the list twin works without the map, at 320 px, axe-clean`, async () => {
      await setViewport({ width: 320, height: 640 });
      const title = `Lista ${lang} ${Date.now()}`;
      await createReport(apiUrl, { title });
      signOutLocally(apiUrl);
      const el = await fixture('civic-reports-map', { lang, 'api-url': apiUrl, 'tile-url': 'none' });
      await item(el, title);
      includes(text(el), heading);
      includes(text(el), list);
      assert(!$(el, 'civic-location-map'), 'no map without tiles');
      assert(el.scrollWidth <= 320, `no horizontal scroll: ${el.scrollWidth}`);
      await axe(el);
    });
  }

  it('civic-reports-map: pins on the light tile map (fixed apart), a pin opens the card; filters narrow the list', async () => {
    const open = `Pin otwarty ${Date.now()}`;
    const fixed = `Pin naprawiony ${Date.now()}`;
    // a category no other test uses: the shared test server holds many reports near the centre, whose
    // pins would otherwise group with these two
    const categoryId = 'illegal-dumping';
    await createReport(apiUrl, { title: open, categoryId, location: { lat: 50.3275, lng: 19.0297 } });
    const done = await createReport(apiUrl, { title: fixed, categoryId, location: { lat: 50.3255, lng: 19.0297 } });
    await signInAs(apiUrl, 'staff', 'cleaning');
    await getSession(apiUrl).authed('POST', `/reports/${done.id}/status`, { status: 'resolved', comment: 'Załatane.' });
    signOutLocally(apiUrl);
    const el = await fixture('civic-reports-map', { lang: 'pl', 'api-url': apiUrl, 'tile-url': tileDataUrl() });
    const map = await waitFor(() => el.shadowRoot!.querySelector('civic-location-map'), 'map');
    setValue(await waitFor(() => field(el, 'Kategoria') as HTMLSelectElement | undefined, 'category filter'), categoryId);
    button(el, 'Pokaż').click();
    const pin = await waitFor(
      () => [...(map.shadowRoot?.querySelectorAll<HTMLButtonElement>('.pin') ?? [])].find((p) => p.getAttribute('aria-label')?.startsWith(open)),
      'pin of the open report',
    );
    await item(el, open);
    assert(!text(el).includes(fixed), 'fixed reports are filtered out by default');
    pin.click();
    const heading = await waitFor(() => $(el, '#map-report-title'), 'card');
    equal(heading.textContent, open);
    includes(text(el), 'Zaloguj się, aby poprzeć zgłoszenie.');
    await axe(el);
    button(el, 'Zamknij').click();
    setValue(field(el, 'Status'), 'fixed');
    button(el, 'Pokaż').click();
    await item(el, fixed);
    const fixedPin = await waitFor(
      () => [...map.shadowRoot!.querySelectorAll<HTMLElement>('.pin--fixed')].find((p) => p.getAttribute('aria-label')?.startsWith(fixed)),
      'a fixed pin, drawn apart',
    );
    equal(fixedPin.textContent?.trim(), '✓');
    // keyboard: zooming out groups close pins into one button that says how many
    setValue(field(el, 'Status'), 'all');
    button(el, 'Pokaż').click();
    await item(el, open);
    (map.shadowRoot!.querySelector('[role=application]') as HTMLElement).focus();
    for (let i = 0; i < 6; i++) await sendKeys({ press: '-' });
    await waitFor(
      () => [...map.shadowRoot!.querySelectorAll('.pin--group')].some((p) => /Zgłoszenia w tym miejscu: [0-9]+/.test(p.getAttribute('aria-label') ?? '')),
      'grouped pins',
    ).catch((e: Error) => {
      throw new Error(
        `${e.message} (zoom ${(map as unknown as { zoom: number }).zoom}, focus ${map.shadowRoot!.activeElement?.getAttribute('role')}): ${[...map.shadowRoot!.querySelectorAll('.pin')].map((p) => p.getAttribute('aria-label')).join(' | ')}`,
      );
    });
  });

  it('from a report card a supporter says "me too", then "not fixed" after it is resolved; a resident flags personal data', async () => {
    const title = `Nie naprawiono ${Date.now()}`;
    const r = await createReport(apiUrl, { title });
    const resident = await signInAs(apiUrl, 'resident');
    let el = await fixture('civic-reports-map', { lang: 'en', 'api-url': apiUrl, 'tile-url': 'none' });
    (await item(el, title)).click();
    await waitFor(() => $(el, '#map-report-title'), 'card');
    button(el, 'Me too (support)').click();
    await waitFor(() => text(el).includes('Thank you, your support has been recorded.'), 'supported');
    ($(el, 'details summary') as HTMLElement).click();
    setValue(field(el, 'What should be hidden, and why?'), 'The description names a neighbour.');
    button(el, 'Send to a moderator').click();
    await waitFor(() => text(el).includes('a moderator will check the report'), 'flagged');

    await signInAs(apiUrl, 'staff', 'roads');
    await getSession(apiUrl).authed('POST', `/reports/${r.id}/status`, { status: 'resolved', comment: 'Done.' });
    signOutLocally(apiUrl);
    await getSession(apiUrl).login(resident, STRONG_PASSWORD);
    el = await fixture('civic-reports-map', { lang: 'en', 'api-url': apiUrl, 'tile-url': 'none', 'report-id': r.id });
    await waitFor(() => text(el).includes('It is not fixed'), 'reopen offered to a supporter');
    button(el, 'Tell the city it is not fixed').click();
    await waitFor(() => $(el, '#reopen-summary'), 'error summary when the reason is missing');
    await axe(el);
    setValue(field(el, 'What is still wrong?'), 'The hole is back after the rain.');
    button(el, 'Tell the city it is not fixed').click();
    await waitFor(() => text(el).includes('The report is open again.') && $(el, '[part=status-badge]')!.textContent!.includes('Accepted'), 'reopened');
    includes(text(el), 'The hole is back after the rain.');
  });

  it('civic-report-tracker: an anonymous reporter holding the code says it is not fixed', async () => {
    const title = `Anonimowo ${Date.now()}`;
    signOutLocally(apiUrl);
    const r = await createReport(apiUrl, { title });
    await signInAs(apiUrl, 'staff', 'roads');
    await getSession(apiUrl).authed('POST', `/reports/${r.id}/status`, { status: 'resolved', comment: 'Naprawione.' });
    signOutLocally(apiUrl);
    const el = await fixture('civic-report-tracker', { lang: 'pl', 'api-url': apiUrl, code: r.trackingCode });
    await waitFor(() => text(el).includes('To nie zostało naprawione'), 'reopen offered to the code holder');
    await axe(el);
    setValue(field(el, 'Co nadal jest nie tak?'), 'Dziura wróciła po deszczu.');
    button(el, 'Zgłoś, że nie naprawiono').click();
    await waitFor(() => text(el).includes('Zgłoszenie wróciło do realizacji.') && $(el, '[part=status-badge]')!.textContent!.includes('Przyjęte'), 'reopened');
  });

  it('civic-alerts: a visitor subscribes with an email and confirms from the link; a resident manages their alerts', async () => {
    signOutLocally(apiUrl);
    await setViewport({ width: 320, height: 640 });
    const email = `alert.${Date.now()}@example.org`;
    let el = await fixture('civic-alerts', { lang: 'pl', 'api-url': apiUrl, 'tile-url': 'none' });
    await waitFor(() => el.shadowRoot!.querySelector('input[name="cat"]'), 'categories');
    assert(el.scrollWidth <= 320, `fits a 320 px screen: ${el.scrollWidth}`);
    await axe(el);
    setValue(field(el, 'Obszar'), 'city');
    setValue(field(el, 'E-mail'), email);
    button(el, 'Włącz powiadomienia').click();
    await waitFor(() => text(el).includes('Wysłaliśmy e-mail z linkiem potwierdzającym.'), 'pending');
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'alert-confirm' });
    el.handleEmailAction({ action: 'alert-confirm', token });
    await waitFor(() => text(el).includes('Potwierdzono. Powiadomienia są włączone.'), 'confirmed');

    await signInAs(apiUrl, 'resident');
    el = await fixture('civic-alerts', { lang: 'en', 'api-url': apiUrl, 'tile-url': 'none' });
    await waitFor(() => text(el).includes('You have no alerts yet.'), 'empty list');
    setValue(field(el, 'Area'), 'district');
    button(el, 'Turn on alerts').click();
    await waitFor(() => $(el, '#alert-summary'), 'district required');
    setValue(field(el, 'District'), 'bytkow');
    (el.shadowRoot!.querySelector('input[value="pothole"]') as HTMLInputElement).click();
    button(el, 'Turn on alerts').click();
    await waitFor(() => text(el).includes('Alerts are on.'), 'active at once');
    await waitFor(() => text(el).includes('Bytków; Pothole'), 'listed');
    await axe(el);
    button(el, 'Remove').click();
    await waitFor(() => text(el).includes('The alert was removed.') && text(el).includes('You have no alerts yet.'), 'removed');
  });

  it('civic-stats: an accessible table and a small SVG chart, in German, at 320 px', async () => {
    await setViewport({ width: 320, height: 640 });
    const el = await fixture('civic-stats', { lang: 'de', 'api-url': apiUrl });
    const table = await waitFor(() => $(el, 'table'), 'table');
    includes(table.querySelector('caption')!.textContent, 'Meldungen nach Kategorie und Monat');
    equal(table.querySelectorAll('thead th').length, 1 + 12 + 3);
    const chart = $(el, 'svg[role=img]')!;
    includes(chart.getAttribute('aria-label'), 'Meldungen pro Monat');
    includes(text(el), 'Median bis zur Erledigung');
    assert(el.scrollWidth <= 320, `the wide table scrolls inside its region, the page does not: ${el.scrollWidth}`);
    await axe(el);
  });

  it('the staff queue: counts per status, search by tracking code, time in status, and moderation that hides a report', async () => {
    const title = `Moderacja ${Date.now()}`;
    const r = await createReport(apiUrl, { title, description: 'Jan Kowalski z nr 5 parkuje na chodniku.' });
    await signInAs(apiUrl, 'staff', 'roads');
    const el = await fixture('civic-staff-console', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => text(el).includes('Zgłoszenia działu według statusu'), 'counts');
    setValue(field(el, 'Szukaj (tekst lub numer zgłoszenia)'), r.trackingCode.toLowerCase());
    button(el, 'Pokaż').click();
    await waitFor(() => el.shadowRoot!.querySelectorAll('.item-title').length === 1, 'one result');
    const found = await item(el, title);
    includes(text(el), 'w tym statusie od 0 godz.');
    await axe(el);
    found.click();
    await waitFor(() => $(el, '#moderation-title'), 'moderation box');
    setValue(field(el, 'Powód (otrzyma go zgłaszający)'), 'Dane osobowe sąsiada.');
    setValue(field(el, 'Publiczny opis'), '[usunięto] parkuje na chodniku.');
    setValue(field(el, 'Ukryj zgłoszenie publicznie'), true);
    button(el, 'Zapisz moderację').click();
    await waitFor(() => text(el).includes('Moderacja zapisana.'), 'saved');
    includes(text(el), 'Pierwotny opis (tylko dla urzędu)');
    includes(text(el), 'Jan Kowalski z nr 5');
    await axe(el);
    signOutLocally(apiUrl);
    const res = await fetch(`${apiUrl}/api/v1/reports/${r.id}`);
    equal(res.status, 404);
  });
});
