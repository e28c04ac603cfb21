/** Polish texts of civic-password-reset; they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  resetEmail: 'Adres e-mail',
  resetButton: 'Zresetuj hasło',
  resetTitle: 'Resetowanie hasła',
  resetIntro: 'Link, przy pomocy którego zresetujesz hasło zostanie wysłany na podany adres e-mail',
  resetSent: 'Jeżeli konto o adresie {email} istnieje, wysłaliśmy na nie link do zresetowania hasła.',
  newPasswordTitle: 'Ustaw nowe hasło',
  setPassword: 'Ustaw nowe hasło',
  passwordResetDone: 'Hasło zostało zmienione. Możesz się teraz zalogować.',
};

addPolish(texts);
export default texts;
