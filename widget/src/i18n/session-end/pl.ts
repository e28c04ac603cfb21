/** Why the server ended a session (Polish); loaded only when one ends, by civic-portal and civic-login alike. */
const pl = {
  ended_password_changed: 'Wylogowaliśmy Cię, bo hasło do konta zostało zmienione. Zaloguj się nowym hasłem.',
  ended_email_changed: 'Wylogowaliśmy Cię, bo adres e-mail konta został zmieniony. Zaloguj się nowym adresem.',
  ended_role_changed: 'Wylogowaliśmy Cię, bo zmieniły się Twoje uprawnienia. Zaloguj się ponownie.',
  ended_blocked: 'Wylogowaliśmy Cię, bo konto zostało zablokowane. W razie pytań skontaktuj się z urzędem.',
  ended_signed_out: 'Sesję zakończono na innym urządzeniu lub zrobił to administrator. Zaloguj się ponownie.',
  ended_expired: 'Sesja wygasła. Zaloguj się ponownie.',
};

export type SessionEndKey = keyof typeof pl;
export default pl as Record<SessionEndKey, string>;
