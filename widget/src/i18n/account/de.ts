import type { AccountMessages } from './pl.js';

const de: AccountMessages = {
  peselTitle: 'PESEL-Nummer korrigieren',
  peselButton: 'PESEL korrigieren',
  peselCorrected: 'Ihre PESEL-Nummer wurde korrigiert.',
  peselVerified: 'Ihre PESEL-Nummer wurde über login.gov.pl bestätigt; wenn sie falsch ist, wenden Sie sich an das Amt.',
  emailChangeTitle: 'E-Mail-Adresse ändern',
  newEmail: 'Neue E-Mail-Adresse',
  changeEmail: 'E-Mail-Adresse ändern',
  emailChangeSent:
    'Wir haben einen Link an {email} gesendet. Klicken Sie darauf, um die Änderung zu bestätigen. Bis dahin melden Sie sich mit Ihrer bisherigen Adresse an.',
  sameEmail: 'Das ist bereits Ihre E-Mail-Adresse.',
  wrongPassword: 'Das Passwort ist nicht richtig.',
  pendingPhone: 'Die neue Nummer {phone} wartet auf den Code aus der SMS.',
  exportTitle: 'Ihre Daten',
  exportIntro: 'Laden Sie alles herunter, was wir über Sie speichern (Konto, Meldungen, Unterstützungen, Nachrichten), als JSON-Datei.',
  exportButton: 'Meine Daten herunterladen',
  exportDone: 'Die Datei mit Ihren Daten wurde heruntergeladen.',
  deleteTitle: 'Konto löschen',
  deleteIntro: 'Sie können Ihr Konto löschen. Das kann nicht rückgängig gemacht werden.',
  deleteButton: 'Konto löschen',
  deleteConfirmTitle: 'Möchten Sie Ihr Konto wirklich löschen?',
  deleteConfirmText:
    'Ihr Konto und Ihre Daten werden gelöscht und Sie werden abgemeldet. Das kann nicht rückgängig gemacht werden. Geben Sie zur Bestätigung Ihr Passwort ein.',
  deleteConfirm: 'Ja, mein Konto löschen',
  cancel: 'Abbrechen',
  // issue 13: external sign-in
  identitiesTitle: 'Verknüpfte Anmeldemethoden',
  identitiesNone: 'Es ist kein externes Konto verknüpft.',
  linkTitle: 'Externes Konto verknüpfen',
  linkIntro: 'Danach können Sie sich auch so anmelden. Zuerst bestätigen wir, dass Sie es sind.',
  linkProvider: 'Mit {provider} verknüpfen',
  identityVerified: 'Identität bestätigt durch {provider} am {date}. Ihre PESEL stammt aus dieser Bestätigung und kann nicht geändert werden.',
  identityLoa: 'Vertrauensniveau: {loa}',
  loa_low: 'niedrig',
  loa_substantial: 'substanziell',
  loa_high: 'hoch',
  identityLastUsed: 'zuletzt verwendet am {date}',
  unlink: 'Trennen',
  unlinkLabel: '{provider} trennen',
  unlinked: 'Getrennt: {provider}.',
  unlinkOnlyWay:
    'Dies ist die einzige Anmeldemöglichkeit für dieses Konto. Legen Sie zuerst ein Passwort fest (über „Passwort vergessen?“) oder verknüpfen Sie ein anderes Konto.',
  noEmailYet: 'Dieses Konto hat noch keine E-Mail-Adresse. Geben Sie unten eine an, um Benachrichtigungen zu erhalten.',
};

export default de;
