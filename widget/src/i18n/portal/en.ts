import type { PortalMessages } from './pl.js';

const en: PortalMessages = {
  intro1:
    'This application lets residents report problems they notice in public spaces. It makes communication between residents and the local government effective.',
  intro2:
    'If you notice a problem or a fault – report it to us! You will be able to follow the work on your report and talk to the employee responsible for solving the problem.',
  intro3: 'By taking action you will have a real influence on changes in your neighbourhood, your district, your city.',
  navMap: 'Reports map',
  navAlerts: 'Alerts',
  navStats: 'Statistics',
  navTrack: 'Track a report',
  menu: 'Menu',
  signedInName: 'Signed in: {name}',
  langHint: 'Changes the language of this page. You can change the language of your emails in your account settings.',
};

export default en;
