import type { Language } from '../profile/schema.js';
import type { MessageContent } from '../outbox/outbox.js';
import { quoteHtml, quoteText } from './quote.js';
import { UK_FOOTER, UK_IGNORE, ukAccountTemplates } from './templates-uk.js';

/**
 * Email texts per language. Each template is a subject, paragraphs and an optional button; the
 * renderer makes a plain-text and an accessible HTML part from the same words.
 */
interface Template {
  subject: string;
  paragraphs: string[];
  action?: string;
  /** A second link (e.g. activation beside reset). */
  secondary?: { intro: string; action: string };
  footer: string;
}

type Vars = Record<string, string>;
/** Ukrainian may trail a new template (the renderer falls back to Polish); test/server/uk-emails.test.ts keeps it complete. */
type Catalog = Record<string, Record<Exclude<Language, 'uk'>, Template> & { uk?: Template }>;

/** The help line under every email; other templates (reports) reuse it. */
export const footer: Record<Language, string> = {
  pl: 'W przypadku problemów prosimy o kontakt: {contact}',
  en: 'If you need help, contact us at {contact}',
  de: 'Bei Problemen wenden Sie sich bitte an {contact}',
  uk: UK_FOOTER,
};

const ignore: Record<Language, string> = {
  pl: 'Jeśli to nie Ty, zignoruj tę wiadomość.',
  en: 'If this was not you, you can ignore this message.',
  de: 'Wenn Sie das nicht waren, können Sie diese Nachricht ignorieren.',
  uk: UK_IGNORE,
};

const catalog: Catalog = {
  activation: {
    pl: {
      subject: '{site}: aktywuj konto',
      paragraphs: ['Dziękujemy za rejestrację.', 'Aby potwierdzić konto, kliknij w link aktywacyjny (ważny 48 godzin):', ignore.pl],
      action: 'Aktywuj konto',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: activate your account',
      paragraphs: ['Thank you for registering.', 'To confirm your account, follow the activation link (valid for 48 hours):', ignore.en],
      action: 'Activate account',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Konto aktivieren',
      paragraphs: ['Vielen Dank für Ihre Registrierung.', 'Um Ihr Konto zu bestätigen, öffnen Sie den Aktivierungslink (48 Stunden gültig):', ignore.de],
      action: 'Konto aktivieren',
      footer: footer.de,
    },
  },
  reverification: {
    pl: {
      subject: '{site}: zweryfikuj swoje konto',
      paragraphs: [
        'Szanowni Państwo,',
        'W związku z uruchomieniem nowego systemu zaistniała konieczność dodatkowej weryfikacji istniejących już kont.',
        'Za pomocą poniższego linku mogą Państwo zweryfikować swoje dane i aktywować konto (link ważny 48 godzin). Jeśli wygaśnie, skorzystaj z procedury przypomnienia hasła, a wiadomość zostanie przesłana powtórnie.',
      ],
      action: 'Aktywuj konto',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: verify your account',
      paragraphs: [
        'Dear resident,',
        'We have moved to a new system, so existing accounts need to be verified once more.',
        'Use the link below to check your data and activate your account (valid for 48 hours). If it expires, use "Forgot password?" and the message will be sent again.',
      ],
      action: 'Activate account',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Konto bestätigen',
      paragraphs: [
        'Sehr geehrte Damen und Herren,',
        'Wegen der Umstellung auf ein neues System müssen bestehende Konten erneut bestätigt werden.',
        'Über den folgenden Link können Sie Ihre Daten prüfen und Ihr Konto aktivieren (48 Stunden gültig). Ist er abgelaufen, nutzen Sie „Passwort vergessen?“ und die Nachricht wird erneut gesendet.',
      ],
      action: 'Konto aktivieren',
      footer: footer.de,
    },
  },
  already_registered: {
    pl: {
      subject: '{site}: próba rejestracji na Twój adres',
      paragraphs: [
        'Ktoś (być może Ty) próbował założyć konto na ten adres e-mail, ale konto już istnieje.',
        'Jeśli nie pamiętasz hasła, użyj opcji „Zapomniałem hasła” na stronie logowania.',
        ignore.pl,
      ],
      action: 'Przejdź do logowania',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: someone tried to register with your address',
      paragraphs: [
        'Someone (perhaps you) tried to create an account with this email address, but an account already exists.',
        'If you forgot your password, use "Forgot password?" on the sign-in page.',
        ignore.en,
      ],
      action: 'Go to sign-in',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Registrierungsversuch mit Ihrer Adresse',
      paragraphs: [
        'Jemand (vielleicht Sie) hat versucht, mit dieser E-Mail-Adresse ein Konto anzulegen, aber es besteht bereits ein Konto.',
        'Wenn Sie Ihr Passwort vergessen haben, nutzen Sie „Passwort vergessen?“ auf der Anmeldeseite.',
        ignore.de,
      ],
      action: 'Zur Anmeldung',
      footer: footer.de,
    },
  },
  password_reset: {
    pl: {
      subject: '{site}: resetowanie hasła',
      paragraphs: ['Otrzymaliśmy prośbę o zresetowanie hasła do Twojego konta.', 'Kliknij w link, aby ustawić nowe hasło (ważny 1 godzinę):', ignore.pl],
      action: 'Ustaw nowe hasło',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: reset your password',
      paragraphs: ['We received a request to reset the password of your account.', 'Follow the link to set a new password (valid for 1 hour):', ignore.en],
      action: 'Set a new password',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Passwort zurücksetzen',
      paragraphs: [
        'Wir haben eine Anfrage erhalten, das Passwort Ihres Kontos zurückzusetzen.',
        'Öffnen Sie den Link, um ein neues Passwort festzulegen (1 Stunde gültig):',
        ignore.de,
      ],
      action: 'Neues Passwort festlegen',
      footer: footer.de,
    },
  },
  password_reset_pending: {
    pl: {
      subject: '{site}: aktywacja konta i nowe hasło',
      paragraphs: [
        'Twoje konto nie zostało jeszcze aktywowane.',
        'Kliknij w link, aby ustawić nowe hasło; konto zostanie przy tym aktywowane (ważny 1 godzinę):',
      ],
      action: 'Ustaw hasło i aktywuj konto',
      secondary: { intro: 'Możesz też aktywować konto, zachowując dotychczasowe hasło (link ważny 48 godzin):', action: 'Aktywuj konto' },
      footer: footer.pl,
    },
    en: {
      subject: '{site}: activate your account and set a password',
      paragraphs: ['Your account has not been activated yet.', 'Follow the link to set a new password; this also activates your account (valid for 1 hour):'],
      action: 'Set password and activate',
      secondary: { intro: 'Or activate your account and keep your current password (valid for 48 hours):', action: 'Activate account' },
      footer: footer.en,
    },
    de: {
      subject: '{site}: Konto aktivieren und Passwort festlegen',
      paragraphs: [
        'Ihr Konto wurde noch nicht aktiviert.',
        'Öffnen Sie den Link, um ein neues Passwort festzulegen; damit wird Ihr Konto auch aktiviert (1 Stunde gültig):',
      ],
      action: 'Passwort festlegen und aktivieren',
      secondary: { intro: 'Oder aktivieren Sie Ihr Konto mit dem bisherigen Passwort (48 Stunden gültig):', action: 'Konto aktivieren' },
      footer: footer.de,
    },
  },
  password_changed: {
    pl: {
      subject: '{site}: hasło zostało zmienione',
      paragraphs: [
        'Hasło do Twojego konta zostało zmienione i wylogowaliśmy wszystkie sesje.',
        'Jeśli to nie Ty, natychmiast użyj opcji „Zapomniałem hasła” i skontaktuj się z nami.',
      ],
      footer: footer.pl,
    },
    en: {
      subject: '{site}: your password was changed',
      paragraphs: [
        'The password of your account was changed and all sessions were signed out.',
        'If this was not you, use "Forgot password?" at once and contact us.',
      ],
      footer: footer.en,
    },
    de: {
      subject: '{site}: Ihr Passwort wurde geändert',
      paragraphs: [
        'Das Passwort Ihres Kontos wurde geändert und alle Sitzungen wurden abgemeldet.',
        'Wenn Sie das nicht waren, nutzen Sie sofort „Passwort vergessen?“ und kontaktieren Sie uns.',
      ],
      footer: footer.de,
    },
  },
  email_change: {
    pl: {
      subject: '{site}: potwierdź nowy adres e-mail',
      paragraphs: ['Poproszono o zmianę adresu e-mail konta na ten adres.', 'Kliknij w link, aby potwierdzić zmianę (ważny 48 godzin):', ignore.pl],
      action: 'Potwierdź adres',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: confirm your new email address',
      paragraphs: [
        'Someone asked to change the email address of an account to this address.',
        'Follow the link to confirm the change (valid for 48 hours):',
        ignore.en,
      ],
      action: 'Confirm address',
      footer: footer.en,
    },
    de: {
      subject: '{site}: neue E-Mail-Adresse bestätigen',
      paragraphs: [
        'Es wurde beantragt, die E-Mail-Adresse eines Kontos auf diese Adresse zu ändern.',
        'Öffnen Sie den Link, um die Änderung zu bestätigen (48 Stunden gültig):',
        ignore.de,
      ],
      action: 'Adresse bestätigen',
      footer: footer.de,
    },
  },
  email_change_notice: {
    pl: {
      subject: '{site}: prośba o zmianę adresu e-mail',
      paragraphs: [
        'Poproszono o zmianę adresu e-mail Twojego konta. Zmiana nastąpi dopiero po potwierdzeniu z nowego adresu.',
        'Jeśli to nie Ty, zmień hasło i skontaktuj się z nami.',
      ],
      footer: footer.pl,
    },
    en: {
      subject: '{site}: email change requested',
      paragraphs: [
        'A change of your account’s email address was requested. It takes effect only once the new address confirms it.',
        'If this was not you, change your password and contact us.',
      ],
      footer: footer.en,
    },
    de: {
      subject: '{site}: Änderung der E-Mail-Adresse beantragt',
      paragraphs: [
        'Eine Änderung der E-Mail-Adresse Ihres Kontos wurde beantragt. Sie wird erst wirksam, wenn die neue Adresse sie bestätigt.',
        'Wenn Sie das nicht waren, ändern Sie Ihr Passwort und kontaktieren Sie uns.',
      ],
      footer: footer.de,
    },
  },
  email_changed_notice: {
    pl: {
      subject: '{site}: adres e-mail konta został zmieniony',
      paragraphs: [
        'Adres e-mail Twojego konta został zmieniony i potwierdzony z nowego adresu. Wszystkie sesje zostały wylogowane.',
        'Jeśli to nie Ty, skontaktuj się z nami natychmiast.',
      ],
      footer: footer.pl,
    },
    en: {
      subject: '{site}: your account’s email address was changed',
      paragraphs: [
        'The email address of your account was changed and confirmed from the new address. Every session was signed out.',
        'If this was not you, contact us at once.',
      ],
      footer: footer.en,
    },
    de: {
      subject: '{site}: die E-Mail-Adresse Ihres Kontos wurde geändert',
      paragraphs: [
        'Die E-Mail-Adresse Ihres Kontos wurde geändert und von der neuen Adresse bestätigt. Alle Sitzungen wurden abgemeldet.',
        'Wenn Sie das nicht waren, kontaktieren Sie uns sofort.',
      ],
      footer: footer.de,
    },
  },
  account_deleted: {
    pl: { subject: '{site}: konto zostało usunięte', paragraphs: ['Twoje konto i dane osobowe zostały usunięte.'], footer: footer.pl },
    en: { subject: '{site}: your account was deleted', paragraphs: ['Your account and personal data were deleted.'], footer: footer.en },
    de: { subject: '{site}: Ihr Konto wurde gelöscht', paragraphs: ['Ihr Konto und Ihre persönlichen Daten wurden gelöscht.'], footer: footer.de },
  },
};

for (const [name, t] of Object.entries(ukAccountTemplates)) if (catalog[name]) catalog[name].uk = t;

const fill = (s: string, vars: Vars) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? '');
/** A paragraph that is only `>{name}` quotes a resident's words. */
const QUOTE_PARAGRAPH = /^>\{(\w+)\}$/;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export type TemplateName = keyof typeof catalog;

/** Every registered template and the languages it is written in (a test keeps Ukrainian complete). */
export function templateLanguages(): Record<string, string[]> {
  return Object.fromEntries(Object.entries(catalog).map(([name, t]) => [name, Object.keys(t)]));
}

/** Registers more templates (the reports plugin adds its notifications). */
export function addTemplates(more: Catalog): void {
  Object.assign(catalog, more);
}

/** A link into the widget (`civic_action=…`) opens it in the email's language (`lang`, docs/embedding.md). */
function inLanguage(link: string | undefined, lang: Language): string | undefined {
  if (!link?.includes('civic_action=')) return link;
  const url = new URL(link);
  url.searchParams.set('lang', lang);
  return url.toString();
}

export function renderEmail(
  name: string,
  lang: Language,
  vars: Vars & { site: string; contact: string },
  given: { action?: string; secondary?: string } = {},
  /** Residents' words (titles, messages, reasons): only quote paragraphs (`>{name}`) show them (mail/quote.ts). */
  quotes: Vars = {},
): MessageContent {
  const t = catalog[name]?.[lang] ?? catalog[name]?.pl;
  if (!t) throw new Error(`unknown email template ${name}`);
  const links = { action: inLanguage(given.action, lang), secondary: inLanguage(given.secondary, lang) };
  const parts = t.paragraphs.map((p) => {
    const quoted = QUOTE_PARAGRAPH.exec(p)?.[1];
    if (quoted === undefined) return { text: fill(p, vars), html: `<p>${esc(fill(p, vars))}</p>` };
    const words = quotes[quoted] ?? '';
    return words.trim() ? { text: quoteText(words), html: quoteHtml(words) } : { text: '', html: '' };
  });
  const text = [
    ...parts.flatMap((p, i) => (i === 1 && links.action && t.action ? [p.text, links.action] : [p.text])),
    ...(links.action && t.action && parts.length < 2 ? [links.action] : []),
    ...(t.secondary && links.secondary ? [fill(t.secondary.intro, vars), links.secondary] : []),
    '—',
    fill(t.footer, vars),
  ]
    .filter(Boolean)
    .join('\n\n');
  const button = (href: string, label: string) =>
    `<p><a href="${esc(href)}" style="display:inline-block;padding:12px 20px;background:#0b4f8a;color:#ffffff;text-decoration:underline;border-radius:4px">${esc(label)}</a></p><p style="font-size:13px;color:#333">${esc(href)}</p>`;
  const html = [
    `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${esc(fill(t.subject, vars))}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">',
    `<h1 style="font-size:20px">${esc(vars.site)}</h1>`,
    ...parts.map((p, i) => `${p.html}${i === 1 && links.action && t.action ? button(links.action, fill(t.action, vars)) : ''}`),
    ...(links.action && t.action && parts.length < 2 ? [button(links.action, fill(t.action, vars))] : []),
    ...(t.secondary && links.secondary ? [`<p>${esc(fill(t.secondary.intro, vars))}</p>`, button(links.secondary, t.secondary.action)] : []),
    `<hr><p style="font-size:13px;color:#333">${esc(fill(t.footer, vars))}</p></body></html>`,
  ].join('\n');
  return { subject: fill(t.subject, vars), text, html };
}
