import type { ConnectedAppsMessages } from './pl.js';

const uk: ConnectedAppsMessages = {
  appsTitle: 'Підключені застосунки',
  appsIntro: 'Міські застосунки, до яких ви входите цим обліковим записом, і дані, які ви їм дозволили.',
  appsNone: 'Ви ще не входили цим обліковим записом до жодного міського застосунку.',
  appsSince: 'підключено {date}',
  appsScopes: 'Доступ: {scopes}',
  appsRevoke: 'Відключити',
  appsRevokeOf: 'Відключити {name}',
  appsRevoked: 'Застосунок {name} відключено. Під час наступного входу він знову попросить згоду.',
  scope_openid: 'ідентифікатор',
  scope_email: 'ел. пошта',
  scope_profile: 'ім’я',
  scope_phone: 'телефон',
  scope_verification: 'підтвердження особи',
  scope_offline_access: 'доступ без входу',
};
export default uk;
