/**
 * Polish texts of the forms' errors: the error summary and each field error code. They load with the forms' checks
 * (core/form-check.ts), which set every error a form shows, not on the first screen (issue 20). See i18n/pl.ts.
 */
import { addPolish } from '../polish.js';

const texts = {
  errorSummary: 'Wystąpił problem',
  f_required: '{label} nie może pozostać bez wartości.',
  f_invalid: '{label} ma nieprawidłowy format.',
  f_too_short: '{label} musi mieć co najmniej {min} znaków.',
  f_too_long: '{label} może mieć najwyżej {max} znaków.',
  f_mismatch: 'Hasła nie są takie same.',
  f_breached: 'To hasło jest zbyt popularne lub wyciekło z innego serwisu. Wybierz inne.',
  f_must_accept: 'Aby się zarejestrować, zaakceptuj regulamin.',
  f_invalid_checksum: 'Numer PESEL jest nieprawidłowy.',
  f_taken: 'Konto z tym numerem PESEL już istnieje.',
  peselTaken:
    'Konto z tym numerem PESEL już istnieje. Jeśli to Twój numer, skontaktuj się z urzędem ({contact}) i zabierz dokument tożsamości; pomożemy odzyskać konto.',
};

addPolish(texts);
export default texts;
