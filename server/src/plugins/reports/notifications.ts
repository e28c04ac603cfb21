import { concurrencyFor } from '../../db/concurrency.js';
import { rollingSlots } from '../../db/rolling.js';
import { onDuplicate } from '../../db/unique.js';
import type { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { addTemplates, footer, renderEmail } from '../../mail/templates.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import { localText } from '../../profile/language.js';
import type { DirectoryEntry, UserDirectory } from '../accounts/index.js';
import type { EventRow, MessageRow, ReportModels, ReportRow } from './model.js';
import { STATUS_LABELS, type Status } from './workflow.js';

const noReply = {
  pl: 'Nie odpowiadaj na tę wiadomość; napisz przez stronę zgłoszenia.',
  en: 'Please do not reply to this email; write on the report page instead.',
  de: 'Bitte antworten Sie nicht auf diese E-Mail, sondern schreiben Sie auf der Seite der Meldung.',
  uk: 'Будь ласка, не відповідайте на цей лист; напишіть на сторінці звернення.',
};

/**
 * Report emails. Subjects name the category and the tracking code, never a resident's words; a
 * resident's title, address or message reaches another person only as a quote paragraph (`>{name}`,
 * mail/quote.ts). Staff's own words (comments, answers) are the city speaking and stay inline.
 */
addTemplates({
  report_received: {
    pl: {
      subject: '{site}: przyjęliśmy zgłoszenie {code}',
      paragraphs: [
        'Dziękujemy za zgłoszenie w kategorii {category}.',
        'Numer zgłoszenia: {code}. Pod tym linkiem sprawdzisz, co się z nim dzieje, i napiszesz do pracownika:',
        'O każdej zmianie statusu i odpowiedzi pracownika powiadomimy Cię na ten adres.',
      ],
      action: 'Śledź zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: we received your report {code}',
      paragraphs: [
        'Thank you for your report in the category {category}.',
        'Your report number is {code}. Follow this link to see its progress and to write to the staff member handling it:',
        'We will email you at this address about every status change and every reply.',
      ],
      action: 'Track the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Ihre Meldung {code} ist eingegangen',
      paragraphs: [
        'Vielen Dank für Ihre Meldung in der Kategorie {category}.',
        'Ihre Meldungsnummer ist {code}. Über diesen Link verfolgen Sie den Stand und schreiben der zuständigen Stelle:',
        'Über jede Statusänderung und jede Antwort informieren wir Sie an diese Adresse.',
      ],
      action: 'Meldung verfolgen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: ми отримали Ваше звернення {code}',
      paragraphs: [
        'Дякуємо за звернення в категорії {category}.',
        'Номер звернення: {code}. За цим посиланням Ви побачите, що з ним відбувається, і зможете написати працівникові:',
        'Про кожну зміну статусу та кожну відповідь працівника ми повідомимо Вас на цю адресу.',
      ],
      action: 'Відстежувати звернення',
      footer: footer.uk,
    },
  },
  report_status: {
    pl: {
      subject: '{site}: zgłoszenie {code} ({category}) – {status}',
      paragraphs: ['Status Twojego zgłoszenia {code} ({category}) zmienił się na: {status}.', 'Komentarz ({department}): {comment}', noReply.pl],
      action: 'Zobacz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: report {code} ({category}) – {status}',
      paragraphs: ['The status of your report {code} ({category}) is now: {status}.', 'Comment ({department}): {comment}', noReply.en],
      action: 'View the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Meldung {code} ({category}) – {status}',
      paragraphs: ['Der Status Ihrer Meldung {code} ({category}) lautet jetzt: {status}.', 'Kommentar ({department}): {comment}', noReply.de],
      action: 'Meldung ansehen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: звернення {code} ({category}) – {status}',
      paragraphs: ['Статус Вашого звернення {code} ({category}) змінився на: {status}.', 'Коментар ({department}): {comment}', noReply.uk],
      action: 'Переглянути звернення',
      footer: footer.uk,
    },
  },
  // a status change without a comment: no "Comment: —" line (issue 20)
  report_status_plain: {
    pl: {
      subject: '{site}: zgłoszenie {code} ({category}) – {status}',
      paragraphs: ['Status Twojego zgłoszenia {code} ({category}) zmienił się na: {status}.', noReply.pl],
      action: 'Zobacz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: report {code} ({category}) – {status}',
      paragraphs: ['The status of your report {code} ({category}) is now: {status}.', noReply.en],
      action: 'View the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Meldung {code} ({category}) – {status}',
      paragraphs: ['Der Status Ihrer Meldung {code} ({category}) lautet jetzt: {status}.', noReply.de],
      action: 'Meldung ansehen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: звернення {code} ({category}) – {status}',
      paragraphs: ['Статус Вашого звернення {code} ({category}) змінився на: {status}.', noReply.uk],
      action: 'Переглянути звернення',
      footer: footer.uk,
    },
  },
  report_message: {
    pl: {
      subject: '{site}: nowa wiadomość w sprawie zgłoszenia {code} ({category})',
      paragraphs: ['{department} – wiadomość w sprawie Twojego zgłoszenia {code} ({category}):', '„{body}”', noReply.pl],
      action: 'Odpowiedz',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: new message about your report {code} ({category})',
      paragraphs: ['{department} wrote about your report {code} ({category}):', '“{body}”', noReply.en],
      action: 'Reply',
      footer: footer.en,
    },
    de: {
      subject: '{site}: neue Nachricht zu Ihrer Meldung {code} ({category})',
      paragraphs: ['{department} schreibt zu Ihrer Meldung {code} ({category}):', '„{body}“', noReply.de],
      action: 'Antworten',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: нове повідомлення щодо Вашого звернення {code} ({category})',
      paragraphs: ['{department} – повідомлення щодо Вашого звернення {code} ({category}):', '«{body}»', noReply.uk],
      action: 'Відповісти',
      footer: footer.uk,
    },
  },
  report_new_staff: {
    pl: {
      subject: '{site}: nowe zgłoszenie {code} – {category}',
      paragraphs: ['Wpłynęło nowe zgłoszenie {code} w kategorii {category}. Tytuł i miejsce tak, jak je podał zgłaszający:', '>{summary}'],
      action: 'Otwórz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: new report {code} – {category}',
      paragraphs: ['A new report {code} arrived in the category {category}. Its title and place as the reporter wrote them:', '>{summary}'],
      action: 'Open the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: neue Meldung {code} – {category}',
      paragraphs: ['Eine neue Meldung {code} in der Kategorie {category} ist eingegangen. Titel und Ort, wie die meldende Person sie angab:', '>{summary}'],
      action: 'Meldung öffnen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: нове звернення {code} – {category}',
      paragraphs: ['Надійшло нове звернення {code} у категорії {category}. Заголовок і місце так, як їх указав заявник:', '>{summary}'],
      action: 'Відкрити звернення',
      footer: footer.uk,
    },
  },
  report_message_staff: {
    pl: {
      subject: '{site}: zgłaszający napisał – {code} ({category})',
      paragraphs: ['Zgłaszający napisał w sprawie zgłoszenia {code} ({category}):', '>{body}'],
      action: 'Otwórz zgłoszenie',
      footer: footer.pl,
    },
    en: {
      subject: '{site}: the reporter wrote – {code} ({category})',
      paragraphs: ['The reporter wrote about the report {code} ({category}):', '>{body}'],
      action: 'Open the report',
      footer: footer.en,
    },
    de: {
      subject: '{site}: Nachricht des Meldenden – {code} ({category})',
      paragraphs: ['Der Meldende schreibt zur Meldung {code} ({category}):', '>{body}'],
      action: 'Meldung öffnen',
      footer: footer.de,
    },
    uk: {
      subject: '{site}: заявник написав – {code} ({category})',
      paragraphs: ['Заявник написав щодо звернення {code} ({category}):', '>{body}'],
      action: 'Відкрити звернення',
      footer: footer.uk,
    },
  },
});

type Log = (tags: string[], data: unknown) => void;
type Recipient = { key: string; email: string; lang: Language };
const STAFF_CACHE_MS = 60_000;
const CREATED_CURSOR = 'reports-created';
const SWEEP_BATCH = 200;
/** Where a database has never been swept (an upgrade), creation emails of the last day are made sure of. */
const FIRST_SWEEP_LOOKBACK_MS = 24 * 3600_000;
/** Reports this node flushed itself, so its sweeper skips them. */
const FLUSHED_MEMORY = 10_000;
/**
 * Staff emails one report may cause in any 24 hours (its creation, reopenings, the reporter's
 * messages). A report's ordinary day is its creation and a message or two; reopenings are capped at
 * three for its whole life. Beyond five the report still shows everything in the staff console, but
 * it cannot be used to page an office (an anonymous reporter's 200 messages were 200 emails).
 */
export const STAFF_EMAILS_PER_REPORT_PER_DAY = 5;
const DAY_MS = 24 * 3_600_000;

/**
 * Report emails, queued after the response without being lost to a crash. A new report needs no marker:
 * the sweeper walks a cursor over createdAt. Status events and messages carry `notifyPending` on a
 * document of their own. Outbox dedupe keys make every second attempt a no-op.
 */
export class ReportNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly flushed = new Set<string>();
  private readonly staffCache = new Map<string, { list: Promise<Recipient[]>; until: number }>();
  private readonly staffNotices;
  private readonly staffNoticeDecided;

  constructor(
    private readonly models: ReportModels,
    private readonly directory: UserDirectory,
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly openCode: (sealed: string | undefined | null) => string,
    private readonly log: Log,
  ) {
    const cc = concurrencyFor(models.Report.db);
    this.staffNotices = rollingSlots(cc, { name: 'staff-notices-report', limit: STAFF_EMAILS_PER_REPORT_PER_DAY, windowMs: DAY_MS });
    this.staffNoticeDecided = cc.once({ name: 'staff-notice-event', ttlMs: 7 * DAY_MS });
  }

  /**
   * Whether staff hear of one event of a report (an event is admitted once: a retry by the sweeper
   * after a crash finds it admitted and the outbox's dedupe keys keep it to one email per person).
   * A crash between the two writes costs a slot, never an extra email.
   */
  async staffMayHear(report: Pick<ReportRow, '_id'>, event: string): Promise<boolean> {
    const key = `${String(report._id)}:${event}`;
    if (await this.staffNoticeDecided.spent(key)) return true;
    if (!(await this.staffNotices.take(String(report._id))).ok) return false;
    await this.staffNoticeDecided.spend(key);
    return true;
  }

  /** Runs a notification job after the response; failures are logged (without personal data) and swept later. */
  later(job: () => Promise<void>): void {
    const p = job()
      .catch((err: Error) => this.log(['reports', 'warn'], { msg: 'report notification deferred to the sweeper', error: err.message }))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * "Received" to the reporter and "new report" to the department's staff; `report` as just written or
   * read by the sweeper. Idempotent (outbox dedupe keys), and it writes nothing to the report.
   */
  async flushCreated(report: ReportRow): Promise<void> {
    for (const to of await this.reporter(report)) await this.send(report, to, 'report_received', 'created');
    if (await this.staffMayHear(report, 'created')) {
      for (const to of await this.staffOf(this.departmentOf(report))) await this.send(report, to, 'report_new_staff', 'created');
    }
    this.flushed.add(String(report._id));
    if (this.flushed.size > FLUSHED_MEMORY) this.flushed.delete(this.flushed.values().next().value!);
  }

  /**
   * Creation emails a crash or an outage interrupted: every report created since the shared cursor and
   * before `before` is flushed again (a no-op where its emails are queued already), then the cursor moves.
   */
  async sweepCreated(before: Date): Promise<void> {
    const { Report, SweepCursor } = this.models;
    const cursor = (await SweepCursor.findById(CREATED_CURSOR).lean())?.until ?? new Date(before.getTime() - FIRST_SWEEP_LOOKBACK_MS);
    const rows = await Report.find({ createdAt: { $gte: cursor, $lt: before } })
      .sort({ createdAt: 1 })
      .limit(SWEEP_BATCH)
      .lean<ReportRow[]>();
    for (const report of rows) if (!this.flushed.has(String(report._id))) await this.flushCreated(report);
    const until = rows.length === SWEEP_BATCH ? rows.at(-1)!.createdAt : before;
    // two nodes creating the cursor at once: one upsert meets the other's insert, and then it exists
    const save = () => SweepCursor.updateOne({ _id: CREATED_CURSOR }, { $set: { until } });
    await onDuplicate(() => SweepCursor.updateOne({ _id: CREATED_CURSOR }, { $set: { until } }, { upsert: true }), save);
  }

  /** The reporter's email about one status change, once the report shows it (an unapplied event waits for the sweeper). */
  async flushEvent(eventId: Types.ObjectId): Promise<void> {
    // by _id alone: FerretDB 1.x only uses an index for a filter that is exactly {_id}
    const event = await this.models.Event.findById(eventId).lean<EventRow>();
    const report = event?.notifyPending && (await this.models.Report.findById(event.reportId).lean<ReportRow>());
    if (!event || !report || report.history.length <= event.seq) return;
    for (const to of await this.reporter(report)) {
      await this.send(report, to, event.comment ? 'report_status' : 'report_status_plain', `event:${event.seq}`, {
        status: STATUS_LABELS[to.lang][event.status as Status],
        comment: event.comment ?? '',
        department: this.departmentName(event.department, to.lang),
      });
    }
    await this.models.Event.updateOne({ _id: eventId }, { $set: { notifyPending: false } });
  }

  async flushMessage(messageId: Types.ObjectId): Promise<void> {
    const message = await this.models.Message.findById(messageId).lean<MessageRow>();
    if (!message?.notifyPending) return;
    const report = await this.models.Report.findById(message.reportId).lean<ReportRow>();
    if (report) {
      const toStaff = message.from !== 'staff';
      const recipients = !toStaff
        ? await this.reporter(report)
        : (await this.staffMayHear(report, `message:${message._id}`))
          ? await this.handlers(report)
          : [];
      const template = message.from === 'staff' ? 'report_message' : 'report_message_staff';
      const body = message.body.length > 1000 ? `${message.body.slice(0, 1000)}…` : message.body;
      // a resident's message reaches staff only as a quote; staff's answer is the city speaking
      for (const to of recipients) await this.send(report, to, template, `message:${message._id}`, toStaff ? {} : { body }, toStaff ? { body } : {});
    }
    await this.models.Message.updateOne({ _id: messageId }, { $set: { notifyPending: false } });
  }

  /** Message notifications interrupted by a crash or an outage (reports and status events: ReportsService.sweep). */
  async sweepMessages(before: Date): Promise<void> {
    const messages = await this.models.Message.find({ notifyPending: true, createdAt: { $lt: before } }, { _id: 1 })
      .limit(100)
      .lean();
    for (const m of messages) await this.flushMessage(m._id);
  }

  /**
   * One report email to one person. `vars` are the city's words (status, staff comments and answers);
   * `quotes` a resident's (a message, a reason), which only quote paragraphs show. The report's title and
   * address go to staff as the `summary` quote; no template puts them in a subject.
   */
  async send(
    report: ReportRow,
    to: Recipient,
    template: string,
    event: string,
    vars: Record<string, string> = {},
    quotes: Record<string, string> = {},
  ): Promise<void> {
    const category = this.config.profile.categories.find((c) => c.id === report.categoryId);
    const categoryName = localText(category?.name, to.lang) ?? report.categoryId;
    const staff = template.endsWith('_staff');
    const code = this.openCode(report.trackingSealed);
    const place = report.location.address || `${report.location.lat.toFixed(5)}, ${report.location.lng.toFixed(5)}`;
    const mail = renderEmail(
      template,
      to.lang,
      {
        site: this.config.profile.name,
        contact: this.config.profile.contactEmail,
        category: categoryName,
        code,
        department: this.departmentName(this.departmentOf(report), to.lang),
        ...vars,
      },
      { action: this.link(staff || report.reporterId ? { civic_action: 'report', id: String(report._id) } : { civic_action: 'track', code }) },
      { summary: [report.title, place].filter(Boolean).join('\n'), ...quotes },
    );
    await this.outbox.enqueue({ channel: 'email', to: to.email, kind: template, dedupeKey: `report:${report._id}:${event}:${to.key}`, ...mail });
  }

  private link(params: Record<string, string>): string {
    const url = new URL(this.config.appUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }

  private departmentOf(report: ReportRow): string | undefined {
    return this.config.profile.categories.find((c) => c.id === report.categoryId)?.department;
  }

  private departmentName(id: string | undefined | null, lang: Language): string {
    return localText(this.config.profile.departments.find((d) => d.id === id)?.name, lang) ?? id ?? '';
  }

  async reporter(report: ReportRow): Promise<Recipient[]> {
    if (report.reporterId) {
      const user = await this.directory.find(report.reporterId);
      return user?.active ? [this.recipient(user)] : [];
    }
    if (!report.contactEmail) return [];
    return [{ key: 'contact', email: report.contactEmail, lang: (report.locale as Language) ?? this.config.profile.defaultLanguage }];
  }

  /**
   * Cached for a minute: looking staff up scans the accounts on FerretDB, and staff lists change rarely.
   * The look-up in flight is cached too, so a burst of new reports makes one query, not one each.
   */
  staffOf(department: string | undefined): Promise<Recipient[]> {
    if (!department) return Promise.resolve([]);
    const cached = this.staffCache.get(department);
    if (cached && cached.until > Date.now()) return cached.list;
    const list = this.directory.staffOf(department).then((staff) => staff.map((u) => this.recipient(u)));
    this.staffCache.set(department, { list, until: Date.now() + STAFF_CACHE_MS });
    list.catch(() => this.staffCache.delete(department));
    return list;
  }

  /** A resident's message goes to the employee who handles the report, else to the whole department. */
  async handlers(report: ReportRow): Promise<Recipient[]> {
    const department = this.departmentOf(report);
    if (report.handledBy) {
      const user = await this.directory.find(report.handledBy);
      if (user?.active && !user.blocked && (user.role === 'admin' || (user.role === 'staff' && user.department === department))) return [this.recipient(user)];
    }
    return this.staffOf(department);
  }

  private recipient(user: DirectoryEntry): Recipient {
    return { key: `u${user.id}`, email: user.email, lang: user.locale ?? this.config.profile.defaultLanguage };
  }
}
