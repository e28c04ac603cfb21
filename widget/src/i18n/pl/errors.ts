/**
 * Polish texts of the error codes a server's answer carries (API.md §2). They load after the first answer and
 * always before a failed call is reported (core/error-texts.ts), so no first screen carries them (issue 20).
 * The texts for no answer at all (network, unknown, server down) stay in i18n/pl.ts.
 */
import { addPolish } from '../polish.js';

const texts = {
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
  e_origin_not_allowed:
    'Ta strona ({origin}) nie ma dostępu do serwera zgłoszeń ({server}), więc formularze nie działają. Administrator strony: dodaj {origin} do zmiennej CORS_ORIGINS na serwerze CivicKit i uruchom go ponownie.',
  e_code_expired: 'Kod wygasł albo wpisano zbyt wiele błędnych kodów. Wyślij nowy kod.',
  e_registration_expired: 'Rejestracja wygasła. Użyj linku aktywacyjnego z wiadomości e-mail albo zarejestruj się ponownie.',
  e_reauthentication_required: 'Potwierdź, że to Ty (zaloguj się ponownie), aby wprowadzić tę zmianę.',
  e_sso_required: 'Pracownicy urzędu logują się przez system logowania urzędu, nie hasłem.',
  e_verified_identity_required: 'Zaloguj się przez login.gov.pl, aby potwierdzić swoją tożsamość.',
};

addPolish(texts);
export default texts;
