/** Polish texts of civic-login; they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  loginTitle: 'Logowanie',
  forgot: 'Zapomniałem hasła',
  activationResent: 'Jeżeli konto czeka na aktywację, wysłaliśmy nowy link.',
  passkeySignIn: 'Zaloguj się kluczem dostępu',
  signInWith: 'Zaloguj się przez {provider}',
  orPassword: 'albo adresem e-mail i hasłem:',
  staffSignIn: 'Pracownicy urzędu',
};

addPolish(texts);
export default texts;
