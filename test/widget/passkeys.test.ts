// civic-passkeys inside civic-account (pl/en/de): the list, renaming and removing by keyboard with
// announcements, axe; and what an IP-address origin (this test page, http://127.0.0.1) shows: no passkey
// sign-in, no "add" (browsers refuse WebAuthn there). Adding and signing in with a passkey run in
// Chromium with a virtual authenticator at localhost: test/e2e/passkeys.test.ts.
import '../../widget/src/components/civic-account/civic-account.js';
import '../../widget/src/components/civic-passkeys/civic-passkeys.js';
import '../../widget/src/components/civic-login/civic-login.js';
import { sendKeys } from '@web/test-runner-commands';
import { boot } from '../../widget/src/civickit.js';
import { getSession } from '../../widget/src/core/session.js';
import {
  activeElement,
  axe,
  button,
  createUser,
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
} from './helpers.js';

let apiUrl: string;

const TEXTS = {
  pl: {
    title: 'Klucze dostępu',
    rename: 'Zmień nazwę',
    save: 'Zapisz nazwę',
    name: 'Nazwa klucza',
    renamed: 'Zmieniono nazwę klucza na „Telefon”.',
    remove: 'Usuń',
    removed: 'Usunięto klucz dostępu „Telefon”',
    none: 'Nie masz jeszcze żadnego klucza dostępu.',
    unsupported: 'Ta przeglądarka lub ta strona nie obsługuje kluczy dostępu.',
  },
  en: {
    title: 'Passkeys',
    rename: 'Rename',
    save: 'Save name',
    name: 'Passkey name',
    renamed: 'Passkey renamed to “Telefon”.',
    remove: 'Remove',
    removed: 'Passkey “Telefon” removed.',
    none: 'You have no passkeys yet.',
    unsupported: 'This browser or this page cannot use passkeys.',
  },
  de: {
    title: 'Passkeys',
    rename: 'Umbenennen',
    save: 'Namen speichern',
    name: 'Name des Passkeys',
    renamed: 'Passkey in „Telefon“ umbenannt.',
    remove: 'Entfernen',
    removed: 'Passkey „Telefon“ entfernt.',
    none: 'Sie haben noch keinen Passkey.',
    unsupported: 'Dieser Browser oder diese Seite unterstützt keine Passkeys.',
  },
} as const;

describe('civic-passkeys in civic-account', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });
  beforeEach(() => signOutLocally(apiUrl));

  for (const lang of ['pl', 'en', 'de'] as const) {
    it(`${lang}: lists, renames and removes a passkey by keyboard, announcing each change`, async () => {
      const tx = TEXTS[lang];
      const user = await createUser();
      await serverCommand('civic-add-passkey', { ...user, name: 'Laptop' });
      await getSession(apiUrl).login(user.email, user.password);
      const account = await fixture('civic-account', { lang, 'api-url': apiUrl });
      const el = await waitFor(
        () => account.shadowRoot!.querySelector('civic-passkeys')?.shadowRoot?.querySelector('li') && account.shadowRoot!.querySelector('civic-passkeys')!,
        'the passkey list',
      );
      includes(el.shadowRoot!.querySelector('h3')?.textContent, tx.title);
      includes(text(el), 'Laptop');
      includes(text(el), tx.unsupported, 'no "add" on an IP-address origin;');
      await axe(account);

      const renameButton = button(el, tx.rename);
      includes(renameButton.getAttribute('aria-label'), 'Laptop', 'the button names its passkey for screen readers;');
      renameButton.focus();
      await sendKeys({ press: 'Enter' });
      const name = await waitFor(() => el.shadowRoot!.querySelector<HTMLInputElement>('#passkey-rename-name'), 'the name field');
      equal(activeElement(), name, 'focus moves to the name field');
      equal(field(el, tx.name), name);
      setValue(name, 'Telefon');
      await sendKeys({ press: 'Enter' });
      await waitFor(() => el.shadowRoot!.querySelector('[role=status]')?.textContent?.includes(tx.renamed), 'the rename announcement');
      await waitFor(() => activeElement()?.getAttribute('data-action') === 'rename', 'focus back on the rename button');
      includes(activeElement()?.getAttribute('aria-label'), 'Telefon');

      button(el, tx.remove).click();
      await waitFor(() => el.shadowRoot!.querySelector('[role=status]')?.textContent?.includes(tx.removed), 'the removal announcement');
      await waitFor(() => text(el).includes(tx.none), 'the empty list');
      equal(activeElement()?.id, 'passkeys-title', 'focus on the section heading');
      const left = await getSession(apiUrl).authed<unknown[]>('GET', '/me/passkeys');
      equal(left.length, 0, 'removed on the server');
      await axe(account);
    });
  }

  it('civic-login offers no passkey sign-in on an IP-address origin', async () => {
    const login = await fixture('civic-login', { lang: 'pl', 'api-url': apiUrl });
    await waitFor(() => login.shadowRoot!.querySelector('input[type=email]'), 'the login form');
    await new Promise((r) => setTimeout(r, 50));
    equal(
      [...login.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent?.includes('kluczem dostępu')),
      false,
      'no passkey button',
    );
    equal(login.shadowRoot!.querySelector('input[type=email]')!.getAttribute('autocomplete'), 'email');
  });
});
