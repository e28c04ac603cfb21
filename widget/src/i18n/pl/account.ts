/** Polish texts of civic-account; they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  currentPassword: 'Obecne hasło',
  accountTitle: 'Moje konto',
  updateTitle: 'Aktualizacja danych',
  save: 'Zapisz zmiany',
  saved: 'Dane zostały zapisane.',
  changePasswordTitle: 'Zmiana hasła',
  changePassword: 'Zmień hasło',
  passwordChanged: 'Hasło zostało zmienione.',
  notSignedIn: 'Zaloguj się, aby zobaczyć swoje konto.',
  phoneChanged: 'Numer telefonu został zmieniony.',
  savedPendingPhone: 'Dane zostały zapisane. Numer telefonu zmieni się po wpisaniu kodu z SMS-a.',
};

addPolish(texts);
export default texts;
