/** Polish texts of every form (core/form.ts): field labels several elements share, show/hide and hints; they load with it, not with core (issue 20). The error summary and field errors are in form-errors.ts. See i18n/pl.ts. */
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
  // before each inline error (also the report form's photo errors, shown without the forms' checks)
  errorPrefix: 'Błąd:',
};

addPolish(texts);
export default texts;
