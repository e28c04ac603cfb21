import { sendKeys } from '@web/test-runner-commands';
import '../../widget/src/components/civic-report-form/civic-report-form.js';
import '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import type { CivicReportForm } from '../../widget/src/components/civic-report-form/civic-report-form.js';
import { $, activeElement, assert, axe, button, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { chooseFiles, createReport, pngFile, signInAs, tileDataUrl } from './report-helpers.js';

const LABELS = {
  pl: {
    category: 'Kategoria',
    description: 'Opis',
    submit: 'Wyślij zgłoszenie',
    address: 'Adres lub opis miejsca',
    photos: 'Zdjęcia',
    email: 'E-mail do powiadomień',
    pothole: 'Dziura w jezdni',
  },
  en: {
    category: 'Category',
    description: 'Description',
    submit: 'Submit report',
    address: 'Address or description of the place',
    photos: 'Photos',
    email: 'Email for updates',
    pothole: 'Pothole',
  },
  de: {
    category: 'Kategorie',
    description: 'Beschreibung',
    submit: 'Meldung absenden',
    address: 'Adresse oder Beschreibung des Ortes',
    photos: 'Fotos',
    email: 'E-Mail für Benachrichtigungen',
    pothole: 'Schlagloch',
  },
} as const;

let apiUrl: string;

async function form(lang = 'pl', attrs: Record<string, string> = {}): Promise<CivicReportForm> {
  const el = await fixture('civic-report-form', { lang, 'api-url': apiUrl, ...attrs });
  await waitFor(() => el.shadowRoot!.querySelector('select option[value=pothole]'), 'categories loaded');
  return el;
}

function fill(el: CivicReportForm, l: (typeof LABELS)['pl'], description: string, address = 'ul. Jana Pawła II 10'): void {
  setValue(field(el, l.category), 'pothole');
  setValue(field(el, l.description), description);
  setValue(field(el, l.address), address);
}

describe('civic-report-form', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  beforeEach(() => signOutLocally(apiUrl));

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`renders the contract's labels in ${lang}, categories in ${lang}, and passes axe`, async () => {
      const el = await form(lang, { 'tile-url': 'none' });
      const l = LABELS[lang];
      const category = field(el, l.category) as HTMLSelectElement;
      assert(
        [...category.options].some((o) => o.textContent === l.pothole),
        `category names in ${lang}`,
      );
      equal(field(el, l.description).localName, 'textarea');
      field(el, l.address);
      equal((field(el, l.photos) as HTMLInputElement).type, 'file');
      equal((field(el, l.email) as HTMLInputElement).type, 'email', 'contact email when anonymous');
      button(el, l.submit);
      await axe(el);
    });
  }

  it('on an empty submit shows an error summary that takes focus and links to the fields', async () => {
    const el = await form('pl', { 'tile-url': 'none' });
    button(el, 'Wyślij zgłoszenie').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'error summary');
    equal(activeElement(), summary, 'focus on the summary');
    includes(summary.textContent, 'Kategoria nie może pozostać bez wartości.');
    includes(summary.textContent, 'Opis nie może pozostać bez wartości.');
    includes(summary.textContent, 'Adres lub opis miejsca nie może pozostać bez wartości.');
    const description = field(el, 'Opis');
    equal(description.getAttribute('aria-invalid'), 'true');
    [...summary.querySelectorAll('a')].find((a) => a.textContent!.startsWith('Opis'))!.click();
    equal(activeElement(), description, 'the link focuses its field');
    await axe(el);
  });

  it('without a reachable tile server falls back to the address field and still sends the report', async () => {
    // the profile's tiles are on openstreetmap.org, which this machine cannot reach
    const el = await form('en');
    await waitFor(() => text(el).includes('The map is not available'), 'map unavailable message');
    assert(!el.shadowRoot!.querySelector('civic-location-map'), 'no broken map left on the page');
    fill(el, LABELS.en, 'Street light out since Monday.');
    button(el, 'Submit report').click();
    await waitFor(() => $(el, '[part=tracking-code]'), 'tracking code');
  });

  it('the map works by keyboard: arrows move the chosen point, + zooms', async () => {
    const el = await form('pl', { 'tile-url': tileDataUrl() });
    const map = await waitFor(() => el.shadowRoot!.querySelector('civic-location-map'), 'map');
    const viewport = await waitFor(() => map.shadowRoot?.querySelector<HTMLElement>('[role=application]'), 'map viewport');
    await waitFor(() => map.shadowRoot!.querySelector('img'), 'tiles');
    equal(viewport.getAttribute('aria-label'), 'Mapa');
    viewport.focus();
    await sendKeys({ press: 'ArrowRight' });
    const chosen = await waitFor(() => text(el).match(/Wybrany punkt: ([\d.]+), ([\d.]+)/), 'chosen point shown');
    assert(Number(chosen[2]) > 19.0297, `moved east: ${chosen[0]}`);
    equal(field(el, 'Adres lub opis miejsca').hasAttribute('required'), false, 'address optional once a point is chosen');
    await sendKeys({ press: '+' });
    equal(map.zoom, 15);
    await axe(el);
  });

  it('anonymous report by keyboard: tracking code shown, civic-report-submitted fired, the tracker finds it', async () => {
    const el = await form('pl', { 'tile-url': 'none' });
    const events: CustomEvent[] = [];
    document.addEventListener('civic-report-submitted', (e) => events.push(e), { once: true });
    field(el, 'Kategoria').focus();
    setValue(field(el, 'Kategoria'), 'street-light');
    await sendKeys({ press: 'Tab' });
    equal((activeElement() as HTMLInputElement).name, 'title', 'Tab moves to the title');
    await sendKeys({ type: 'Latarnia nie świeci' });
    await sendKeys({ press: 'Tab' });
    await sendKeys({ type: 'Latarnia przy szkole nie świeci od tygodnia.' });
    field(el, 'Adres lub opis miejsca').focus();
    await sendKeys({ type: 'ul. Szkolna 3' });
    await sendKeys({ press: 'Enter' });
    await waitFor(() => events.length === 1, 'civic-report-submitted');
    const detail = events[0].detail as { id: string; trackingCode: string };
    equal(events[0].bubbles && events[0].composed, true, 'bubbles and composed');
    assert(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(detail.trackingCode), `tracking code ${detail.trackingCode}`);
    const code = await waitFor(() => $(el, '[part=tracking-code]'), 'code shown');
    equal(code.textContent, detail.trackingCode);
    equal(activeElement()?.id, 'submitted-title', 'focus on the confirmation');
    await axe(el);
    // "Sprawdź status zgłoszenia" shows the tracker in place; the code finds the report
    button(el, 'Sprawdź status zgłoszenia').click();
    const tracker = await waitFor(() => el.shadowRoot!.querySelector('civic-report-tracker'), 'tracker in place');
    // the code handed over is looked up at once; then, typed by hand in lower case, it finds the report too
    // (waiting for the first look-up first: clicking "Sprawdź" while it ran raced the form's replacement)
    await waitFor(() => text(tracker).includes('Latarnia nie świeci'), 'the handed-over code looked up');
    button(tracker, 'Sprawdź inny kod').click();
    await waitFor(() => tracker.shadowRoot?.querySelector('form'), 'tracker form');
    setValue(field(tracker, 'Kod śledzenia'), detail.trackingCode.toLowerCase());
    button(tracker, 'Sprawdź').click();
    await waitFor(() => text(tracker).includes('Latarnia nie świeci'), 'tracked report');
    includes(tracker.shadowRoot!.querySelector('[part=status-badge]')!.textContent, 'Status: Nowe');
  });

  it('photos: previews a chosen PNG, can remove it, and sends it with the report', async () => {
    const el = await form('pl', { 'tile-url': 'none' });
    const input = field(el, 'Zdjęcia') as HTMLInputElement;
    chooseFiles(input, [await pngFile('a.png'), await pngFile('b.png')]);
    const previews = await waitFor(
      () =>
        el.shadowRoot!.querySelectorAll<HTMLImageElement>('[part=photos] img').length === 2 &&
        el.shadowRoot!.querySelectorAll<HTMLImageElement>('[part=photos] img'),
      'two previews',
    );
    equal(previews[0].alt, 'Zdjęcie 1: a.png');
    await waitFor(() => previews[0].complete && previews[0].naturalWidth === 64, 'preview decoded');
    button(el, 'Usuń zdjęcie 2').click();
    await waitFor(() => el.shadowRoot!.querySelectorAll('[part=photos] img').length === 1, 'one preview left');
    chooseFiles(input, [new File(['not an image'], 'notes.txt', { type: 'text/plain' })]);
    await waitFor(() => text(el).includes('Plik notes.txt nie jest zdjęciem'), 'type hint');
    equal(input.getAttribute('aria-describedby'), 'report-photos-hint report-photos-error');
    fill(el, LABELS.pl, 'Dziura na zdjęciu w załączniku.');
    button(el, 'Wyślij zgłoszenie').click();
    const code = (await waitFor(() => $(el, '[part=tracking-code]'), 'tracking code')).textContent!;
    const tracked = await fetch(`${apiUrl}/api/v1/reports/track/${code}`).then((r) => r.json());
    equal(tracked.photoCount, 1, 'one photo stored');
    const photo = await fetch(tracked.photos[0].url);
    equal(photo.headers.get('content-type'), 'image/jpeg', 're-encoded by the server');
  });

  it('offers open reports nearby before sending, and a signed-in resident can support one instead', async () => {
    const existing = await createReport(apiUrl, {
      categoryId: 'litter',
      description: 'Śmieci na skwerze przy fontannie, od tygodnia.',
      title: 'Śmieci przy fontannie',
    });
    await signInAs(apiUrl, 'resident');
    const el = await form('pl', { 'tile-url': tileDataUrl() });
    setValue(field(el, 'Kategoria'), 'litter');
    const map = await waitFor(() => el.shadowRoot!.querySelector('civic-location-map'), 'map');
    const viewport = await waitFor(() => map.shadowRoot?.querySelector<HTMLElement>('[role=application]'), 'viewport');
    viewport.focus();
    await sendKeys({ press: 'ArrowDown' }); // a few metres from the existing report
    await sendKeys({ press: 'ArrowUp' });
    const nearby = await waitFor(() => $(el, '[part=nearby]'), 'nearby reports');
    includes(nearby.textContent, 'Czy to jedno z tych zgłoszeń?');
    includes(nearby.textContent, 'Śmieci przy fontannie');
    await axe(el);
    button(el, 'Popieram (mnie też to dotyczy)').click();
    await waitFor(() => text(el).includes('Twoje poparcie zostało zapisane'), 'support recorded');
    const view = await fetch(`${apiUrl}/api/v1/reports/${existing.id}`).then((r) => r.json());
    equal(view.supportCount, 1);
  });
});
