import type { ConnectedAppsMessages } from './pl.js';

const de: ConnectedAppsMessages = {
  appsTitle: 'Verbundene Anwendungen',
  appsIntro: 'Die Anwendungen der Stadt, bei denen Sie sich mit diesem Konto anmelden, und was Sie ihnen erlaubt haben.',
  appsNone: 'Sie haben sich mit diesem Konto noch bei keiner Anwendung der Stadt angemeldet.',
  appsSince: 'verbunden am {date}',
  appsScopes: 'Zugriff: {scopes}',
  appsRevoke: 'Trennen',
  appsRevokeOf: '{name} trennen',
  appsRevoked: '{name} ist getrennt. Bei der nächsten Anmeldung fragt sie erneut um Ihre Zustimmung.',
  scope_openid: 'Kennung',
  scope_email: 'E-Mail',
  scope_profile: 'Name',
  scope_phone: 'Telefon',
  scope_verification: 'Identitätsbestätigung',
  scope_offline_access: 'Zugriff ohne Anmeldung',
};
export default de;
