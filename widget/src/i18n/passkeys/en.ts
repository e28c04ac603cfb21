import type { PasskeysMessages } from './pl.js';

const en: PasskeysMessages = {
  passkeysTitle: 'Passkeys',
  passkeysIntro: 'A passkey lets you log in without a password: with your fingerprint, your face or your device’s PIN. Your password still works.',
  passkeysNone: 'You have no passkeys yet.',
  passkeysUnsupported: 'This browser or this page cannot use passkeys. You can manage them here, but add a new one in another browser.',
  passkeyName: 'Passkey name',
  passkeyNameHint: 'For example “Phone” or “Home laptop”, so you recognise it in the list.',
  passkeyDefaultName: 'Passkey',
  addPasskey: 'Add a passkey',
  passkeyAdded: 'Passkey “{name}” added. You can now log in with it.',
  passkeyAddCancelled: 'Adding the passkey was cancelled.',
  passkeyAlreadyHere: 'This device already holds a passkey for your account.',
  passkeyCreated: 'Added {date}',
  passkeyLastUsed: 'last used {date}',
  passkeyNeverUsed: 'not used yet',
  passkeySynced: 'synced across devices',
  renamePasskey: 'Rename',
  renamePasskeyOf: 'Rename passkey “{name}”',
  newPasskeyName: 'New name for passkey “{name}”',
  savePasskeyName: 'Save name',
  passkeyRenamed: 'Passkey renamed to “{name}”.',
  removePasskey: 'Remove',
  removePasskeyOf: 'Remove passkey “{name}”',
  passkeyRemoved: 'Passkey “{name}” removed. It can no longer be used to log in.',
  cancel: 'Cancel',
};

export default en;
