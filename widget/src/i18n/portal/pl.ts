/** The portal's home-screen introduction (Polish); loaded with civic-portal only, never with core. */
const pl = {
  intro1:
    'Jest to aplikacja służąca do zgłaszania przez mieszkańców problemów zaobserwowanych w przestrzeni publicznej. Umożliwia ona efektywną komunikację pomiędzy mieszkańcami, a samorządem.',
  intro2:
    'Jeżeli zauważysz problem lub awarię – zgłoś to do nas! Będziesz mógł śledzić prace związane z realizacją Twojego zgłoszenia oraz komunikować się z pracownikiem odpowiedzialnym za rozwiązanie problemu.',
  intro3: 'Dzięki podjęciu przez siebie działania będziesz miał realny wpływ na zmiany w twojej, okolicy, dzielnicy, mieście.',
  // the menu's public views beyond core's labels, the signed-in line and why a session ended
  navMap: 'Mapa zgłoszeń',
  navAlerts: 'Powiadomienia',
  navStats: 'Statystyki',
  navTrack: 'Sprawdź status',
  menu: 'Menu',
  signedInName: 'Zalogowano: {name}',
  langHint: 'Zmienia język tej strony. Język wiadomości e-mail zmienisz w ustawieniach konta.',
  ended_password_changed: 'Wylogowaliśmy Cię, bo hasło do konta zostało zmienione. Zaloguj się nowym hasłem.',
  ended_email_changed: 'Wylogowaliśmy Cię, bo adres e-mail konta został zmieniony. Zaloguj się nowym adresem.',
  ended_role_changed: 'Wylogowaliśmy Cię, bo zmieniły się Twoje uprawnienia. Zaloguj się ponownie.',
  ended_blocked: 'Wylogowaliśmy Cię, bo konto zostało zablokowane. W razie pytań skontaktuj się z urzędem.',
  ended_signed_out: 'Sesję zakończono na innym urządzeniu lub zrobił to administrator. Zaloguj się ponownie.',
  ended_expired: 'Sesja wygasła. Zaloguj się ponownie.',
};

export type PortalKey = keyof typeof pl;
export type PortalMessages = Record<PortalKey, string>;
export default pl as PortalMessages;
