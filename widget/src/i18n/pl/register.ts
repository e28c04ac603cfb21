/** Polish texts of civic-register; they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  acceptTerms: 'Akceptuję regulamin',
  phoneHint: 'Na przykład 601 234 567.',
  termsLink: 'Przeczytaj regulamin',
  registerTitle: 'Rejestracja',
  registeredTitle: 'Potwierdzenie rejestracji',
  registeredThanks: 'Dziękujemy za rejestrację.',
  registeredEmail: 'Na Twoje konto email został wysłany email z linkiem aktywacyjnym. Adres, na który go wysłaliśmy: {email}.',
  registeredContact: 'W przypadku problemów prosimy o kontakt',
  phoneNotMobile: 'Podaj prawidłowy numer telefonu komórkowego – wyślemy na niego kod SMS.',
  haveAccount: 'Masz już konto?',
  returnToApp: 'Wróć do aplikacji {name} i zaloguj się',
  returnToStart: 'Wróć do strony, na której zaczęła się rejestracja',
};

addPolish(texts);
export default texts;
