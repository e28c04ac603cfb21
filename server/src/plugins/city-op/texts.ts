/** The OpenID Provider's own page texts (sign-in, consent, logout, errors) in the widget's four languages. */
export const PAGE_LANGUAGES = ['pl', 'en', 'de', 'uk'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

interface PageTexts {
  signInTo: string;
  continueAs: string;
  consentTitle: string;
  consentLead: string;
  allow: string;
  deny: string;
  strongerSignIn: string;
  logoutTitle: string;
  logoutQuestion: string;
  logoutButton: string;
  loggedOut: string;
  errorTitle: string;
  errorLead: string;
  scopes: Record<string, string>;
}

export const TEXTS: Record<PageLanguage, PageTexts> = {
  pl: {
    signInTo: 'Zaloguj się do aplikacji: {client}',
    continueAs: 'Kontynuuj',
    consentTitle: 'Zgoda na udostępnienie danych',
    consentLead: 'Aplikacja {client} prosi o dostęp do:',
    allow: 'Zezwól',
    deny: 'Odmów',
    strongerSignIn: 'Ta aplikacja wymaga logowania przez login.gov.pl.',
    logoutTitle: 'Wylogowanie',
    logoutQuestion: 'Czy chcesz się wylogować?',
    logoutButton: 'Wyloguj',
    loggedOut: 'Wylogowano.',
    errorTitle: 'Nie udało się',
    errorLead: 'Wróć do aplikacji i spróbuj ponownie.',
    scopes: {
      openid: 'Twój identyfikator w tej aplikacji',
      email: 'Adres e-mail',
      profile: 'Imię, nazwisko i język',
      phone: 'Numer telefonu',
      verification: 'Czy tożsamość jest potwierdzona (bez numeru PESEL)',
      offline_access: 'Dostęp, gdy nie korzystasz z aplikacji',
    },
  },
  en: {
    signInTo: 'Sign in to {client}',
    continueAs: 'Continue',
    consentTitle: 'Share your details',
    consentLead: '{client} asks for:',
    allow: 'Allow',
    deny: 'Deny',
    strongerSignIn: 'This application requires signing in with login.gov.pl.',
    logoutTitle: 'Sign out',
    logoutQuestion: 'Do you want to sign out?',
    logoutButton: 'Sign out',
    loggedOut: 'You are signed out.',
    errorTitle: 'Something went wrong',
    errorLead: 'Go back to the application and try again.',
    scopes: {
      openid: 'Your identifier in this application',
      email: 'Email address',
      profile: 'First name, last name and language',
      phone: 'Phone number',
      verification: 'Whether your identity is verified (never your PESEL)',
      offline_access: 'Access while you are not using the application',
    },
  },
  de: {
    signInTo: 'Bei {client} anmelden',
    continueAs: 'Weiter',
    consentTitle: 'Daten freigeben',
    consentLead: '{client} bittet um:',
    allow: 'Zulassen',
    deny: 'Ablehnen',
    strongerSignIn: 'Diese Anwendung verlangt die Anmeldung mit login.gov.pl.',
    logoutTitle: 'Abmelden',
    logoutQuestion: 'Möchten Sie sich abmelden?',
    logoutButton: 'Abmelden',
    loggedOut: 'Sie sind abgemeldet.',
    errorTitle: 'Etwas ist schiefgegangen',
    errorLead: 'Kehren Sie zur Anwendung zurück und versuchen Sie es erneut.',
    scopes: {
      openid: 'Ihre Kennung in dieser Anwendung',
      email: 'E-Mail-Adresse',
      profile: 'Vorname, Nachname und Sprache',
      phone: 'Telefonnummer',
      verification: 'Ob Ihre Identität bestätigt ist (nie Ihre PESEL)',
      offline_access: 'Zugriff, während Sie die Anwendung nicht nutzen',
    },
  },
  uk: {
    signInTo: 'Увійти до {client}',
    continueAs: 'Продовжити',
    consentTitle: 'Надання даних',
    consentLead: 'Застосунок {client} просить доступ до:',
    allow: 'Дозволити',
    deny: 'Відмовити',
    strongerSignIn: 'Цей застосунок вимагає входу через login.gov.pl.',
    logoutTitle: 'Вихід',
    logoutQuestion: 'Бажаєте вийти?',
    logoutButton: 'Вийти',
    loggedOut: 'Ви вийшли.',
    errorTitle: 'Щось пішло не так',
    errorLead: 'Поверніться до застосунку й спробуйте ще раз.',
    scopes: {
      openid: 'Ваш ідентифікатор у цьому застосунку',
      email: 'Адреса електронної пошти',
      profile: 'Ім’я, прізвище та мова',
      phone: 'Номер телефону',
      verification: 'Чи підтверджено вашу особу (без номера PESEL)',
      offline_access: 'Доступ, коли ви не користуєтеся застосунком',
    },
  },
};

/** The page's language: the client's ui_locales, else the browser's Accept-Language, else Polish. */
export function pageLanguage(uiLocales: string | undefined, acceptLanguage: string | undefined): PageLanguage {
  const wanted = [...(uiLocales ?? '').split(' '), ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0]!)];
  for (const tag of wanted) {
    const base = tag.trim().toLowerCase().split('-')[0] as PageLanguage;
    if (PAGE_LANGUAGES.includes(base)) return base;
  }
  return 'pl';
}
