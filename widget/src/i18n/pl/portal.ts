/** Polish texts of civic-portal (its menu and home screen; the rest of its texts are in i18n/portal/); they load with it, not with core (issue 20). See i18n/pl.ts. */
import { addPolish } from '../polish.js';

const texts = {
  portalTitle: 'Bezpieczne Siemianowice',
  language: 'Język',
  mainNav: 'Menu główne',
  home: 'Strona główna',
  announcements: 'Komunikaty',
  addReport: 'Dodaj zgłoszenie',
  myAccount: 'Moje konto',
  staffConsole: 'Panel pracownika',
  adminConsole: 'Panel administratora',
  runAnonymously: 'Uruchom bez logowania',
  comingSoon: 'Ta część portalu będzie dostępna wkrótce.',
};

addPolish(texts);
export default texts;
