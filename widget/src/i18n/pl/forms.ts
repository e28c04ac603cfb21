/** Polish texts of every form (core/form.ts): field labels several elements share, show/hide, the error summary and field errors; they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  passwordConfirm: 'Powtórz hasło',
  firstName: 'Imię',
  lastName: 'Nazwisko',
  phone: 'Numer telefonu',
  newPassword: 'Nowe hasło',
  district: 'Dzielnica',
  pesel: 'PESEL',
  locale: 'Język wiadomości',
  chooseDistrict: 'Wybierz dzielnicę',
  showPassword: 'Pokaż hasło',
  hidePassword: 'Ukryj hasło',
  passwordHint: 'Co najmniej {min} znaków. Najlepiej kilka przypadkowych słów.',
  peselHint: '11 cyfr.',
  errorSummary: 'Wystąpił problem',
  errorPrefix: 'Błąd:',
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
