import type { AccountMessages } from './pl.js';

const en: AccountMessages = {
  emailChangeTitle: 'Change email address',
  newEmail: 'New email address',
  changeEmail: 'Change email address',
  emailChangeSent: 'We have sent a link to {email}. Click it to confirm the change. Until then, log in with your current address.',
  sameEmail: 'This is already your email address.',
  wrongPassword: 'The password is not correct.',
  pendingPhone: 'The new number {phone} is waiting for the code from the text message.',
  exportTitle: 'Your data',
  exportIntro: 'Download everything we hold about you (account, reports, supports, messages) as a JSON file.',
  exportButton: 'Download my data',
  exportDone: 'The file with your data has been downloaded.',
  deleteTitle: 'Delete account',
  deleteIntro: 'You can delete your account. This cannot be undone.',
  deleteButton: 'Delete account',
  deleteConfirmTitle: 'Are you sure you want to delete your account?',
  deleteConfirmText: 'Your account and your data will be deleted and you will be logged out. This cannot be undone. Enter your password to confirm.',
  deleteConfirm: 'Yes, delete my account',
  cancel: 'Cancel',
  // issue 13: external sign-in
  identitiesTitle: 'Linked sign-in methods',
  identitiesNone: 'No external account is linked.',
  identityVerified: 'Identity verified by {provider} on {date}. Your PESEL comes from this verification and cannot be changed.',
  identityLoa: 'assurance level: {loa}',
  loa_low: 'low',
  loa_substantial: 'substantial',
  loa_high: 'high',
  identityLastUsed: 'last used {date}',
  unlink: 'Unlink',
  unlinkLabel: 'Unlink {provider}',
  unlinked: 'Unlinked: {provider}.',
  unlinkOnlyWay: 'This is the only way to sign in to this account. Set a password first (through “Forgot password?”) or link another account.',
  noEmailYet: 'This account has no email address yet. Add one below to receive notifications.',
};

export default en;
