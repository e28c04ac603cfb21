/**
 * Issue 14, items 1, 6 and 8: where a report is (a map on every report view, staff and resident),
 * the report form's title field has a name, the tracker continues from the code just received.
 * At a phone's 320 px and a desktop width, in pl/en/de, axe-clean.
 */
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import '../../widget/src/components/civic-report-form/civic-report-form.js';
import '../../widget/src/components/civic-portal/civic-portal.js';
import { $, activeElement, assert, axe, button, deep, env, equal, fixture, includes, setValue, signOutLocally, submit, text, waitFor } from './helpers.js';
import { HERE, createReport, signInAs, tileDataUrl } from './report-helpers.js';

let apiUrl: string;
const WIDTHS = [320, 1280] as const;
const PIN = { lat: 50.30731, lng: 19.05342 };

function noSideScroll(el: Element): void {
  const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  assert(over <= 0, `the page scrolls sideways by ${over}px at ${window.innerWidth}px (${el.localName})`);
}

async function locationOf(host: Element) {
  const view = await waitFor(() => deep(host, 'civic-location-view'), 'the location view');
  await waitFor(() => view.shadowRoot?.querySelector('a'), 'its link');
  return view;
}

describe('issue 14: reports show where they are', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  after(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['pl', 'en', 'de'] as const) {
    for (const width of WIDTHS) {
      it(`staff console in ${lang} at ${width}px: a pin-only report shows its map, coordinates and a map link`, async () => {
        await setViewport({ width, height: 800 });
        const title = `Pinezka ${lang} ${width} ${Date.now()}`;
        await createReport(apiUrl, { title, categoryId: 'pavement', location: PIN });
        await signInAs(apiUrl, 'staff', 'roads');
        const el = await fixture('civic-staff-console', { lang, 'api-url': apiUrl, 'tile-url': tileDataUrl() });
        const item = await waitFor(
          () => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title),
          'queue item',
        );
        item.click();
        const view = await locationOf(el);
        const heading = { pl: 'Lokalizacja', en: 'Location', de: 'Ort' }[lang];
        includes(text(view), heading);
        includes(text(view), '50.30731, 19.05342', 'coordinates');
        const link = view.shadowRoot!.querySelector('a')!;
        includes(link.href, 'mlat=50.307310&mlon=19.053420');
        includes(link.textContent, { pl: 'Otwórz na mapie', en: 'Open in a map', de: 'In einer Karte öffnen' }[lang]);
        const map = view.shadowRoot!.querySelector('civic-location-map')!;
        await waitFor(() => map.shadowRoot?.querySelector('img'), 'map tiles');
        assert(map.shadowRoot!.querySelector('.marker'), 'the pin');
        noSideScroll(el);
        await axe(el);
      });
    }
  }

  it('the resident sees the same location view on a tracked report, with the address when there is one', async () => {
    signOutLocally(apiUrl);
    const created = await createReport(apiUrl, { location: { ...PIN, address: 'ul. Michałkowicka 5' } });
    const el = await fixture('civic-report-tracker', { lang: 'pl', 'api-url': apiUrl, 'tile-url': 'none' });
    el.code = created.trackingCode;
    const view = await locationOf(el);
    includes(text(view), 'ul. Michałkowicka 5');
    includes(text(view), '50.30731, 19.05342');
    equal(view.shadowRoot!.querySelector('civic-location-map'), null, 'no map without tiles');
    await axe(el);
  });
});

describe('issue 14: report form title (6) and the tracker after sending (8)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  after(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`in ${lang}: the title field is named by its label, every id in the form is unique`, async () => {
      signOutLocally(apiUrl);
      const el = await fixture('civic-report-form', { lang, 'api-url': apiUrl, 'tile-url': 'none' });
      const input = await waitFor(() => el.shadowRoot!.querySelector<HTMLInputElement>('input[name=title]'), 'title input');
      const name = { pl: 'Tytuł', en: 'Title', de: 'Titel' }[lang];
      equal(input.labels?.length, 1, 'labels of the title input');
      includes(input.labels![0].textContent, name);
      const ids = [...el.shadowRoot!.querySelectorAll('[id]')].map((e) => e.id);
      equal(ids.length, new Set(ids).size, `duplicate ids: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(',')}`);
      await axe(el);
    });
  }

  for (const width of WIDTHS) {
    it(`at ${width}px: "check the status" after sending shows that report, and the way back reads "Check another code"`, async () => {
      await setViewport({ width, height: 800 });
      signOutLocally(apiUrl);
      const portal = await fixture('civic-portal', { lang: 'en', 'api-url': apiUrl });
      await waitFor(
        () => [...portal.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Continue without logging in'),
        'start button',
      );
      button(portal, 'Continue without logging in').click();
      const form = await waitFor(() => deep(portal, 'civic-report-form') as HTMLElement & { tileUrl?: string }, 'report form');
      await waitFor(() => form.shadowRoot?.querySelector('select option[value=pothole]'), 'categories');
      setValue(form.shadowRoot!.querySelector<HTMLSelectElement>('select[name=categoryId]')!, 'pothole');
      setValue(
        form.shadowRoot!.querySelector<HTMLTextAreaElement>('textarea[name=description]') as unknown as HTMLInputElement,
        'A broken drain cover near the school.',
      );
      setValue(form.shadowRoot!.querySelector<HTMLInputElement>('input[name=address]')!, 'ul. Szkolna 1');
      await submit(form, 'Submit report');
      const code = (await waitFor(() => form.shadowRoot!.querySelector('[part=tracking-code]'), 'tracking code')).textContent!.trim();
      button(form, 'Check the status of a report').click();
      const tracker = await waitFor(() => deep(portal, 'civic-report-tracker'), 'tracker');
      await waitFor(() => text(tracker).includes(code) && $(tracker, '#tracked-title'), 'the report just sent');
      const again = button(tracker, 'Check another code');
      again.click();
      await waitFor(() => activeElement()?.id === 'track-code', 'focus on the empty code field');
      noSideScroll(portal);
      await axe(portal);
    });
  }
});

describe('issue 14: the duplicate check reaches a report 190 m away (item 12)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('offers the report 190 m north of the chosen point', async () => {
    const title = `Zniszczona ławka ${Date.now()}`;
    await createReport(apiUrl, { categoryId: 'vandalism', title, location: { lat: HERE.lat + 0.00171, lng: HERE.lng } }); // ~190 m
    signOutLocally(apiUrl);
    const el = await fixture('civic-report-form', { lang: 'pl', 'api-url': apiUrl, 'tile-url': tileDataUrl() });
    await waitFor(() => el.shadowRoot!.querySelector('select option[value=vandalism]'), 'categories');
    setValue(el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=categoryId]')!, 'vandalism');
    const map = await waitFor(() => el.shadowRoot!.querySelector('civic-location-map'), 'map');
    const viewport = await waitFor(() => map.shadowRoot?.querySelector<HTMLElement>('[role=application]'), 'viewport');
    viewport.focus();
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowUp' });
    const nearby = await waitFor(() => $(el, '[part=nearby]'), 'nearby reports');
    includes(nearby.textContent, title);
    await axe(el);
  });
});
