import { addTemplates, footer } from '../../mail/templates.js';

/** Emails of the back office, sent through ReportNotifier (so links and dedupe work as for every report email); no resident's words in a subject, a resident's reason only as a quote. */
addTemplates({
  report_reopened_staff: {
    pl: {
      subject: '{site}: zgłoszenie ponownie otwarte – {code} ({category})',
      paragraphs: [
        'Mieszkaniec zgłosił, że problem ze zgłoszenia {code} ({category}) nie został usunięty. Zgłoszenie wróciło do statusu „Przyjęte”. Powód:',
        '>{reason}',
      ],
      action: 'Otwórz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: report reopened – {code} ({category})',
      paragraphs: ['A resident says the problem of report {code} ({category}) is not fixed. The report is back to “Accepted”. Their reason:', '>{reason}'],
      action: 'Open the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Meldung wieder geöffnet – {code} ({category})',
      paragraphs: [
        'Eine Bürgerin oder ein Bürger meldet, dass das Problem der Meldung {code} ({category}) nicht behoben ist. Die Meldung ist wieder „Angenommen“. Begründung:',
        '>{reason}',
      ],
      action: 'Meldung öffnen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: звернення знову відкрите – {code} ({category})',
      paragraphs: [
        'Мешканець повідомив, що проблему зі звернення {code} ({category}) не усунено. Звернення повернулося до статусу «Прийняте». Причина:',
        '>{reason}',
      ],
      action: 'Відкрити звернення',
      footer: footer.uk,
    },
  },
  report_moderated: {
    pl: {
      subject: '{site}: zmiana w publicznej treści zgłoszenia {code}',
      paragraphs: [
        'Moderator zmienił publiczną treść Twojego zgłoszenia {code} ({category}) albo ukrył je na publicznej liście.',
        'Powód: {reason}',
        'Zgłoszenie jest nadal rozpatrywane; urząd widzi jego pierwotną treść.',
      ],
      action: 'Zobacz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: the public content of your report {code} was changed',
      paragraphs: [
        'A moderator changed what the public sees of your report {code} ({category}), or hid it from the public list.',
        'Reason: {reason}',
        'The report is still being handled; the city office sees its original content.',
      ],
      action: 'View the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: öffentlicher Inhalt Ihrer Meldung {code} geändert',
      paragraphs: [
        'Eine Moderatorin oder ein Moderator hat den öffentlichen Inhalt Ihrer Meldung {code} ({category}) geändert oder sie aus der öffentlichen Liste genommen.',
        'Grund: {reason}',
        'Die Meldung wird weiter bearbeitet; die Verwaltung sieht den ursprünglichen Inhalt.',
      ],
      action: 'Meldung ansehen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: змінено публічний вміст Вашого звернення {code}',
      paragraphs: [
        'Модератор змінив те, що бачать усі у Вашому зверненні {code} ({category}), або приховав його з публічного списку.',
        'Причина: {reason}',
        'Звернення й далі розглядається; міська рада бачить його початковий вміст.',
      ],
      action: 'Переглянути звернення',
      footer: footer.uk,
    },
  },
});
