/** Why the server ended a session (English). */
import type { SessionEndKey } from './pl.js';

const en: Record<SessionEndKey, string> = {
  ended_password_changed: 'You have been signed out because your account’s password was changed. Sign in with the new password.',
  ended_email_changed: 'You have been signed out because your account’s email address was changed. Sign in with the new address.',
  ended_role_changed: 'You have been signed out because your permissions changed. Please sign in again.',
  ended_blocked: 'You have been signed out because your account was blocked. If you have questions, contact the city office.',
  ended_signed_out: 'Your session was ended on another device or by an administrator. Please sign in again.',
  ended_expired: 'Your session has expired. Please sign in again.',
};

export default en;
