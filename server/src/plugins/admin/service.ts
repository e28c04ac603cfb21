import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import { fail, invalid } from '../../lib/errors.js';
import { parseCsv } from '../../lib/csv.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { OutboxStatus } from '../../outbox/model.js';
import { normalizeEmail, type AccountsService, type Role, type UserDoc } from '../accounts/index.js';
import { auditModel } from './model.js';

export interface Actor {
  id?: string;
  email?: string;
}

export interface ImportResult {
  created: number;
  skipped: Array<{ line: number; email: string }>;
  errors: Array<{ line: number; fields: Record<string, string> }>;
}

/** Administration of accounts (contract §6): search, view, block, roles, deletion with cascade, import; all audited. */
export class AdminService {
  readonly Audit;

  constructor(
    conn: Connection,
    private readonly accounts: AccountsService,
    private readonly config: Config,
    private readonly outboxQueue: Pick<Outbox, 'list' | 'find' | 'retryDead'>,
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
    // the log names who acted: callers outside this domain (moderation, API keys) know only the id
    const actorEmail = actor.email ?? (actor.id ? (await this.accounts.directory.find(actor.id).catch(() => null))?.email : undefined);
    const entry = await this.Audit.create({ actorId: actor.id, actorEmail, action, targetId, targetEmail: target?.email, reason, details });
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

  search(q: string | undefined, page: number, limit: number) {
    return this.accounts.administration.search(q, page, limit);
  }

  getUser(id: string): Promise<UserDoc> {
    return this.accounts.administration.find(id);
  }

  /** The account with everything it submitted (the same hooks that build the resident's own export). */
  async view(id: string) {
    const user = await this.getUser(id);
    const submitted: Record<string, unknown> = {};
    for (const hook of this.accounts.hooks.onExport) Object.assign(submitted, await hook(String(user._id)));
    const sessions = await this.accounts.administration.activeSessions(user);
    return { ...this.accounts.administration.view(user), activeSessions: sessions, ...submitted };
  }

  async update(actor: Actor, id: string, patch: { blocked?: boolean; reason?: string; role?: Role; department?: string | null }) {
    const user = await this.getUser(id);
    if (actor.id === String(user._id) && (patch.blocked || (patch.role && patch.role !== 'admin'))) {
      throw fail('conflict', 'Admins cannot block or demote themselves');
    }
    const role = patch.role ?? (user.role as Role);
    const department = patch.department === null ? undefined : (patch.department ?? user.department ?? undefined);
    const accounts = this.accounts.administration;
    const problem = accounts.departmentProblem(role, department);
    if (problem) throw invalid({ department: problem });
    if (patch.blocked === true && !patch.reason) throw invalid({ reason: 'required' }, 'Say why the account is blocked');
    if (patch.blocked !== undefined && patch.blocked !== Boolean(user.blockedAt)) {
      await this.audited(actor, patch.blocked ? 'user.block' : 'user.unblock', user, patch.reason, undefined, () =>
        patch.blocked ? accounts.block(user, patch.reason) : accounts.unblock(user),
      );
    }
    if (role !== user.role || department !== (user.department ?? undefined)) {
      const details = { from: { role: user.role, department: user.department }, to: { role, department } };
      await this.audited(actor, 'user.role', user, patch.reason, details, () => accounts.setRole(user, role, department));
    }
    return accounts.reload(user);
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
    await this.audited(actor, 'user.revoke_sessions', user, reason, undefined, () => this.accounts.administration.revokeSessions(user));
  }

  async resendActivation(actor: Actor, id: string): Promise<void> {
    const user = await this.getUser(id);
    if (user.status !== 'pending_activation') throw fail('conflict', 'The account is already activated');
    await this.audited(actor, 'user.resend_activation', user, undefined, undefined, () => this.accounts.administration.resendActivation(user));
  }

  /** Dead letters and the queue's state, for the admin console (bodies stay sealed; addresses are shown). */
  async outbox(status: OutboxStatus, page: number, limit: number) {
    return { ...(await this.outboxQueue.list(status, page, limit)), page, limit };
  }

  /** Puts a dead letter back in the queue (e.g. after the relay's outage is fixed). */
  async retryMessage(actor: Actor, id: string): Promise<void> {
    const message = await this.outboxQueue.find(id);
    if (!message) throw fail('not_found', 'No such message');
    if (message.status !== 'dead') throw fail('conflict', 'Only dead letters can be retried');
    if (!message.hasBody) throw fail('conflict', 'The message body is gone');
    await this.audited(actor, 'outbox.retry', { email: message.to }, undefined, { kind: message.kind, messageId: id }, () => this.outboxQueue.retryDead(id));
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
        const outcome = await this.accounts.administration.importAccount(values);
        if (outcome === 'created') result.created++;
        else if (outcome === 'exists') result.skipped.push({ line, email: normalizeEmail(values.email ?? '') });
        else result.errors.push({ line, fields: outcome });
        onProgress?.(++done, rows.length);
      }
      return result;
    });
  }
}
