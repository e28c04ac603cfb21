import type { ReauthMessages } from './pl.js';

const uk: ReauthMessages = {
  reauthTitle: 'Підтвердьте, що це Ви',
  reauthIntro: 'Ця зміна захищає Ваш обліковий запис, тому просимо ще раз підтвердити особу. Потім ми одразу її завершимо.',
  reauthPassword: 'Пароль',
  reauthConfirm: 'Підтвердити',
  reauthPasskey: 'Підтвердити ключем доступу',
  reauthProvider: 'Підтвердити через {provider}',
  reauthProviderHint: 'Ви повернетеся на цю сторінку; тоді внесіть зміну ще раз.',
  reauthCancel: 'Скасувати',
  reauthWrong: 'Пароль неправильний.',
  reauthFailed: 'Не вдалося підтвердити особу. Спробуйте ще раз.',
};
export default uk;
