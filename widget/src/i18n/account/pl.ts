/** Texts of civic-account's extra forms (Polish); loaded with civic-account only, never with core. */
const pl = {
  peselTitle: 'Poprawa numeru PESEL',
  peselButton: 'Popraw PESEL',
  peselCorrected: 'Numer PESEL został poprawiony.',
  peselVerified: 'Numer PESEL potwierdził login.gov.pl; w razie błędu skontaktuj się z urzędem.',
  emailChangeTitle: 'Zmiana adresu e-mail',
  newEmail: 'Nowy adres e-mail',
  changeEmail: 'Zmień adres e-mail',
  emailChangeSent: 'Wysłaliśmy link na adres {email}. Kliknij go, aby potwierdzić zmianę. Do tego czasu logujesz się dotychczasowym adresem.',
  sameEmail: 'To jest Twój obecny adres e-mail.',
  wrongPassword: 'Hasło jest nieprawidłowe.',
  pendingPhone: 'Nowy numer {phone} czeka na potwierdzenie kodem z SMS-a.',
  exportTitle: 'Twoje dane',
  exportIntro: 'Pobierz wszystko, co o Tobie przechowujemy (konto, zgłoszenia, poparcia, wiadomości), jako plik JSON.',
  exportButton: 'Pobierz moje dane',
  exportDone: 'Plik z Twoimi danymi został pobrany.',
  deleteTitle: 'Usuwanie konta',
  deleteIntro: 'Możesz usunąć swoje konto. Tej operacji nie można cofnąć.',
  deleteButton: 'Usuń konto',
  deleteConfirmTitle: 'Czy na pewno chcesz usunąć konto?',
  deleteConfirmText: 'Konto i Twoje dane zostaną usunięte, a Ty zostaniesz wylogowany. Tego nie można cofnąć. Aby potwierdzić, wpisz hasło.',
  deleteConfirm: 'Tak, usuń moje konto',
  cancel: 'Anuluj',
  // issue 13: external sign-in
  identitiesTitle: 'Powiązane sposoby logowania',
  identitiesNone: 'Nie powiązano żadnego zewnętrznego konta.',
  identityVerified: 'Tożsamość potwierdzona przez {provider} {date}. Numer PESEL pochodzi z tego potwierdzenia i nie można go zmienić.',
  identityLoa: 'poziom bezpieczeństwa: {loa}',
  loa_low: 'niski',
  loa_substantial: 'znaczny',
  loa_high: 'wysoki',
  identityLastUsed: 'ostatnio użyte {date}',
  unlink: 'Odłącz',
  unlinkLabel: 'Odłącz {provider}',
  unlinked: 'Odłączono: {provider}.',
  unlinkOnlyWay: 'To jedyny sposób logowania do tego konta. Najpierw ustaw hasło (przez „Nie pamiętasz hasła?”) albo powiąż inne konto.',
  noEmailYet: 'Konto nie ma jeszcze adresu e-mail. Podaj go poniżej, aby otrzymywać powiadomienia.',
};

export type AccountKey = keyof typeof pl;
export type AccountMessages = Record<AccountKey, string>;
export default pl as AccountMessages;
