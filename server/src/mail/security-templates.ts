import { addTemplates, footer } from './templates.js';

/**
 * The account's security notices (API.md §3b): every new sign-in method, every change of how the account
 * is reached, a PESEL taken back by its verified owner, a registration cancelled by a verified sign-in, and
 * the password reset's confirmation that names the other ways in and removes them in one step. Ukrainian
 * (`uk`) beside pl/en/de: the renderer falls back to Polish wherever a language is missing.
 */
const notYou = {
  pl: 'Jeśli to nie Ty, natychmiast zresetuj hasło („Zapomniałem hasła”): potwierdzenie resetu pozwoli usunąć obce metody logowania.',
  en: 'If this was not you, reset your password at once ("Forgot password?"): the reset’s confirmation lets you remove sign-in methods you do not know.',
  de: 'Wenn Sie das nicht waren, setzen Sie sofort Ihr Passwort zurück („Passwort vergessen?“): die Bestätigung erlaubt, unbekannte Anmeldemethoden zu entfernen.',
  uk: 'Якщо це були не Ви, негайно скиньте пароль («Забули пароль?»): підтвердження скидання дозволить видалити чужі способи входу.',
};
const footers = { ...footer, uk: 'Якщо потрібна допомога, напишіть нам: {contact}' };

type Lang = keyof typeof notYou;
const each = (make: (lang: Lang) => { subject: string; paragraphs: string[]; action?: string }) =>
  Object.fromEntries((Object.keys(notYou) as Lang[]).map((lang) => [lang, { ...make(lang), footer: footers[lang] }]));

const text = {
  sign_in_method_added: {
    pl: ['{site}: dodano nową metodę logowania', 'Do Twojego konta dodano nową metodę logowania: {method}.'],
    en: ['{site}: a new sign-in method was added', 'A new way to sign in was added to your account: {method}.'],
    de: ['{site}: neue Anmeldemethode hinzugefügt', 'Ihrem Konto wurde eine neue Anmeldemethode hinzugefügt: {method}.'],
    uk: ['{site}: додано новий спосіб входу', 'До Вашого облікового запису додано новий спосіб входу: {method}.'],
  },
  sign_in_method_removed: {
    pl: ['{site}: usunięto metodę logowania', 'Z Twojego konta usunięto metodę logowania: {method}.'],
    en: ['{site}: a sign-in method was removed', 'A way to sign in was removed from your account: {method}.'],
    de: ['{site}: Anmeldemethode entfernt', 'Von Ihrem Konto wurde eine Anmeldemethode entfernt: {method}.'],
    uk: ['{site}: видалено спосіб входу', 'З Вашого облікового запису видалено спосіб входу: {method}.'],
  },
  phone_changed: {
    pl: ['{site}: zmieniono numer telefonu', 'Numer telefonu Twojego konta został zmieniony.'],
    en: ['{site}: your phone number was changed', 'The phone number of your account was changed.'],
    de: ['{site}: Telefonnummer geändert', 'Die Telefonnummer Ihres Kontos wurde geändert.'],
    uk: ['{site}: номер телефону змінено', 'Номер телефону Вашого облікового запису змінено.'],
  },
};

addTemplates({
  ...Object.fromEntries(
    Object.entries(text).map(([name, langs]) => [name, each((lang) => ({ subject: langs[lang][0], paragraphs: [langs[lang][1], notYou[lang]] }))]),
  ),
  pesel_removed: each(
    (lang) =>
      ({
        pl: {
          subject: '{site}: numer PESEL usunięty z konta',
          paragraphs: [
            'Numer PESEL wpisany na Twoim koncie został potwierdzony przez login.gov.pl na innym koncie i usunęliśmy go z Twojego.',
            'Jeśli to Twój numer, zaloguj się przez login.gov.pl albo skontaktuj się z urzędem.',
          ],
        },
        en: {
          subject: '{site}: the PESEL was removed from your account',
          paragraphs: [
            'The PESEL typed on your account was confirmed through login.gov.pl for another account, so we removed it from yours.',
            'If it is your number, sign in with login.gov.pl or contact the city office.',
          ],
        },
        de: {
          subject: '{site}: PESEL aus Ihrem Konto entfernt',
          paragraphs: [
            'Die in Ihrem Konto eingetragene PESEL wurde über login.gov.pl für ein anderes Konto bestätigt; wir haben sie aus Ihrem Konto entfernt.',
            'Wenn es Ihre Nummer ist, melden Sie sich mit login.gov.pl an oder wenden Sie sich an die Stadtverwaltung.',
          ],
        },
        uk: {
          subject: '{site}: номер PESEL видалено з облікового запису',
          paragraphs: [
            'Номер PESEL, вписаний у Вашому обліковому записі, підтверджено через login.gov.pl для іншого облікового запису, тож ми видалили його з Вашого.',
            'Якщо це Ваш номер, увійдіть через login.gov.pl або зверніться до міської адміністрації.',
          ],
        },
      })[lang],
  ),
  registration_cancelled: each(
    (lang) =>
      ({
        pl: {
          subject: '{site}: rejestracja anulowana',
          paragraphs: [
            'Rejestracja konta na ten adres nie została dokończona, a właściciel adresu zalogował się przez katalog urzędu. Niedokończoną rejestrację anulowaliśmy.',
            'Jeśli to nie Ty rozpoczynałeś rejestrację, nic nie musisz robić.',
          ],
        },
        en: {
          subject: '{site}: registration cancelled',
          paragraphs: [
            'A registration on this address was never completed, and the address’s owner has signed in through the city’s directory. We cancelled the unfinished registration.',
            'If you did not start that registration, there is nothing to do.',
          ],
        },
        de: {
          subject: '{site}: Registrierung abgebrochen',
          paragraphs: [
            'Eine Registrierung mit dieser Adresse wurde nie abgeschlossen, und der Inhaber der Adresse hat sich über das Verzeichnis der Stadt angemeldet. Wir haben die unfertige Registrierung abgebrochen.',
            'Wenn Sie diese Registrierung nicht begonnen haben, ist nichts zu tun.',
          ],
        },
        uk: {
          subject: '{site}: реєстрацію скасовано',
          paragraphs: [
            'Реєстрацію на цю адресу так і не завершили, а власник адреси увійшов через каталог міської адміністрації. Незавершену реєстрацію скасовано.',
            'Якщо реєстрацію розпочали не Ви, нічого робити не потрібно.',
          ],
        },
      })[lang],
  ),
  password_reset_done: each(
    (lang) =>
      ({
        pl: {
          subject: '{site}: hasło zostało ustawione',
          paragraphs: ['Hasło do Twojego konta zostało ustawione na nowo i wylogowaliśmy wszystkie sesje.', notYou.pl],
        },
        en: { subject: '{site}: your password was reset', paragraphs: ['The password of your account was reset and every session was signed out.', notYou.en] },
        de: {
          subject: '{site}: Passwort zurückgesetzt',
          paragraphs: ['Das Passwort Ihres Kontos wurde neu gesetzt und alle Sitzungen wurden abgemeldet.', notYou.de],
        },
        uk: { subject: '{site}: пароль скинуто', paragraphs: ['Пароль Вашого облікового запису встановлено заново, усі сеанси завершено.', notYou.uk] },
      })[lang],
  ),
  password_reset_methods: each(
    (lang) =>
      ({
        pl: {
          subject: '{site}: hasło zostało ustawione — sprawdź metody logowania',
          paragraphs: [
            'Hasło do Twojego konta zostało ustawione na nowo i wylogowaliśmy wszystkie sesje. Do konta można też wejść tak: {methods}.',
            'Jeśli którejś z nich nie znasz, usuń je wszystkie jednym kliknięciem (link ważny 7 dni):',
            'Później możesz dodać własne klucze dostępu i połączyć login.gov.pl na stronie konta.',
          ],
          action: 'Usuń pozostałe metody logowania',
        },
        en: {
          subject: '{site}: your password was reset — check your sign-in methods',
          paragraphs: [
            'The password of your account was reset and every session was signed out. The account can also be entered with: {methods}.',
            'If you do not know one of them, remove them all in one step (link valid for 7 days):',
            'You can add your own passkeys and link login.gov.pl again on your account page.',
          ],
          action: 'Remove the other sign-in methods',
        },
        de: {
          subject: '{site}: Passwort zurückgesetzt — prüfen Sie Ihre Anmeldemethoden',
          paragraphs: [
            'Das Passwort Ihres Kontos wurde neu gesetzt und alle Sitzungen wurden abgemeldet. Das Konto ist außerdem erreichbar mit: {methods}.',
            'Wenn Sie eine davon nicht kennen, entfernen Sie alle mit einem Klick (Link 7 Tage gültig):',
            'Eigene Passkeys und login.gov.pl können Sie danach auf Ihrer Kontoseite wieder hinzufügen.',
          ],
          action: 'Andere Anmeldemethoden entfernen',
        },
        uk: {
          subject: '{site}: пароль скинуто — перевірте способи входу',
          paragraphs: [
            'Пароль Вашого облікового запису встановлено заново, усі сеанси завершено. До облікового запису також можна увійти так: {methods}.',
            'Якщо якийсь із них Вам невідомий, видаліть їх усі одним кліком (посилання дійсне 7 днів):',
            'Згодом Ви можете додати власні ключі доступу й знову пов’язати login.gov.pl на сторінці облікового запису.',
          ],
          action: 'Видалити інші способи входу',
        },
      })[lang],
  ),
  sign_in_methods_removed: each(
    (lang) =>
      ({
        pl: {
          subject: '{site}: usunięto metody logowania',
          paragraphs: ['Usunęliśmy wszystkie klucze dostępu i połączone konta zewnętrzne oraz wylogowaliśmy wszystkie sesje. Zaloguj się hasłem.'],
        },
        en: {
          subject: '{site}: sign-in methods removed',
          paragraphs: ['We removed every passkey and linked external account and signed out every session. Sign in with your password.'],
        },
        de: {
          subject: '{site}: Anmeldemethoden entfernt',
          paragraphs: [
            'Wir haben alle Passkeys und verknüpften externen Konten entfernt und alle Sitzungen abgemeldet. Melden Sie sich mit Ihrem Passwort an.',
          ],
        },
        uk: {
          subject: '{site}: способи входу видалено',
          paragraphs: ['Ми видалили всі ключі доступу й пов’язані зовнішні облікові записи та завершили всі сеанси. Увійдіть за допомогою пароля.'],
        },
      })[lang],
  ),
} as unknown as Parameters<typeof addTemplates>[0]);
