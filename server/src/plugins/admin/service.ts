import { foldedExact } from '../../lib/diacritics.js';
import { Types, type Connection } from 'mongoose';
import type { Config } from '../../config.js';
import { isDuplicateKey } from '../../db/unique.js';
import { fail, invalid } from '../../lib/errors.js';
import { parseCsv } from '../../lib/csv.js';
import { email as emailSchema } from '../../lib/validation.js';
import { checkPesel } from '../../lib/pesel.js';
import { toProfile, type Role, type UserDoc } from '../accounts/model.js';
import { normalizeEmail, normalizePhone, type AccountsService } from '../accounts/service.js';
import { auditModel } from './model.js';
import { CONTROL_CHAR } from '../../lib/control-chars.js';
import type { Model } from 'mongoose';
import type { OutboxDoc } from '../../outbox/model.js';

export interface Actor {
  id?: string;
  email?: string;
}

export interface ImportResult {
  created: number;
  skipped: Array<{ line: number; email: string }>;
  errors: Array<{ line: number; fields: Record<string, string> }>;
}

const emailRule = emailSchema().required();

/** Administration of accounts (contract §6): search, view, block, roles, deletion with cascade, import; all audited. */
export class AdminService {
  readonly Audit;

  constructor(
    conn: Connection,
    private readonly accounts: AccountsService,
    private readonly config: Config,
  ) {
    this.Audit = auditModel(conn);
  }

  /** Runs `action` between an audit entry written first and completed after. */
  async audited<T>(
    actor: Actor,
    action: string,
    target: UserDoc | { id?: string; email?: string } | undefined,
    reason: string | undefined,
    details: Record<string, unknown> | undefined,
    fn: () => Promise<T>,
  ): Promise<T> {
    const targetId = target ? String((target as UserDoc)._id ?? (target as { id?: string }).id ?? '') || undefined : undefined;
    const entry = await this.Audit.create({ actorId: actor.id, actorEmail: actor.email, action, targetId, targetEmail: target?.email, reason, details });
    try {
      const result = await fn();
      await this.Audit.updateOne({ _id: entry._id }, { $set: { outcome: 'done' } });
      return result;
    } catch (err) {
      await this.Audit.updateOne({ _id: entry._id }, { $set: { outcome: 'failed', details: { ...(details ?? {}), error: (err as Error).message } } }).catch(
        () => {},
      );
      throw err;
    }
  }

  /** Exact-match search by email, phone, PESEL or name ("first", "last" or "first last"), for names case- and diacritic-insensitive. */
  async search(q: string | undefined, page: number, limit: number) {
    const { User } = this.accounts.models;
    let filter: Record<string, unknown> = {};
    const term = (q ?? '').trim();
    if (term) {
      const or: Record<string, unknown>[] = [{ email: normalizeEmail(term) }];
      const phone = /^[+\d][\d\s-]{5,}$/.test(term) ? normalizePhone(term) : undefined;
      if (phone) or.push({ phone });
      if (/^\d{11}$/.test(term)) {
        const userId = await this.accounts.pesel.findUserId(term);
        if (userId) or.push({ _id: userId });
      }
      const words = term.split(/\s+/).filter(Boolean);
      const exact = foldedExact;
      if (words.length === 1) or.push({ firstName: exact(words[0]!) }, { lastName: exact(words[0]!) });
      if (words.length === 2) or.push({ firstName: exact(words[0]!), lastName: exact(words[1]!) }, { firstName: exact(words[1]!), lastName: exact(words[0]!) });
      filter = { $or: or };
    }
    const [items, total] = await Promise.all([
      User.find(filter)
        .sort({ createdAt: -1 })
        .skip((page - 1) * limit)
        .limit(limit),
      User.countDocuments(filter),
    ]);
    return { items: items.map((u) => this.adminView(u)), total, page, limit };
  }

  private adminView(user: UserDoc) {
    const pesel = this.accounts.pesel.reveal(user);
    return {
      ...toProfile(user),
      source: user.source,
      blockedAt: user.blockedAt?.toISOString(),
      blockedReason: user.blockedReason ?? undefined,
      emailVerified: Boolean(user.emailVerifiedAt),
      // enough for a clerk to compare with an ID card; the full number is searchable, never listed
      peselMasked: pesel ? `${pesel.slice(0, 6)}*****` : undefined,
      updatedAt: (user as { updatedAt?: Date }).updatedAt?.toISOString(),
    };
  }

  async getUser(id: string): Promise<UserDoc> {
    const user = Types.ObjectId.isValid(id) ? await this.accounts.models.User.findById(id) : null;
    if (!user) throw fail('not_found', 'No such account');
    return user;
  }

  /** The account with everything it submitted (the same hooks that build the resident's own export). */
  async view(id: string) {
    const user = await this.getUser(id);
    const submitted: Record<string, unknown> = {};
    for (const hook of this.accounts.hooks.onExport) Object.assign(submitted, await hook(String(user._id)));
    const sessions = await this.accounts.models.RefreshToken.countDocuments({ userId: user._id, revokedAt: null, expiresAt: { $gt: new Date() } });
    return { ...this.adminView(user), activeSessions: sessions, ...submitted };
  }

  async update(actor: Actor, id: string, patch: { blocked?: boolean; reason?: string; role?: Role; department?: string | null }) {
    const user = await this.getUser(id);
    if (actor.id === String(user._id) && (patch.blocked || (patch.role && patch.role !== 'admin'))) {
      throw fail('conflict', 'Admins cannot block or demote themselves');
    }
    const role = patch.role ?? (user.role as Role);
    const department = patch.department === null ? undefined : (patch.department ?? user.department ?? undefined);
    if (role === 'staff' && !department) throw invalid({ department: 'required' });
    if (department && !this.config.profile.departments.some((d) => d.id === department)) throw invalid({ department: 'invalid' });
    if (patch.blocked === true && !patch.reason) throw invalid({ reason: 'required' }, 'Say why the account is blocked');

    if (patch.blocked !== undefined && patch.blocked !== Boolean(user.blockedAt)) {
      await this.audited(actor, patch.blocked ? 'user.block' : 'user.unblock', user, patch.reason, undefined, async () => {
        if (patch.blocked) {
          await this.accounts.models.User.updateOne(
            { _id: user._id },
            { $set: { blockedAt: new Date(), blockedReason: patch.reason }, $inc: { tokenVersion: 1, linkVersion: 1 } },
          );
          await this.accounts.sessions.revokeAll(user._id);
        } else {
          await this.accounts.models.User.updateOne({ _id: user._id }, { $unset: { blockedAt: 1, blockedReason: 1 } });
        }
      });
    }
    if (role !== user.role || department !== (user.department ?? undefined)) {
      await this.audited(
        actor,
        'user.role',
        user,
        patch.reason,
        { from: { role: user.role, department: user.department }, to: { role, department } },
        async () => {
          // a new role takes effect at once: older access tokens carry the old one
          await this.accounts.models.User.updateOne(
            { _id: user._id },
            { $set: { role, ...(department ? { department } : {}) }, ...(department ? {} : { $unset: { department: 1 } }), $inc: { tokenVersion: 1 } },
          );
        },
      );
    }
    return this.adminView((await this.accounts.models.User.findById(user._id))!);
  }

  /** Deletes the account; with cascade its reports, supports and messages go too (counts updated) and its PESEL is freed. */
  async remove(actor: Actor, id: string, cascade: boolean, reason: string): Promise<void> {
    const user = await this.getUser(id);
    if (actor.id === String(user._id)) throw fail('conflict', 'Admins cannot delete their own account here');
    await this.audited(actor, 'user.delete', user, reason, { cascade }, () =>
      this.accounts.erase(user, cascade ? 'delete' : this.config.profile.deletedAccountReports),
    );
  }

  async revokeSessions(actor: Actor, id: string, reason?: string): Promise<void> {
    const user = await this.getUser(id);
    await this.audited(actor, 'user.revoke_sessions', user, reason, undefined, async () => {
      await this.accounts.models.User.updateOne({ _id: user._id }, { $inc: { tokenVersion: 1 } });
      await this.accounts.sessions.revokeAll(user._id);
    });
  }

  async resendActivation(actor: Actor, id: string): Promise<void> {
    const user = await this.getUser(id);
    if (user.status !== 'pending_activation') throw fail('conflict', 'The account is already activated');
    await this.audited(actor, 'user.resend_activation', user, undefined, undefined, () =>
      this.accounts.mail.sendActivation(user, user.passwordHash ? 'activation' : 'reverification'),
    );
  }

  /** Dead letters and the queue's state, for the admin console (bodies stay sealed; addresses are shown). */
  async outbox(status: 'dead' | 'pending' | 'sending' | 'sent', page: number, limit: number) {
    const Outbox = this.outboxModel();
    const [items, total, counts] = await Promise.all([
      Outbox.find({ status })
        .sort({ updatedAt: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean(),
      Outbox.countDocuments({ status }),
      Promise.all((['pending', 'sending', 'sent', 'dead'] as const).map(async (s) => [s, await Outbox.countDocuments({ status: s })] as const)),
    ]);
    return {
      counts: Object.fromEntries(counts),
      items: items.map((m) => ({
        id: String(m._id),
        channel: m.channel,
        to: m.to,
        kind: m.kind,
        status: m.status,
        attempts: m.attempts,
        lastError: m.lastError,
        nextAttemptAt: m.nextAttemptAt?.toISOString(),
        updatedAt: (m as { updatedAt?: Date }).updatedAt?.toISOString(),
      })),
      total,
      page,
      limit,
    };
  }

  /** Puts a dead letter back in the queue (e.g. after the relay's outage is fixed). */
  async retryMessage(actor: Actor, id: string): Promise<void> {
    const Outbox = this.outboxModel();
    const message = Types.ObjectId.isValid(id) ? await Outbox.findById(id) : null;
    if (!message) throw fail('not_found', 'No such message');
    if (message.status !== 'dead') throw fail('conflict', 'Only dead letters can be retried');
    if (!message.sealed) throw fail('conflict', 'The message body is gone');
    await this.audited(actor, 'outbox.retry', { email: message.to }, undefined, { kind: message.kind, messageId: id }, async () => {
      // the attempt count is kept: the next attempt's claim key (count + 1) is new, and a failure dead-letters it again
      await Outbox.updateOne({ _id: message._id, status: 'dead' }, { $set: { status: 'pending', nextAttemptAt: new Date() }, $unset: { lastError: 1 } });
    });
  }

  private outboxModel() {
    return this.accounts.models.User.db.models.Outbox as Model<OutboxDoc>;
  }

  async audit(filter: { targetId?: string; action?: string }, page: number, limit: number) {
    const q: Record<string, unknown> = {};
    if (filter.targetId) q.targetId = filter.targetId;
    if (filter.action) q.action = filter.action;
    const [items, total] = await Promise.all([
      this.Audit.find(q)
        .sort({ at: -1, _id: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean(),
      this.Audit.countDocuments(q),
    ]);
    return {
      items: items.map((e) => ({
        id: String(e._id),
        at: e.at.toISOString(),
        actorId: e.actorId,
        actorEmail: e.actorEmail,
        action: e.action,
        targetId: e.targetId,
        targetEmail: e.targetEmail,
        reason: e.reason,
        details: e.details,
        outcome: e.outcome,
      })),
      total,
      page,
      limit,
    };
  }

  /**
   * Legacy accounts (the Kraków FAQ's "new system"): each valid row becomes a pending account with
   * no password and gets a re-verification email whose link sets a password and activates it. Rows
   * whose email exists are skipped (so a re-run is safe); bad rows are reported by line and create
   * nothing. Emails leave at the outbox's per-node rate (OUTBOX_RATE_PER_MINUTE).
   */
  async importUsers(actor: Actor, csv: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
    const { header, rows } = parseCsv(csv);
    const missing = ['email', 'firstName', 'lastName', 'phone'].filter((c) => !header.includes(c));
    if (missing.length) throw invalid(Object.fromEntries(missing.map((c) => [c, 'required'])), `The CSV lacks the column(s) ${missing.join(', ')}`);
    return this.audited(actor, 'users.import', undefined, undefined, { rows: rows.length }, async () => {
      const result: ImportResult = { created: 0, skipped: [], errors: [] };
      let done = 0;
      for (const { line, values } of rows) {
        const outcome = await this.importRow(values);
        if (outcome === 'created') result.created++;
        else if (outcome === 'exists') result.skipped.push({ line, email: normalizeEmail(values.email ?? '') });
        else result.errors.push({ line, fields: outcome });
        onProgress?.(++done, rows.length);
      }
      return result;
    });
  }

  private async importRow(values: Record<string, string>): Promise<'created' | 'exists' | Record<string, string>> {
    const { User } = this.accounts.models;
    const fields: Record<string, string> = {};
    // the rule POST /auth/register applies: a plain addr-spec, no display name, quotes, lists or control characters
    const checked = emailRule.validate(values.email ?? '');
    const email = normalizeEmail(checked.value ?? '');
    if (checked.error) fields.email = values.email ? 'invalid' : 'required';
    for (const name of ['firstName', 'lastName'] as const) {
      const v = values[name] ?? '';
      if (!v) fields[name] = 'required';
      else if (v.length > 100 || CONTROL_CHAR.test(v)) fields[name] = 'invalid';
    }
    const phone = values.phone ? normalizePhone(values.phone) : undefined;
    if (!phone) fields.phone = values.phone ? 'invalid' : 'required';
    const district = values.district || undefined;
    if (district && !this.config.profile.districts.some((d) => d.id === district)) fields.district = 'invalid';
    const pesel = values.pesel || undefined;
    if (pesel) {
      const code = checkPesel(pesel);
      if (code) fields.pesel = code;
    }
    if (values.locale && !['pl', 'en', 'de'].includes(values.locale)) fields.locale = 'invalid';
    if (Object.keys(fields).length) return fields;
    if (await User.exists({ email })) return 'exists';

    const userId = new Types.ObjectId();
    if (pesel && !(await this.accounts.pesel.claim(pesel, userId))) return { pesel: 'taken' };
    try {
      const user = await User.create({
        _id: userId,
        email,
        firstName: values.firstName,
        lastName: values.lastName,
        phone,
        district,
        locale: values.locale || this.config.profile.defaultLanguage,
        ...(pesel ? this.accounts.pesel.fields(pesel) : {}),
        status: 'pending_activation',
        source: 'import',
        pendingMail: 'reverification',
      });
      await this.accounts.mail.sendActivation(user, 'reverification');
      return 'created';
    } catch (err) {
      if (pesel) await this.accounts.pesel.release(userId);
      if (isDuplicateKey(err)) return 'exists';
      throw err;
    }
  }
}
