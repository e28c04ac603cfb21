/** Polish texts of the account steps run from an email link or an external sign-in (core/account-steps.ts); they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  emailChanged: 'Adres e-mail został zmieniony na {email}.',
  emailTaken: 'Konto z tym adresem e-mail już istnieje.',
  activated: 'Konto zostało aktywowane. Możesz się zalogować.',
  returnToApp: 'Wróć do aplikacji {name} i zaloguj się',
  returnToStart: 'Wróć do strony, na której zaczęła się rejestracja',
  signinCancelled: 'Logowanie zostało przerwane. Możesz spróbować ponownie.',
  signinNotAllowed: 'Tym kontem nie można zalogować się w tym serwisie.',
  signinLoaTooLow: 'Wybierz sposób logowania o wyższym poziomie bezpieczeństwa (np. profil zaufany albo e-dowód).',
  signinAlreadyLinked: 'Ta tożsamość jest już połączona z innym kontem.',
  signinSsoRequired: 'Pracownicy urzędu logują się przez katalog urzędu.',
  methodsRemoved: 'Usunięto metody logowania ({count}) i wylogowano wszystkie sesje. Zaloguj się hasłem.',
  signinFailed: 'Logowanie nie powiodło się. Spróbuj ponownie.',
};

addPolish(texts);
export default texts;
