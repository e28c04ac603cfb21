import type { PasskeysMessages } from './pl.js';

const de: PasskeysMessages = {
  passkeysTitle: 'Passkeys',
  passkeysIntro:
    'Mit einem Passkey melden Sie sich ohne Passwort an: per Fingerabdruck, Gesichtserkennung oder der PIN Ihres Geräts. Ihr Passwort gilt weiterhin.',
  passkeysNone: 'Sie haben noch keinen Passkey.',
  passkeysUnsupported:
    'Dieser Browser oder diese Seite unterstützt keine Passkeys. Sie können sie hier verwalten, einen neuen aber nur in einem anderen Browser hinzufügen.',
  passkeyName: 'Name des Passkeys',
  passkeyNameHint: 'Zum Beispiel „Handy“ oder „Laptop zu Hause“, damit Sie ihn in der Liste wiedererkennen.',
  passkeyDefaultName: 'Passkey',
  addPasskey: 'Passkey hinzufügen',
  passkeyAdded: 'Passkey „{name}“ hinzugefügt. Sie können sich jetzt damit anmelden.',
  passkeyAddCancelled: 'Das Hinzufügen des Passkeys wurde abgebrochen.',
  passkeyAlreadyHere: 'Dieses Gerät hat bereits einen Passkey für Ihr Konto.',
  passkeyCreated: 'Hinzugefügt am {date}',
  passkeyLastUsed: 'zuletzt verwendet am {date}',
  passkeyNeverUsed: 'noch nicht verwendet',
  passkeySynced: 'zwischen Geräten synchronisiert',
  renamePasskey: 'Umbenennen',
  renamePasskeyOf: 'Passkey „{name}“ umbenennen',
  newPasskeyName: 'Neuer Name für Passkey „{name}“',
  savePasskeyName: 'Namen speichern',
  passkeyRenamed: 'Passkey in „{name}“ umbenannt.',
  removePasskey: 'Entfernen',
  removePasskeyOf: 'Passkey „{name}“ entfernen',
  passkeyRemoved: 'Passkey „{name}“ entfernt. Er kann nicht mehr zur Anmeldung verwendet werden.',
  cancel: 'Abbrechen',
};

export default de;
