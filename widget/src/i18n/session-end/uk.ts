/** Why the server ended a session (Ukrainian). */
import type { SessionEndKey } from './pl.js';

const uk: Record<SessionEndKey, string> = {
  ended_password_changed: 'Ви вийшли з облікового запису, бо пароль було змінено. Увійдіть із новим паролем.',
  ended_email_changed: 'Ви вийшли з облікового запису, бо адресу електронної пошти було змінено. Увійдіть із новою адресою.',
  ended_role_changed: 'Ви вийшли з облікового запису, бо змінилися ваші права доступу. Увійдіть ще раз.',
  ended_blocked: 'Ви вийшли з облікового запису, бо його заблоковано. Якщо маєте запитання, зверніться до міської ради.',
  ended_signed_out: 'Сеанс завершено на іншому пристрої або адміністратором. Увійдіть ще раз.',
  ended_expired: 'Сеанс завершився. Увійдіть ще раз.',
};

export default uk;
