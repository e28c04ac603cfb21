import type account from './pl/account.js';
import type errors from './pl/errors.js';
import type accountSteps from './pl/account-steps.js';
import type forms from './pl/forms.js';
import type formErrors from './pl/form-errors.js';
import type login from './pl/login.js';
import type passkeys from './pl/passkeys.js';
import type passwordReset from './pl/password-reset.js';
import type phoneVerification from './pl/phone-verification.js';
import type portal from './pl/portal.js';
import type register from './pl/register.js';

/**
 * Polish (default). Field labels and buttons are fixed by API.md §7; residents' help pages quote them.
 * Other dictionaries are typed against the whole Polish catalogue, so a missing key is a compile error.
 *
 * Polish is built in, so it is on every first screen: here only what core and most elements show (error
 * codes, shared words). Each element's own texts are in i18n/pl/<element>.ts, imported by the element
 * (or the step) that shows them, so they come in its chunk and are registered before it first renders
 * (issue 20: the login page no longer carries the account, register or portal texts). English, German
 * and Ukrainian load on first use, each as one file with every text.
 */
const pl = {
  // fixed by the contract table
  email: 'E-mail',
  password: 'Hasło',
  register: 'Zarejestruj się',
  login: 'Zaloguj',
  // other fields
  code: 'Kod z SMS-a',
  optional: '(opcjonalnie)',
  // titles and texts
  phoneVerifiedActive: 'Numer telefonu potwierdzony. Konto jest aktywne – możesz się zalogować.',
  phoneVerifiedCheckEmail: 'Numer telefonu potwierdzony. Teraz kliknij link aktywacyjny z wiadomości e-mail.',
  accountDeleted: 'Konto zostało usunięte.',
  activatedPhone: 'Adres e-mail potwierdzony. Dokończ weryfikację numeru telefonu.',
  resendActivation: 'Wyślij ponownie link aktywacyjny',
  signedInAs: 'Zalogowano jako {name}.',
  logout: 'Wyloguj',
  signedOut: 'Wylogowano.',
  noAccount: 'Nie masz konta?',
  backToLogin: 'Wróć do logowania',
  loading: 'Ładowanie…',
  signIn: 'Zaloguj się',
  myReports: 'Moje zgłoszenia',
  // error codes (API.md §2): the ones shown without an answer from the server; the rest in i18n/pl/errors.ts
  e_service_unavailable: 'Usługa jest chwilowo niedostępna. Spróbuj ponownie później.',
  e_network_error: 'Brak połączenia z serwerem. Sprawdź połączenie i spróbuj ponownie.',
  e_unknown: 'Coś poszło nie tak. Spróbuj ponownie.',
};

type Parts = typeof account &
  typeof errors &
  typeof accountSteps &
  typeof forms &
  typeof formErrors &
  typeof login &
  typeof passkeys &
  typeof passwordReset &
  typeof phoneVerification &
  typeof portal &
  typeof register;
/** Every Polish text: core's and the elements' parts. */
export type Messages = { [K in keyof typeof pl | keyof Parts]: string };
export type MessageKey = keyof Messages;
export default pl as Messages;
