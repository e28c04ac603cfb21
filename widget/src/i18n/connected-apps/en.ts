import type { ConnectedAppsMessages } from './pl.js';

const en: ConnectedAppsMessages = {
  appsTitle: 'Connected applications',
  appsIntro: 'The city’s applications you sign in to with this account, and what you allowed them.',
  appsNone: 'You have not signed in to any city application with this account.',
  appsSince: 'connected {date}',
  appsScopes: 'Access: {scopes}',
  appsRevoke: 'Disconnect',
  appsRevokeOf: 'Disconnect {name}',
  appsRevoked: '{name} is disconnected. It will ask for your consent at the next sign-in.',
  scope_openid: 'identifier',
  scope_email: 'email',
  scope_profile: 'name',
  scope_phone: 'phone',
  scope_verification: 'identity verification',
  scope_offline_access: 'access while signed out',
};
export default en;
