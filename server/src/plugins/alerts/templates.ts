import { addTemplates, footer } from '../../mail/templates.js';

/** Alert emails. `{items}` is one line per report (with its link); the button manages alerts. */
addTemplates({
  alert_confirm: {
    pl: {
      subject: '{site}: potwierdź powiadomienia o zgłoszeniach',
      paragraphs: [
        'Ktoś (być może Ty) poprosił o powiadomienia e-mail o nowych zgłoszeniach i zmianach ich statusu: {area}.',
        'Aby je włączyć, kliknij w link (ważny 48 godzin):',
        'Jeśli to nie Ty, zignoruj tę wiadomość: bez potwierdzenia nic nie wyślemy.',
      ],
      action: 'Włącz powiadomienia',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: confirm your report alerts',
      paragraphs: [
        'Someone (perhaps you) asked for email alerts about new reports and their status changes: {area}.',
        'To turn them on, follow the link (valid for 48 hours):',
        'If this was not you, ignore this message: nothing is sent without confirmation.',
      ],
      action: 'Turn on alerts',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Benachrichtigungen bestätigen',
      paragraphs: [
        'Jemand (vielleicht Sie) hat E-Mail-Benachrichtigungen über neue Meldungen und Statusänderungen angefordert: {area}.',
        'Um sie einzuschalten, öffnen Sie den Link (48 Stunden gültig):',
        'Wenn Sie das nicht waren, ignorieren Sie diese Nachricht: ohne Bestätigung senden wir nichts.',
      ],
      action: 'Benachrichtigungen einschalten',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: підтвердьте сповіщення про звернення',
      paragraphs: [
        'Хтось (можливо, Ви) попросив надсилати сповіщення електронною поштою про нові звернення та зміни їхнього статусу: {area}.',
        'Щоб увімкнути їх, перейдіть за посиланням (дійсне 48 годин):',
        'Якщо це були не Ви, проігноруйте цей лист: без підтвердження ми нічого не надсилатимемо.',
      ],
      action: 'Увімкнути сповіщення',
      footer: footer.uk,
    },
  },
  alert: {
    pl: {
      subject: '{site}: {headline}',
      paragraphs: ['{intro} ({area}):', '{items}', 'Wypisz się jednym kliknięciem: {unsubscribe}'],
      action: 'Zarządzaj powiadomieniami',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: {headline}',
      paragraphs: ['{intro} ({area}):', '{items}', 'Unsubscribe with one click: {unsubscribe}'],
      action: 'Manage alerts',
      footer: footer.en,
    },
    de: {
      subject: '{site}: {headline}',
      paragraphs: ['{intro} ({area}):', '{items}', 'Mit einem Klick abmelden: {unsubscribe}'],
      action: 'Benachrichtigungen verwalten',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: {headline}',
      paragraphs: ['{intro} ({area}):', '{items}', 'Відписатися одним натисканням: {unsubscribe}'],
      action: 'Керувати сповіщеннями',
      footer: footer.uk,
    },
  },
});

type L = 'pl' | 'en' | 'de' | 'uk';

export const ALERT_TEXTS: Record<
  L,
  {
    newReport: string;
    statusChange: string;
    digest: string;
    introOne: string;
    introDigest: string;
    circle: string;
    district: string;
    city: string;
    allCategories: string;
  }
> = {
  pl: {
    newReport: 'nowe zgłoszenie w okolicy – {category}',
    statusChange: 'zmiana statusu – {category}',
    digest: 'podsumowanie zgłoszeń ({n})',
    introOne: 'Nowość w obserwowanym obszarze',
    introDigest: 'Nowości w obserwowanym obszarze',
    circle: 'w promieniu {r} m od punktu {lat}, {lng}',
    district: 'dzielnica {name}',
    city: 'całe miasto',
    allCategories: 'wszystkie kategorie',
  },
  en: {
    newReport: 'new report near you – {category}',
    statusChange: 'status change – {category}',
    digest: 'summary of reports ({n})',
    introOne: 'News in the area you follow',
    introDigest: 'News in the area you follow',
    circle: 'within {r} m of {lat}, {lng}',
    district: 'district {name}',
    city: 'the whole city',
    allCategories: 'all categories',
  },
  de: {
    newReport: 'neue Meldung in Ihrer Nähe – {category}',
    statusChange: 'Statusänderung – {category}',
    digest: 'Zusammenfassung ({n} Meldungen)',
    introOne: 'Neues im beobachteten Gebiet',
    introDigest: 'Neues im beobachteten Gebiet',
    circle: 'im Umkreis von {r} m um {lat}, {lng}',
    district: 'Stadtteil {name}',
    city: 'die ganze Stadt',
    allCategories: 'alle Kategorien',
  },
  uk: {
    newReport: 'нове звернення поблизу – {category}',
    statusChange: 'зміна статусу – {category}',
    digest: 'підсумок звернень ({n})',
    introOne: 'Новина у вибраній області',
    introDigest: 'Новини у вибраній області',
    circle: 'у радіусі {r} м від точки {lat}, {lng}',
    district: 'район {name}',
    city: 'усе місто',
    allCategories: 'усі категорії',
  },
};
