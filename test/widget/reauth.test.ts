import '../../widget/src/components/civic-account/civic-account.js';
import '../../widget/src/components/civic-reauth/civic-reauth.js';
import { getSession } from '../../widget/src/core/session.js';
import { assert, axe, button, createUser, env, equal, field, fixture, includes, serverCommand, setValue, signOutLocally, text, waitFor } from './helpers.js';

/**
 * Issue 19, recent authentication in the widget (API.md §3b): on the "reauth" test server a sign-in
 * stops counting as recent after 2 seconds. A change that needs it opens "Potwierdź, że to Ty" in place;
 * once the password is confirmed the change goes through without being typed again.
 */
let apiUrl: string;
const lapse = () => new Promise((r) => setTimeout(r, 2_500));
const dialog = () => document.querySelector('civic-reauth');

describe('civic-reauth: confirm it is you, then the change completes', () => {
  before(async () => {
    apiUrl = (await env('reauth')).apiUrl;
  });

  async function signedIn() {
    signOutLocally(apiUrl);
    const user = await createUser({ server: 'reauth' });
    await getSession(apiUrl).login(user.email, user.password);
    const el = await fixture('civic-account', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => el.shadowRoot!.querySelector('#data-form'), 'account forms');
    return { el, ...user };
  }

  it('asks for the password when a phone change comes after the sign-in stopped being recent, then saves it', async () => {
    const { el, email, password } = await signedIn();
    await lapse();
    setValue(field(el, 'Numer telefonu'), '+48 601 999 111');
    button(el, 'Zapisz zmiany').click();
    const asked = await waitFor(() => dialog(), 'the confirm-it-is-you dialog');
    const root = asked.shadowRoot!;
    await waitFor(() => root.querySelector('dialog[open]'), 'an open modal dialog');
    includes(root.textContent, 'Potwierdź, że to Ty');
    const input = root.querySelector<HTMLInputElement>('#reauth-password')!;
    equal(root.activeElement, input, 'focus on the password');
    equal(root.querySelector('label[for=reauth-password]')!.textContent!.trim(), 'Hasło');
    await axe(asked);
    // a wrong password is said in place and changes nothing
    input.value = 'to-nie-jest-moje-haslo';
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => root.textContent!.includes('Hasło jest nieprawidłowe.'), 'wrong password said');
    input.value = password;
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await waitFor(() => !dialog(), 'the dialog closes');
    await waitFor(() => text(el).includes('Dane zostały zapisane.'), 'the change went through');
    equal((await getSession(apiUrl).authed<{ phone: string }>('GET', '/me')).phone, '+48601999111', 'stored on the server');
    // and the owner is told by email
    const mail = await serverCommand<{ subject: string }>('civic-mail-subject', { server: 'reauth', to: email, contains: 'telefon' });
    includes(mail.subject, 'telefonu');
  });

  it('cancelling says why nothing changed', async () => {
    const { el } = await signedIn();
    await lapse();
    setValue(field(el, 'Numer telefonu'), '+48 601 999 222');
    button(el, 'Zapisz zmiany').click();
    const asked = await waitFor(() => dialog(), 'the dialog');
    await waitFor(() => asked.shadowRoot!.querySelector('dialog[open]'), 'open');
    const cancel = [...asked.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent!.trim() === 'Anuluj')!;
    cancel.click();
    await waitFor(() => text(el).includes('Potwierdź, że to Ty (zaloguj się ponownie), aby wprowadzić tę zmianę.'), 'the reason');
    assert((await getSession(apiUrl).authed<{ phone: string }>('GET', '/me')).phone !== '+48601999222', 'nothing changed');
  });
});
