/** Polish texts of civic-phone-verification (the SMS-code step); they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  phoneStepTitle: 'Potwierdź numer telefonu',
  phoneStepIntro: 'Wysłaliśmy SMS z kodem na numer {phone}.',
  verifyPhone: 'Potwierdź',
  resendCode: 'Wyślij kod ponownie',
  codeResent: 'Wysłaliśmy nowy kod.',
  codeHint: 'Sześć cyfr z SMS-a.',
  codeInvalid: 'Kod jest nieprawidłowy. Sprawdź SMS i wpisz kod ponownie.',
  resendIn: 'Nowy kod możesz wysłać za {seconds} s.',
  phoneStepIntroLogin: 'Aby dokończyć rejestrację, potwierdź numer telefonu kodem z SMS-a. Jeśli kod wygasł, wyślij nowy.',
  phoneChangeTitle: 'Potwierdź nowy numer telefonu',
  phoneChangeIntro: 'Wysłaliśmy SMS z kodem na numer {phone}. Numer zmieni się po wpisaniu kodu.',
  phoneChangeNotSent:
    'Nie wysłaliśmy jeszcze kodu na numer {phone}: poprzedni SMS wysłaliśmy przed chwilą. Poproś o kod, gdy przycisk poniżej będzie dostępny. Numer zmieni się po wpisaniu kodu.',
};

addPolish(texts);
export default texts;
