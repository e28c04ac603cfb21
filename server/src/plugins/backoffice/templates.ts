import { addTemplates, footer } from '../../mail/templates.js';

/** Emails of the back office, sent through ReportNotifier (so links and dedupe work as for every report email). */
addTemplates({
  report_reopened_staff: {
    pl: {
      subject: '{site}: zgłoszenie ponownie otwarte – „{title}”',
      paragraphs: ['Mieszkaniec zgłosił, że problem „{title}” ({category}) nie został usunięty. Zgłoszenie wróciło do statusu „Przyjęte”.', 'Powód: {reason}'],
      action: 'Otwórz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: report reopened – “{title}”',
      paragraphs: ['A resident says the problem “{title}” ({category}) is not fixed. The report is back to “Accepted”.', 'Reason: {reason}'],
      action: 'Open the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Meldung wieder geöffnet – „{title}“',
      paragraphs: [
        'Eine Bürgerin oder ein Bürger meldet, dass das Problem „{title}“ ({category}) nicht behoben ist. Die Meldung ist wieder „Angenommen“.',
        'Grund: {reason}',
      ],
      action: 'Meldung öffnen',
      footer: footer.de,
    },
  },
  report_moderated: {
    pl: {
      subject: '{site}: zmiana w publicznej treści zgłoszenia „{title}”',
      paragraphs: [
        'Moderator zmienił publiczną treść Twojego zgłoszenia „{title}” ({code}) albo ukrył je na publicznej liście.',
        'Powód: {reason}',
        'Zgłoszenie jest nadal rozpatrywane; urząd widzi jego pierwotną treść.',
      ],
      action: 'Zobacz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: the public content of your report “{title}” was changed',
      paragraphs: [
        'A moderator changed what the public sees of your report “{title}” ({code}), or hid it from the public list.',
        'Reason: {reason}',
        'The report is still being handled; the city office sees its original content.',
      ],
      action: 'View the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: öffentlicher Inhalt Ihrer Meldung „{title}“ geändert',
      paragraphs: [
        'Eine Moderatorin oder ein Moderator hat den öffentlichen Inhalt Ihrer Meldung „{title}“ ({code}) geändert oder sie aus der öffentlichen Liste genommen.',
        'Grund: {reason}',
        'Die Meldung wird weiter bearbeitet; die Verwaltung sieht den ursprünglichen Inhalt.',
      ],
      action: 'Meldung ansehen',
      footer: footer.de,
    },
  },
});
