import '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import type { CivicReportTracker } from '../../widget/src/components/civic-report-tracker/civic-report-tracker.js';
import { activeElement, $, assert, axe, button, env, equal, field, fixture, includes, setValue, signOutLocally, text, waitFor } from './helpers.js';
import { createReport } from './report-helpers.js';

const LABELS = {
  pl: { code: 'Kod śledzenia', check: 'Sprawdź', title: 'Sprawdź status zgłoszenia', status: 'Status: Nowe', send: 'Wyślij wiadomość', message: 'Wiadomość' },
  en: { code: 'Tracking code', check: 'Check', title: 'Check the status of a report', status: 'Status: New', send: 'Send message', message: 'Message' },
  de: { code: 'Verfolgungscode', check: 'Prüfen', title: 'Status einer Meldung prüfen', status: 'Status: Neu', send: 'Nachricht senden', message: 'Nachricht' },
} as const;

let apiUrl: string;

async function tracker(lang = 'pl'): Promise<CivicReportTracker> {
  signOutLocally(apiUrl);
  return fixture('civic-report-tracker', { lang, 'api-url': apiUrl });
}

async function lookUp(el: CivicReportTracker, lang: keyof typeof LABELS, code: string): Promise<void> {
  setValue(field(el, LABELS[lang].code), code);
  button(el, LABELS[lang].check).click();
  await waitFor(() => el.shadowRoot!.querySelector('[part=report]'), 'report shown');
}

describe('civic-report-tracker', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`in ${lang}: the code form, then the report with its status and the conversation, axe-clean in both states`, async () => {
      const { trackingCode } = await createReport(apiUrl, { title: `Tracker ${lang}` });
      const el = await tracker(lang);
      includes(text(el), LABELS[lang].title);
      await axe(el);
      await lookUp(el, lang, trackingCode);
      includes(text(el), `Tracker ${lang}`);
      includes($(el, '[part=status-badge]')!.textContent, LABELS[lang].status);
      equal(activeElement()?.id, 'tracked-title', 'focus on the report found');
      field(el, LABELS[lang].message);
      button(el, LABELS[lang].send);
      await axe(el);
    });
  }

  it('says plainly when no report has the code, in an alert, and puts focus back on the code', async () => {
    const el = await tracker('pl');
    await lookUp(el, 'pl', 'AAAA-BBBB-CCCC').catch(() => undefined);
    const alert = await waitFor(() => el.shadowRoot!.querySelector('[role=alert] .notice'), 'alert');
    includes(alert.textContent, 'Nie znaleziono zgłoszenia o tym kodzie');
    equal(activeElement(), field(el, 'Kod śledzenia'));
  });

  it('validates an empty code with the error summary', async () => {
    const el = await tracker('en');
    button(el, 'Check').click();
    const summary = await waitFor(() => $(el, '.error-summary'), 'summary');
    equal(activeElement(), summary);
    includes(summary.textContent, 'Tracking code');
  });

  it('the anonymous reporter replies in the conversation with the code alone', async () => {
    const { id, trackingCode } = await createReport(apiUrl);
    const el = await tracker('pl');
    await lookUp(el, 'pl', trackingCode);
    includes(text(el), 'Nie ma jeszcze wiadomości.');
    button(el, 'Wyślij wiadomość').click();
    await waitFor(() => $(el, '.error-summary'), 'empty message refused');
    setValue(field(el, 'Wiadomość'), 'Dziura jest coraz większa.');
    button(el, 'Wyślij wiadomość').click();
    await waitFor(() => el.shadowRoot!.querySelector('.message--reporter'), 'message shown');
    includes(el.shadowRoot!.querySelector('[role=status]')!.textContent, 'Wiadomość została wysłana.');
    const list = await fetch(`${apiUrl}/api/v1/reports/${id}/messages`, { headers: { 'x-tracking-code': trackingCode } }).then((r) => r.json());
    assert(
      list.some((m: { body: string }) => m.body === 'Dziura jest coraz większa.'),
      'stored on the server',
    );
  });
});
