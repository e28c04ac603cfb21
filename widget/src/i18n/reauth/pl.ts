/** Texts of civic-reauth, the "confirm it's you" dialog (Polish); loaded with that element only. */
const pl = {
  reauthTitle: 'Potwierdź, że to Ty',
  reauthIntro: 'Ta zmiana chroni Twoje konto, dlatego prosimy o ponowne potwierdzenie tożsamości. Potem dokończymy ją od razu.',
  reauthPassword: 'Hasło',
  reauthConfirm: 'Potwierdź',
  reauthPasskey: 'Potwierdź kluczem dostępu',
  reauthProvider: 'Potwierdź przez {provider}',
  reauthProviderHint: 'Wrócisz na tę stronę; wtedy wprowadź zmianę jeszcze raz.',
  reauthCancel: 'Anuluj',
  reauthWrong: 'Hasło jest nieprawidłowe.',
  reauthFailed: 'Nie udało się potwierdzić tożsamości. Spróbuj ponownie.',
};

export type ReauthKey = keyof typeof pl;
export type ReauthMessages = Record<ReauthKey, string>;
export default pl;
