/** The portal's home-screen introduction (Polish); loaded with civic-portal only, never with core. */
const pl = {
  intro1:
    'Jest to aplikacja służąca do zgłaszania przez mieszkańców problemów zaobserwowanych w przestrzeni publicznej. Umożliwia ona efektywną komunikację pomiędzy mieszkańcami, a samorządem.',
  intro2:
    'Jeżeli zauważysz problem lub awarię – zgłoś to do nas! Będziesz mógł śledzić prace związane z realizacją Twojego zgłoszenia oraz komunikować się z pracownikiem odpowiedzialnym za rozwiązanie problemu.',
  intro3: 'Dzięki podjęciu przez siebie działania będziesz miał realny wpływ na zmiany w twojej, okolicy, dzielnicy, mieście.',
  // the menu's public views beyond core's labels and the signed-in line
  navMap: 'Mapa zgłoszeń',
  navAlerts: 'Powiadomienia',
  navStats: 'Statystyki',
  navTrack: 'Sprawdź status',
  menu: 'Menu',
  signedInName: 'Zalogowano: {name}',
  langHint: 'Zmienia język tej strony. Język wiadomości e-mail zmienisz w ustawieniach konta.',
};

export type PortalKey = keyof typeof pl;
export type PortalMessages = Record<PortalKey, string>;
export default pl as PortalMessages;
