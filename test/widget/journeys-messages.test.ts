/**
 * Issue 14, items 5 and 7: a message appears where focus goes and errors clear when fixed; a phone
 * change held back by the SMS cooldown says no code was sent. 320 px and desktop, axe-clean.
 */
import { setViewport } from '@web/test-runner-commands';
import '../../widget/src/components/civic-account/civic-account.js';
import '../../widget/src/components/civic-phone-verification/civic-phone-verification.js';
import '../../widget/src/components/civic-report-form/civic-report-form.js';
import '../../widget/src/components/civic-staff-console/civic-staff-console.js';
import '../../widget/src/components/civic-portal/civic-portal.js';
import '../../widget/src/components/civic-login/civic-login.js';
import { getSession } from '../../widget/src/core/session.js';
import {
  $,
  activeElement,
  assert,
  axe,
  button,
  createUser,
  deep,
  env,
  equal,
  field,
  fixture,
  includes,
  mobileNumber,
  serverCommand,
  setValue,
  signOutLocally,
  STRONG_PASSWORD,
  text,
  uniqueEmail,
  waitFor,
  fieldWhenShown,
} from './helpers.js';
import { chooseFiles, createReport, pngFile, signInAs, tileDataUrl } from './report-helpers.js';

let apiUrl: string;
const WIDTHS = [320, 1280];

describe('issue 14: messages where focus goes, errors that clear (item 5)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  after(() => setViewport({ width: 800, height: 600 }));

  for (const [lang, width] of [
    ['pl', 320],
    ['en', 1280],
    ['de', 320],
  ] as const) {
    it(`${lang} at ${width}px: "change email" confirms beside its form and takes focus`, async () => {
      await setViewport({ width, height: 800 });
      signOutLocally(apiUrl);
      const { email } = await createUser();
      await getSession(apiUrl).login(email, STRONG_PASSWORD);
      const el = await fixture('civic-account', { lang, 'api-url': apiUrl });
      await waitFor(() => el.shadowRoot!.querySelector('#email-change-form'), 'email form');
      const fresh = uniqueEmail('moved');
      el.shadowRoot!.querySelector<HTMLInputElement>('#email-change-email')!.value = fresh;
      el.shadowRoot!.querySelector<HTMLInputElement>('#email-change-password')!.value = STRONG_PASSWORD;
      el.shadowRoot!.querySelector<HTMLFormElement>('#email-change-form')!.requestSubmit();
      const done = await waitFor(() => $(el, '#email-done'), 'the confirmation');
      includes(done.textContent, fresh);
      equal(activeElement(), done, 'focus on the confirmation');
      assert(done.closest('section')?.getAttribute('aria-labelledby') === 'email-change-title', 'inside the email-change section');
      const form = el.shadowRoot!.querySelector('#email-change-form')!.getBoundingClientRect();
      assert(Math.abs(done.getBoundingClientRect().bottom - form.top) < 200, 'right above the form it confirms');
      await axe(el);
    });
  }

  for (const width of WIDTHS) {
    it(`at ${width}px: report form errors clear as each field is fixed; no "required" on an optional field; no "No file chosen" beside photos`, async () => {
      await setViewport({ width, height: 800 });
      signOutLocally(apiUrl);
      const el = await fixture('civic-report-form', { lang: 'pl', 'api-url': apiUrl, 'tile-url': tileDataUrl() });
      await waitFor(() => el.shadowRoot!.querySelector('select option[value=pothole]'), 'categories');
      el.shadowRoot!.querySelector<HTMLFormElement>('#report-form')!.requestSubmit();
      const summary = await waitFor(() => $(el, '#report-summary'), 'error summary');
      includes(summary.textContent, 'Opis');
      setValue(field(el, 'Opis') as HTMLInputElement, 'Przewrócony znak drogowy przy szkole.');
      await waitFor(() => !$(el, '#report-description-error'), 'the description error goes once fixed');
      setValue(field(el, 'Kategoria'), 'pothole');
      await waitFor(() => !$(el, '#report-categoryId-error'), 'the category error goes once fixed');
      assert($(el, '#report-address-error'), 'the address is still missing');
      // a point on the map makes the address optional: its "required" error goes with it
      const map = await waitFor(() => el.shadowRoot!.querySelector('civic-location-map'), 'map');
      const viewport = await waitFor(() => map.shadowRoot!.querySelector<HTMLElement>('.viewport'), 'map viewport');
      const box = viewport.getBoundingClientRect();
      const at = { clientX: box.left + box.width / 2 + 10, clientY: box.top + box.height / 2, pointerId: 1, button: 0, bubbles: true };
      viewport.dispatchEvent(new PointerEvent('pointerdown', at));
      viewport.dispatchEvent(new PointerEvent('pointerup', at));
      await waitFor(() => !$(el, '#report-address-error'), 'no "required" on the now optional address');
      const label = el.shadowRoot!.querySelector('label[for=report-address]')!;
      includes(label.textContent, 'opcjonalnie');
      await waitFor(() => !$(el, '#report-summary'), 'the summary goes with the last error');
      const photos = el.shadowRoot!.querySelector<HTMLInputElement>('#report-photos')!;
      chooseFiles(photos, [await pngFile()]);
      await waitFor(() => el.shadowRoot!.querySelector('.previews li'), 'photo attached');
      equal(getComputedStyle(photos).color, 'rgba(0, 0, 0, 0)', 'the browser\'s "No file chosen" is not shown');
      await axe(el);
    });
  }

  it('staff: the rejection comment error clears once a comment is written', async () => {
    const title = `Odrzucenie ${Date.now()}`;
    await createReport(apiUrl, { title, categoryId: 'pavement' });
    await signInAs(apiUrl, 'staff', 'roads');
    const el = await fixture('civic-staff-console', { lang: 'pl', 'api-url': apiUrl, 'tile-url': 'none' });
    const item = await waitFor(() => [...el.shadowRoot!.querySelectorAll<HTMLButtonElement>('.item-title')].find((b) => b.textContent === title), 'queue item');
    item.click();
    const status = await waitFor(() => el.shadowRoot!.querySelector<HTMLSelectElement>('#status-status'), 'status form');
    setValue(status, 'rejected');
    button(el, 'Zmień status').click();
    await waitFor(() => $(el, '#status-comment-error'), 'comment required for a rejection').catch((e) => {
      throw new Error(`${e.message}: ${text(el).slice(0, 900)}`);
    });
    setValue(el.shadowRoot!.querySelector<HTMLTextAreaElement>('#status-comment') as unknown as HTMLInputElement, 'To zgłoszenie dotyczy drogi wojewódzkiej.');
    await waitFor(() => !$(el, '#status-comment-error') && !$(el, '#status-summary'), 'the error goes once the comment is written');
    await axe(el);
  });

  it('portal: "account activated" goes once the resident has signed in', async () => {
    signOutLocally(apiUrl);
    const email = uniqueEmail('act');
    await serverCommand('civic-create-user', { email, password: STRONG_PASSWORD, activate: false });
    const { token } = await serverCommand<{ token: string }>('civic-link', { to: email, action: 'activate' });
    const portal = await fixture('civic-portal', { lang: 'pl', 'api-url': apiUrl });
    portal.handleEmailAction({ action: 'activate', token: token! });
    await waitFor(() => text(portal).includes('Konto zostało aktywowane'), 'activated');
    const login = await waitFor(() => deep(portal, 'civic-login'), 'log-in view').catch((e) => {
      throw new Error(`${e.message}: ${portal.getAttribute('view')} ${location.search} ${text(portal).slice(0, 600)}`);
    });
    await waitFor(() => login.shadowRoot?.querySelector('input'), 'log-in form');
    setValue(field(login, 'E-mail'), email);
    setValue(field(login, 'Hasło'), STRONG_PASSWORD);
    button(login, 'Zaloguj').click();
    await waitFor(() => getSession(apiUrl).status === 'signed-in', 'signed in');
    await waitFor(() => !text(portal).includes('Konto zostało aktywowane'), 'the activation message is gone');
    await axe(portal);
  });
});

describe('issue 14: Kraków phone change under the SMS cooldown (item 7)', () => {
  for (const width of WIDTHS) {
    it(`at ${width}px: a second number within the cooldown says no code was sent yet`, async () => {
      await setViewport({ width, height: 900 });
      const { apiUrl: krakow } = await env('krakow');
      signOutLocally(krakow);
      const email = uniqueEmail('krk-cool');
      await serverCommand('civic-reports-create-user', { server: 'krakow', email, password: STRONG_PASSWORD, role: 'resident' });
      await getSession(krakow).login(email, STRONG_PASSWORD);
      const el = await fixture('civic-account', { lang: 'pl', 'api-url': krakow });
      const district = await fieldWhenShown(el, 'Dzielnica');
      setValue(district, 'V');
      const first = mobileNumber();
      setValue(field(el, 'Numer telefonu'), first.typed);
      button(el, 'Zapisz zmiany').click();
      const sms = await waitFor(() => el.shadowRoot!.querySelector('civic-phone-verification'), 'SMS step');
      await waitFor(() => text(sms).includes('Wysłaliśmy SMS z kodem'), 'the first code was sent');
      const second = mobileNumber();
      setValue(field(el, 'Numer telefonu'), second.typed);
      button(el, 'Zapisz zmiany').click();
      const step = await waitFor(() => {
        const s = el.shadowRoot!.querySelector('civic-phone-verification');
        return s && text(s).includes(second.e164) ? s : undefined;
      }, 'the step for the second number');
      await waitFor(() => text(step).includes('Nie wysłaliśmy jeszcze kodu'), 'says no code was sent');
      assert(!text(step).includes('Wysłaliśmy SMS z kodem'), 'does not claim an SMS was sent');
      equal(button(step, 'Wyślij kod ponownie').getAttribute('aria-disabled'), 'true', 'the resend waits for the cooldown');
      await axe(el);
    });
  }
});
