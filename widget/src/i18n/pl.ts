import type account from './pl/account.js';
import type accountSteps from './pl/account-steps.js';
import type forms from './pl/forms.js';
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
  // error codes (API.md §2), shown by any element
  e_validation_failed: 'Popraw zaznaczone pola.',
  e_invalid_credentials: 'Nieprawidłowy e-mail lub hasło.',
  e_account_not_active: 'Konto nie zostało jeszcze aktywowane. Kliknij link z wiadomości e-mail.',
  e_account_blocked: 'Konto zostało zablokowane. Skontaktuj się z urzędem.',
  e_too_many_attempts: 'Zbyt wiele prób. Spróbuj ponownie za {seconds} s.',
  e_invalid_token: 'Link jest nieprawidłowy, został już użyty lub wygasł.',
  e_unauthorized: 'Sesja wygasła. Zaloguj się ponownie.',
  e_forbidden: 'Nie masz uprawnień do tej operacji.',
  e_not_found: 'Nie znaleziono.',
  e_conflict: 'Dane zmieniły się w międzyczasie. Odśwież i spróbuj ponownie.',
  e_payload_too_large: 'Przesłane dane są zbyt duże.',
  e_unsupported_media_type: 'Nieobsługiwany format danych.',
  e_service_unavailable: 'Usługa jest chwilowo niedostępna. Spróbuj ponownie później.',
  e_network_error: 'Brak połączenia z serwerem. Sprawdź połączenie i spróbuj ponownie.',
  e_origin_not_allowed:
    'Ta strona ({origin}) nie ma dostępu do serwera zgłoszeń ({server}), więc formularze nie działają. Administrator strony: dodaj {origin} do zmiennej CORS_ORIGINS na serwerze CivicKit i uruchom go ponownie.',
  e_code_expired: 'Kod wygasł albo wpisano zbyt wiele błędnych kodów. Wyślij nowy kod.',
  e_registration_expired: 'Rejestracja wygasła. Użyj linku aktywacyjnego z wiadomości e-mail albo zarejestruj się ponownie.',
  e_unknown: 'Coś poszło nie tak. Spróbuj ponownie.',
  e_reauthentication_required: 'Potwierdź, że to Ty (zaloguj się ponownie), aby wprowadzić tę zmianę.',
  e_sso_required: 'Pracownicy urzędu logują się przez system logowania urzędu, nie hasłem.',
  e_verified_identity_required: 'Zaloguj się przez login.gov.pl, aby potwierdzić swoją tożsamość.',
};

type Parts = typeof account &
  typeof accountSteps &
  typeof forms &
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
