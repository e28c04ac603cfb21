import type { ReauthMessages } from './pl.js';

const de: ReauthMessages = {
  reauthTitle: 'Bestätigen Sie, dass Sie es sind',
  reauthIntro: 'Diese Änderung schützt Ihr Konto, deshalb bestätigen Sie bitte noch einmal Ihre Identität. Danach schließen wir sie sofort ab.',
  reauthPassword: 'Passwort',
  reauthConfirm: 'Bestätigen',
  reauthPasskey: 'Mit Passkey bestätigen',
  reauthProvider: 'Mit {provider} bestätigen',
  reauthProviderHint: 'Sie kehren auf diese Seite zurück; nehmen Sie die Änderung dann erneut vor.',
  reauthCancel: 'Abbrechen',
  reauthWrong: 'Das Passwort ist nicht korrekt.',
  reauthFailed: 'Ihre Identität konnte nicht bestätigt werden. Bitte versuchen Sie es erneut.',
};
export default de;
