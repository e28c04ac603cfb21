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
};

export default de;
