import { createHash } from 'node:crypto';
import mongoose, { type Types } from 'mongoose';
import type { Config } from '../../config.js';
import { isDuplicateKey } from '../../db/unique.js';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken, newToken, sealer } from '../../lib/tokens.js';
import { renderEmail } from '../../mail/templates.js';
import type { Outbox } from '../../outbox/outbox.js';
import { districtOf } from '../../profile/districts.js';
import type { Language } from '../../profile/schema.js';
import { localText } from '../../profile/language.js';
import type { DirectoryEntry, UserDirectory } from '../accounts/index.js';
import { distanceMetres, STATUS_LABELS, type Actor, type ReportChange, type ReportQueries, type ReportRow, type Status } from '../reports/index.js';
import { ALERT_LIMITS, type AlertLimits } from './limits.js';
import type { AlertModels, AlertRow, DeliveryRow } from './model.js';
import { ALERT_TEXTS } from './templates.js';

export type Area = { lat: number; lng: number; radiusM: number } | { district: string } | { city: true };

export interface NewAlert {
  email?: string;
  area: Area;
  categories?: string[];
  locale?: Language;
}

type Log = (tags: string[], data: unknown) => void;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CONFIRM_TTL = 48 * HOUR;
/** Single emails per subscriber per day; beyond that, and when several events fall together, one daily digest. */
export const SINGLES_PER_DAY = 3;
const DIGEST_MAX_ITEMS = 50;

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? ''));

/**
 * Alerts (contract §4b): subscriptions to an area's new reports and status changes. Matching runs
 * after the response (ReportsService.changes) and records one delivery per alert and event (unique
 * index: a repeated match queues nothing twice); a flusher turns deliveries into emails through the
 * outbox, each with RFC 8058 one-click unsubscribe headers and a manage link, a few single emails a
 * day per subscriber and otherwise one daily digest.
 */
export class AlertsService {
  private readonly seal;
  private kick?: NodeJS.Timeout;

  constructor(
    readonly models: AlertModels,
    private readonly directory: UserDirectory,
    private readonly reports: ReportQueries,
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly limits: AlertLimits,
    private readonly log: Log = () => {},
    /** How long a matched event waits for others to fall together with it. */
    readonly holdMs = 2 * 60_000,
  ) {
    this.seal = sealer(config.dataKey, 'alert-unsubscribe');
  }

  // ---- subscribing ---------------------------------------------------------------------------

  async subscribe(input: NewAlert, actor: Actor | undefined, client: string): Promise<{ id?: string; status: 'active' | 'pending_confirmation' }> {
    const account = actor ? await this.directory.find(actor.id) : null;
    // a signed-in resident's own, verified address needs no confirmation; any other address does
    const verified = !!account?.active && (!input.email || input.email === account.email);
    const email = verified ? account!.email : input.email;
    if (!email) throw invalid({ email: 'required' }, 'An email address is needed to send alerts');
    await this.limits.takeClient(client);
    return this.limits.forAddress(email, () => this.add(input, account, email, verified, client));
  }

  /** Adds the alert (one address at a time, so the count is exact) and, for an address not yet proven, mails its confirmation. */
  private async add(input: NewAlert, account: DirectoryEntry | null, email: string, verified: boolean, client: string) {
    if ((await this.models.Alert.countDocuments({ email })) >= ALERT_LIMITS.perAddress.max)
      throw fail('conflict', `At most ${ALERT_LIMITS.perAddress.max} alerts per address`);
    // beyond the stranger budget the answer is the same and nothing is stored or sent (§4b: no oracle)
    if (!verified && !(await this.limits.mayMail(email, client))) return { status: 'pending_confirmation' as const };
    const area =
      'radiusM' in input.area
        ? { kind: 'circle', ...input.area }
        : 'district' in input.area
          ? { kind: 'district', district: input.area.district }
          : { kind: 'city' };
    const unsubscribe = newToken();
    const confirm = verified ? undefined : newToken();
    const locale = input.locale ?? account?.locale ?? this.config.profile.defaultLanguage;
    const alert = await this.models.Alert.create({
      email,
      userId: account ? account.id : undefined,
      area,
      categories: input.categories ?? [],
      locale,
      status: verified ? 'active' : 'pending',
      confirmHash: confirm ? hashToken(confirm) : undefined,
      confirmExpiresAt: confirm ? new Date(Date.now() + CONFIRM_TTL) : undefined,
      unsubscribeHash: hashToken(unsubscribe),
      unsubscribeSealed: this.seal.seal(unsubscribe),
    });
    if (verified) return { id: String(alert._id), status: 'active' as const };
    const row = alert.toObject() as AlertRow;
    const mail = renderEmail(
      'alert_confirm',
      locale,
      { ...this.siteVars(), area: this.describe(row, locale) },
      { action: this.appLink({ civic_action: 'alert-confirm', token: confirm! }) },
    );
    await this.outbox.enqueue({ channel: 'email', to: email, kind: 'alert_confirm', dedupeKey: `alert-confirm:${alert._id}`, ...mail });
    return { status: 'pending_confirmation' as const };
  }

  async confirm(token: string): Promise<{ id: string; status: 'active' }> {
    const alert = await this.models.Alert.findOne({ confirmHash: hashToken(token) }).lean<AlertRow>();
    if (!alert || !alert.confirmExpiresAt || alert.confirmExpiresAt.getTime() < Date.now())
      throw fail('invalid_token', 'This confirmation link is not valid any more');
    // confirming twice is harmless, so no claim is needed: the second one finds no token
    await this.models.Alert.updateOne({ _id: alert._id }, { $set: { status: 'active' }, $unset: { confirmHash: 1, confirmExpiresAt: 1 } });
    return { id: String(alert._id), status: 'active' };
  }

  /** The alert an unsubscribe link names (for the manage page); unknown: invalid_token. */
  async byToken(token: string) {
    const alert = await this.models.Alert.findOne({ unsubscribeHash: hashToken(token) }).lean<AlertRow>();
    if (!alert) throw fail('invalid_token', 'This link is not valid any more: the alert was already removed');
    return this.view(alert);
  }

  /** One-click unsubscribe: removes the alert and its unsent news. Idempotent: an unknown token is already unsubscribed. */
  async unsubscribe(token: string): Promise<void> {
    const alert = await this.models.Alert.findOne({ unsubscribeHash: hashToken(token) }, { _id: 1 }).lean();
    if (alert) await this.remove(alert._id);
  }

  async mine(userId: string) {
    const rows = await this.models.Alert.find({ userId, status: 'active' }).sort({ createdAt: -1 }).limit(100).lean<AlertRow[]>();
    return rows.map((a) => this.view(a));
  }

  async removeMine(userId: string, id: string): Promise<void> {
    const alert = mongoose.isValidObjectId(id) ? await this.models.Alert.findById(id, { userId: 1 }).lean() : null;
    if (!alert || String(alert.userId) !== userId) throw fail('not_found', 'No such alert');
    await this.remove(alert._id);
  }

  /** GDPR: a deleted account's alerts go with it (no more emails to its address); the export lists them. */
  accountHooks() {
    return {
      onDelete: async (userId: string) => {
        for (const a of await this.models.Alert.find({ userId }, { _id: 1 }).lean()) await this.remove(a._id);
      },
      onExport: async (userId: string) => ({
        alerts: (await this.models.Alert.find({ userId }).sort({ createdAt: 1 }).limit(1000).lean<AlertRow[]>()).map((a) => ({
          ...this.view(a),
          email: a.email,
        })),
      }),
    };
  }

  private async remove(id: Types.ObjectId): Promise<void> {
    await this.models.Alert.deleteOne({ _id: id });
    await this.models.Delivery.deleteMany({ alertId: id, sentAt: null });
  }

  private view(a: AlertRow) {
    const area = a.area!;
    return {
      id: String(a._id),
      status: a.status as 'active' | 'pending',
      area:
        area.kind === 'circle'
          ? { lat: area.lat!, lng: area.lng!, radiusM: area.radiusM! }
          : area.kind === 'district'
            ? { district: area.district! }
            : { city: true as const },
      categories: a.categories ?? [],
      locale: a.locale as Language,
      createdAt: a.createdAt.toISOString(),
    };
  }

  // ---- matching --------------------------------------------------------------------------------

  matches(a: Pick<AlertRow, 'area' | 'categories'>, report: Pick<ReportRow, 'categoryId' | 'location'>, district: string): boolean {
    if (a.categories?.length && !a.categories.includes(report.categoryId)) return false;
    const area = a.area!;
    if (area.kind === 'city') return true;
    if (area.kind === 'district') return !!district && area.district === district;
    return distanceMetres({ lat: area.lat!, lng: area.lng! }, report.location) <= area.radiusM!;
  }

  /** A ReportsService listener: records a delivery for every active alert the change concerns. */
  readonly onChange = async (change: ReportChange): Promise<void> => {
    const report = change.report;
    if (report.hidden) return;
    const event = change.kind === 'created' ? 'created' : `status:${change.event.seq}`;
    const happened = change.kind === 'created' ? report.createdAt : change.event.at;
    const district = districtOf(this.config.profile, report.location);
    // bounded: a city's active alerts, projected to what matching needs
    const alerts = await this.models.Alert.find({ status: 'active' }, { area: 1, categories: 1, createdAt: 1 }).limit(100_000).lean<AlertRow[]>();
    // already recorded (a catch-up run after the listener did its work): one query instead of failing inserts
    const done = new Set(
      (await this.models.Delivery.find({ reportId: report._id, event }, { alertId: 1 }).lean<DeliveryRow[]>()).map((d) => String(d.alertId)),
    );
    let matched = 0;
    for (const a of alerts) {
      // news from before an alert existed is not news to its subscriber
      if (done.has(String(a._id)) || a.createdAt > happened || !this.matches(a, report, district)) continue;
      try {
        await this.models.Delivery.create({
          alertId: a._id,
          reportId: report._id,
          event,
          status: change.kind === 'status' ? change.event.status : report.status,
          at: new Date(),
        });
        matched++;
      } catch (err) {
        if (!isDuplicateKey(err)) throw err;
      }
    }
    if (matched) this.schedule(this.holdMs);
  };

  /**
   * Matches what a crash between a response and its listener left unmatched: reports created and
   * status changes made in the last `windowMs` (older than `settleMs`, which the listener may still be
   * handling). Idempotent. A scan of recent reports and events, so it runs every few minutes, off the request path.
   */
  async catchUp(windowMs = 30 * 60_000, settleMs = 60_000): Promise<void> {
    const now = Date.now();
    const range = { from: new Date(now - windowMs), to: new Date(now - settleMs) };
    for (const report of await this.reports.createdIn(range, 1000)) await this.onChange({ kind: 'created', report });
    for (const event of await this.reports.statusChanges(range, 0, 1000)) {
      const report = await this.reports.byId(event.reportId);
      if (report && report.history.length > event.seq) await this.onChange({ kind: 'status', report, event });
    }
    // sent news is kept a week (what catch-up and a retried flush look at), then dropped
    await this.models.Delivery.deleteMany({ sentAt: { $lt: new Date(now - 7 * DAY) } });
  }

  private schedule(ms: number): void {
    if (this.kick) return;
    this.kick = setTimeout(() => {
      this.kick = undefined;
      void this.flush().catch((err: Error) => this.log(['alerts', 'warn'], { msg: 'alert flush failed', error: err.message }));
    }, ms);
    this.kick.unref();
  }

  stop(): void {
    clearTimeout(this.kick);
    this.kick = undefined;
  }

  // ---- sending ---------------------------------------------------------------------------------

  /** Turns deliveries older than `holdMs` into emails, per subscriber: a single email, a digest, or a wait for tomorrow's digest. */
  async flush(holdMs = this.holdMs): Promise<void> {
    const now = new Date();
    const due = await this.models.Delivery.find({ sentAt: null, at: { $lte: new Date(now.getTime() - holdMs) } })
      .sort({ at: 1 })
      .limit(1000)
      .lean<DeliveryRow[]>();
    const byAlert = new Map<string, DeliveryRow[]>();
    for (const d of due) byAlert.set(String(d.alertId), [...(byAlert.get(String(d.alertId)) ?? []), d]);
    for (const [alertId, group] of byAlert) {
      const alert = await this.models.Alert.findById(alertId).lean<AlertRow>();
      if (!alert || alert.status !== 'active') {
        await this.models.Delivery.deleteMany({ _id: { $in: group.map((d) => d._id) } });
        continue;
      }
      const fresh = !alert.windowStart || now.getTime() - alert.windowStart.getTime() >= DAY;
      const sentInWindow = fresh ? 0 : (alert.sentInWindow ?? 0);
      const single = group.length === 1 && sentInWindow < SINGLES_PER_DAY;
      const digestDue = !alert.lastDigestAt || now.getTime() - alert.lastDigestAt.getTime() >= DAY;
      if (!single && !digestDue) continue; // many events today already: they wait for tomorrow's digest
      await this.send(alert, group);
      await this.models.Delivery.updateMany({ _id: { $in: group.map((d) => d._id) } }, { $set: { sentAt: now } });
      await this.models.Alert.updateOne(
        { _id: alert._id },
        {
          $set: single
            ? { windowStart: fresh ? now : alert.windowStart, sentInWindow: sentInWindow + 1 }
            : { lastDigestAt: now, ...(fresh ? { windowStart: now, sentInWindow: 0 } : {}) },
        },
      );
    }
  }

  private async send(alert: AlertRow, group: DeliveryRow[]): Promise<void> {
    const lang = (alert.locale as Language) ?? this.config.profile.defaultLanguage;
    const x = ALERT_TEXTS[lang];
    const items: string[] = [];
    let first: { title: string; status: boolean } | undefined;
    for (const d of group.slice(0, DIGEST_MAX_ITEMS)) {
      const r = await this.reports.forAlert(d.reportId);
      if (!r || r.hidden) continue;
      // a stranger's title or typed address never reaches a subscriber (§4b: phishing through the city's
      // name): the category, the status, the district or the coordinates, and our own link
      const title = this.categoryName(r.categoryId, lang);
      first ??= { title, status: d.event !== 'created' };
      const district = districtOf(this.config.profile, r.location);
      const where =
        localText(this.config.profile.districts.find((x) => x.id === district)?.name, lang) ?? `${r.location.lat.toFixed(5)}, ${r.location.lng.toFixed(5)}`;
      items.push(
        `• ${title} (${STATUS_LABELS[lang][(d.status ?? r.status) as Status]}) – ${where}\n  ${this.appLink({ civic_action: 'public-report', id: String(r._id) })}`,
      );
    }
    if (!first) return; // every report was hidden or deleted meanwhile
    const token = this.seal.open(alert.unsubscribeSealed);
    const unsubscribe = `${this.config.publicUrl}/api/v1/alerts/unsubscribe?token=${token}`;
    const headline = items.length === 1 ? fill(first.status ? x.statusChange : x.newReport, { category: first.title }) : fill(x.digest, { n: items.length });
    const mail = renderEmail(
      'alert',
      lang,
      {
        ...this.siteVars(),
        headline,
        intro: items.length === 1 ? x.introOne : x.introDigest,
        area: this.describe(alert, lang),
        items: items.join('\n'),
        unsubscribe,
      },
      { action: this.appLink({ civic_action: 'alerts', token }) },
    );
    const batch = createHash('sha256')
      .update(
        group
          .map((d) => String(d._id))
          .sort()
          .join(','),
      )
      .digest('base64url')
      .slice(0, 22);
    await this.outbox.enqueue({
      channel: 'email',
      to: alert.email,
      kind: 'alert',
      dedupeKey: `alert:${alert._id}:${batch}`,
      ...mail,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
  }

  private categoryName(id: string, lang: Language): string {
    return localText(this.config.profile.categories.find((c) => c.id === id)?.name, lang) ?? id;
  }

  describe(a: Pick<AlertRow, 'area' | 'categories'>, lang: Language): string {
    const x = ALERT_TEXTS[lang];
    const area = a.area!;
    const where =
      area.kind === 'city'
        ? x.city
        : area.kind === 'district'
          ? fill(x.district, { name: localText(this.config.profile.districts.find((d) => d.id === area.district)?.name, lang) ?? area.district ?? '' })
          : fill(x.circle, { r: area.radiusM!, lat: area.lat!.toFixed(4), lng: area.lng!.toFixed(4) });
    const cats = a.categories?.length ? a.categories.map((c) => this.categoryName(c, lang)).join(', ') : x.allCategories;
    return `${where}; ${cats}`;
  }

  private siteVars() {
    return { site: this.config.profile.name, contact: this.config.profile.contactEmail };
  }

  private appLink(params: Record<string, string>): string {
    const url = new URL(this.config.appUrl);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    return url.toString();
  }
}
