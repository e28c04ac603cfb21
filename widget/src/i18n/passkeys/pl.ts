/** Texts of civic-passkeys (Polish); loaded with that element only, never with core. */
const pl = {
  passkeysTitle: 'Klucze dostępu',
  passkeysIntro: 'Klucz dostępu pozwala logować się bez hasła: odciskiem palca, skanem twarzy albo kodem PIN Twojego urządzenia. Hasło nadal działa.',
  passkeysNone: 'Nie masz jeszcze żadnego klucza dostępu.',
  passkeysUnsupported: 'Ta przeglądarka lub ta strona nie obsługuje kluczy dostępu. Możesz nimi zarządzać, ale nowy klucz dodasz w innej przeglądarce.',
  passkeyName: 'Nazwa klucza',
  passkeyNameHint: 'Na przykład „Telefon” albo „Laptop w domu”, żeby rozpoznać klucz na liście.',
  passkeyDefaultName: 'Klucz dostępu',
  addPasskey: 'Dodaj klucz dostępu',
  passkeyAdded: 'Dodano klucz dostępu „{name}”. Możesz nim teraz logować się.',
  passkeyAddCancelled: 'Dodawanie klucza dostępu zostało przerwane.',
  passkeyAlreadyHere: 'To urządzenie ma już klucz dostępu do Twojego konta.',
  passkeyCreated: 'Dodany {date}',
  passkeyLastUsed: 'ostatnio użyty {date}',
  passkeyNeverUsed: 'jeszcze nie używany',
  passkeySynced: 'synchronizowany między urządzeniami',
  renamePasskey: 'Zmień nazwę',
  renamePasskeyOf: 'Zmień nazwę klucza „{name}”',
  newPasskeyName: 'Nowa nazwa klucza „{name}”',
  savePasskeyName: 'Zapisz nazwę',
  passkeyRenamed: 'Zmieniono nazwę klucza na „{name}”.',
  removePasskey: 'Usuń',
  removePasskeyOf: 'Usuń klucz „{name}”',
  passkeyRemoved: 'Usunięto klucz dostępu „{name}”. Nie można już nim się logować.',
  cancel: 'Anuluj',
};

export type PasskeysKey = keyof typeof pl;
export type PasskeysMessages = Record<PasskeysKey, string>;
export default pl as PasskeysMessages;
