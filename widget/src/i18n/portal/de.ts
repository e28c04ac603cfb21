import type { PortalMessages } from './pl.js';

const de: PortalMessages = {
  intro1:
    'Mit dieser Anwendung melden Einwohner Probleme, die sie im öffentlichen Raum bemerken. Sie ermöglicht eine wirksame Kommunikation zwischen Einwohnern und Stadtverwaltung.',
  intro2:
    'Wenn Sie ein Problem oder eine Störung bemerken – melden Sie es uns! Sie können die Bearbeitung Ihrer Meldung verfolgen und mit dem zuständigen Mitarbeiter kommunizieren.',
  intro3: 'Indem Sie aktiv werden, haben Sie echten Einfluss auf Veränderungen in Ihrer Umgebung, Ihrem Stadtteil, Ihrer Stadt.',
  navMap: 'Meldungskarte',
  navAlerts: 'Benachrichtigungen',
  navStats: 'Statistik',
  navTrack: 'Meldung verfolgen',
  menu: 'Menü',
  signedInName: 'Angemeldet: {name}',
  langHint: 'Ändert die Sprache dieser Seite. Die Sprache Ihrer E-Mails ändern Sie in den Kontoeinstellungen.',
  ended_password_changed: 'Sie wurden abgemeldet, weil das Passwort Ihres Kontos geändert wurde. Melden Sie sich mit dem neuen Passwort an.',
  ended_email_changed: 'Sie wurden abgemeldet, weil die E-Mail-Adresse Ihres Kontos geändert wurde. Melden Sie sich mit der neuen Adresse an.',
  ended_role_changed: 'Sie wurden abgemeldet, weil sich Ihre Berechtigungen geändert haben. Bitte melden Sie sich erneut an.',
  ended_blocked: 'Sie wurden abgemeldet, weil Ihr Konto gesperrt wurde. Bei Fragen wenden Sie sich an die Stadtverwaltung.',
  ended_signed_out: 'Ihre Sitzung wurde auf einem anderen Gerät oder von einem Administrator beendet. Bitte melden Sie sich erneut an.',
  ended_expired: 'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.',
};

export default de;
