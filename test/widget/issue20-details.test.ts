// Issue 20's smaller items in the widget, in Chromium against the real server: the alerts form shows one
// area input at a time and is clean after success; a signed-in report's confirmation offers "Moje zgłoszenia".
import '../../widget/src/components/civic-alerts/civic-alerts.js';
import '../../widget/src/components/civic-report-form/civic-report-form.js';
import { assert, button, env, equal, field, fixture, setValue, signOutLocally, submit, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';

let apiUrl: string;
const named = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`);

describe('issue 20: alerts form and report confirmation', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  it('civic-alerts shows only the chosen area’s input and is empty again after success', async () => {
    signOutLocally(apiUrl);
    const el = await fixture('civic-alerts', { lang: 'pl', 'api-url': apiUrl, 'tile-url': 'none' });
    await waitFor(() => el.shadowRoot!.querySelector('input[name="cat"]'), 'categories');
    await waitFor(() => el.shadowRoot!.querySelector('select[name="kind"] option[value="district"]'), 'the profile’s districts');
    assert(named(el, 'radius'), 'a circle asks for its radius');
    assert(!named(el, 'district'), 'and not for a district');
    setValue(field(el, 'Obszar'), 'district');
    await waitFor(() => named(el, 'district') && !named(el, 'radius'), 'a district asks only for the district');
    setValue(field(el, 'Obszar'), 'city');
    await waitFor(() => !named(el, 'district') && !named(el, 'radius'), 'the whole city asks for neither');
    setValue(field(el, 'E-mail'), `clean.${Date.now()}@example.org`);
    el.shadowRoot!.querySelector<HTMLInputElement>('input[name="cat"]')!.click();
    button(el, 'Włącz powiadomienia').click();
    await waitFor(() => text(el).includes('Wysłaliśmy e-mail z linkiem potwierdzającym.'), 'pending');
    await waitFor(() => named(el, 'radius'), 'back to the first choice');
    equal(named(el, 'kind')!.value, 'circle');
    equal(named(el, 'email')!.value, '', 'the address is not left in the form');
    equal(el.shadowRoot!.querySelectorAll('input[name="cat"]:checked').length, 0, 'no category left ticked');
  });

  it('a signed-in report’s confirmation offers "Moje zgłoszenia", not a code to write down', async () => {
    await signInAs(apiUrl, 'resident');
    const el = await fixture('civic-report-form', { lang: 'pl', 'api-url': apiUrl, 'tile-url': 'none' });
    await waitFor(() => el.shadowRoot!.querySelector('select option[value=pothole]'), 'categories');
    setValue(field(el, 'Kategoria'), 'pothole');
    setValue(field(el, 'Opis'), 'Zapadnięta kratka ściekowa przy szkole.');
    setValue(field(el, 'Adres lub opis miejsca'), 'ul. Szkolna 1');
    await submit(el, 'Wyślij zgłoszenie');
    await waitFor(() => text(el).includes('Zgłoszenie znajdziesz w zakładce „Moje zgłoszenia”'), 'the signed-in confirmation');
    button(el, 'Moje zgłoszenia');
    assert(!text(el).includes('Zapisz ten kod'), 'no "write this code down"');
    assert(!el.shadowRoot!.querySelector('[part=tracking-code]'), 'no tracking code to copy');
  });
});
