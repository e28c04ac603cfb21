/** Texts of civic-connected-apps (Polish); loaded with that element only, never with core. */
const pl = {
  appsTitle: 'Połączone aplikacje',
  appsIntro: 'Aplikacje miasta, do których logujesz się tym kontem, i dane, na które im pozwoliłeś.',
  appsNone: 'Nie logowałeś się tym kontem do żadnej aplikacji miasta.',
  appsSince: 'połączona {date}',
  appsScopes: 'Dostęp: {scopes}',
  appsRevoke: 'Odłącz',
  appsRevokeOf: 'Odłącz aplikację {name}',
  appsRevoked: 'Odłączono aplikację {name}. Przy następnym logowaniu zapyta ponownie o zgodę.',
  scope_openid: 'identyfikator',
  scope_email: 'e-mail',
  scope_profile: 'imię i nazwisko',
  scope_phone: 'telefon',
  scope_verification: 'potwierdzenie tożsamości',
  scope_offline_access: 'dostęp bez logowania',
};
export type ConnectedAppsMessages = typeof pl;
export type ConnectedAppsKey = keyof ConnectedAppsMessages;
export default pl;
