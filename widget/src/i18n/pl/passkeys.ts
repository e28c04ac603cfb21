/** Polish texts of a failed passkey ceremony (core/passkeys.ts); they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  passkeyCancelled: 'Logowanie kluczem dostępu zostało przerwane. Spróbuj ponownie albo zaloguj się hasłem.',
  passkeyNotRecognised: 'Nie rozpoznajemy tego klucza dostępu. Mógł zostać usunięty z konta – zaloguj się hasłem.',
  passkeyExpired: 'Czas na użycie klucza dostępu minął. Spróbuj ponownie.',
};

addPolish(texts);
export default texts;
