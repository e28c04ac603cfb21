import type { PasskeysMessages } from './pl.js';

const uk: PasskeysMessages = {
  passkeysTitle: 'Ключі доступу',
  passkeysIntro: 'Ключ доступу дає змогу входити без пароля: відбитком пальця, обличчям або PIN-кодом пристрою. Пароль і далі діє.',
  passkeysNone: 'У вас ще немає ключів доступу.',
  passkeysUnsupported: 'Цей браузер або ця сторінка не підтримує ключі доступу. Тут ними можна керувати, але новий ключ додайте в іншому браузері.',
  passkeyName: 'Назва ключа доступу',
  passkeyNameHint: 'Наприклад, «Телефон» або «Домашній ноутбук», щоб упізнати його в списку.',
  passkeyDefaultName: 'Ключ доступу',
  addPasskey: 'Додати ключ доступу',
  passkeyAdded: 'Ключ доступу «{name}» додано. Тепер ним можна входити.',
  passkeyAddCancelled: 'Додавання ключа доступу перервано.',
  passkeyAlreadyHere: 'На цьому пристрої вже є ключ доступу до вашого облікового запису.',
  passkeyCreated: 'Додано {date}',
  passkeyLastUsed: 'востаннє використано {date}',
  passkeyNeverUsed: 'ще не використовувався',
  passkeySynced: 'синхронізується між пристроями',
  renamePasskey: 'Перейменувати',
  renamePasskeyOf: 'Перейменувати ключ доступу «{name}»',
  newPasskeyName: 'Нова назва ключа доступу «{name}»',
  savePasskeyName: 'Зберегти назву',
  passkeyRenamed: 'Ключ доступу перейменовано на «{name}».',
  removePasskey: 'Видалити',
  removePasskeyOf: 'Видалити ключ доступу «{name}»',
  passkeyRemoved: 'Ключ доступу «{name}» видалено. Ним більше не можна входити.',
  cancel: 'Скасувати',
};

export default uk;
