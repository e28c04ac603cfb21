import { boot } from '../../widget/src/civickit.js';
import { axe, button, env, equal, text, waitFor } from './helpers.js';
import { signInAs } from './report-helpers.js';
import { signOutLocally } from './helpers.js';

let apiUrl: string;

async function portal(lang = 'pl'): Promise<HTMLElementTagNameMap['civic-portal']> {
  document.body.innerHTML = `<civic-portal lang="${lang}" api-url="${apiUrl}"></civic-portal>`;
  const el = document.body.firstElementChild as HTMLElementTagNameMap['civic-portal'];
  await waitFor(() => el.shadowRoot?.querySelector('.nav-item'), 'portal rendered');
  return el;
}

describe('civic-portal with the report elements', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });

  it("KOMUNIKATY shows civic-announcements in the portal's language", async () => {
    signOutLocally(apiUrl);
    const el = await portal('de');
    button(el, 'Mitteilungen').click();
    const view = await waitFor(() => el.shadowRoot!.querySelector('civic-announcements'), 'announcements view');
    await waitFor(() => text(view).includes('Mitteilungen'), 'German');
    await axe(el);
  });

  it('URUCHOM BEZ LOGOWANIA opens the anonymous report form, which leads to the tracker', async () => {
    signOutLocally(apiUrl);
    const el = await portal('pl');
    button(el, 'Uruchom bez logowania').click();
    const form = await waitFor(() => el.shadowRoot!.querySelector('civic-report-form'), 'report form view');
    await waitFor(() => form.shadowRoot?.querySelector('select option[value=pothole]'), 'form rendered');
    button(form, 'Wyślij zgłoszenie');
    button(form, 'Sprawdź status zgłoszenia').click();
    await waitFor(() => el.shadowRoot!.querySelector('civic-report-tracker'), 'tracker view');
    equal(el.getAttribute('view'), 'track');
  });

  it('a signed-in resident gets MOJE ZGŁOSZENIA; staff get the console', async () => {
    await signInAs(apiUrl, 'resident');
    let el = await portal('pl');
    button(el, 'Moje zgłoszenia').click();
    await waitFor(() => el.shadowRoot!.querySelector('civic-my-reports'), 'my reports view');
    equal(
      [...el.shadowRoot!.querySelectorAll('.nav-item')].some((b) => b.textContent?.trim() === 'Panel pracownika'),
      false,
      'no console for residents',
    );

    await signInAs(apiUrl, 'staff', 'roads');
    el = await portal('pl');
    await waitFor(() => [...el.shadowRoot!.querySelectorAll('.nav-item')].some((b) => b.textContent?.trim() === 'Panel pracownika'), 'console in the menu');
    button(el, 'Panel pracownika').click();
    const consoleEl = await waitFor(() => el.shadowRoot!.querySelector('civic-staff-console'), 'console view');
    await waitFor(() => text(consoleEl).includes('Zgłoszenia do obsługi'), 'queue');
    await axe(el);
  });
});
