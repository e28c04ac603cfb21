import type { ReauthMessages } from './pl.js';

const en: ReauthMessages = {
  reauthTitle: 'Confirm it’s you',
  reauthIntro: 'This change protects your account, so please confirm your identity again. We will then finish it straight away.',
  reauthPassword: 'Password',
  reauthConfirm: 'Confirm',
  reauthPasskey: 'Confirm with a passkey',
  reauthProvider: 'Confirm with {provider}',
  reauthProviderHint: 'You will come back to this page; then make the change again.',
  reauthCancel: 'Cancel',
  reauthWrong: 'The password is not correct.',
  reauthFailed: 'Your identity could not be confirmed. Please try again.',
};
export default en;
