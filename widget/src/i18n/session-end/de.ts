/** Why the server ended a session (German). */
import type { SessionEndKey } from './pl.js';

const de: Record<SessionEndKey, string> = {
  ended_password_changed: 'Sie wurden abgemeldet, weil das Passwort Ihres Kontos geändert wurde. Melden Sie sich mit dem neuen Passwort an.',
  ended_email_changed: 'Sie wurden abgemeldet, weil die E-Mail-Adresse Ihres Kontos geändert wurde. Melden Sie sich mit der neuen Adresse an.',
  ended_role_changed: 'Sie wurden abgemeldet, weil sich Ihre Berechtigungen geändert haben. Bitte melden Sie sich erneut an.',
  ended_blocked: 'Sie wurden abgemeldet, weil Ihr Konto gesperrt wurde. Bei Fragen wenden Sie sich an die Stadtverwaltung.',
  ended_signed_out: 'Ihre Sitzung wurde auf einem anderen Gerät oder von einem Administrator beendet. Bitte melden Sie sich erneut an.',
  ended_expired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
};

export default de;
