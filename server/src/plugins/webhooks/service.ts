import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import type { Config } from '../../config.js';
import { onDuplicate } from '../../db/unique.js';
import { fail } from '../../lib/errors.js';
import type { OutboundMessage, Outbox, Transport } from '../../outbox/outbox.js';
import type { WebhookEntry, WebhookEvent } from '../../profile/city-op.js';
import type { DeliveryDoc } from './model.js';
import { signatureHeaders } from './signing.js';

/** How a webhook names the account (or report) an event is about; null: this webhook hears nothing of it. */
export type EventData = (hook: WebhookEntry) => Promise<Record<string, unknown> | null> | Record<string, unknown> | null;

const HOOK_HEADER = 'x-civickit-webhook';
const TIMEOUT_MS = 15_000;

/**
 * Webhooks (API.md §8): each event becomes one outbox message per subscribed webhook, so delivery
 * is the outbox's (at least once, surviving restarts, one sender per attempt on every node) with the
 * Standard Webhooks retry schedule; this service signs each attempt afresh and keeps its outcome.
 */
export class WebhooksService implements Transport {
  constructor(
    private readonly deliveries: Model<DeliveryDoc>,
    private readonly outbox: Outbox,
    private readonly config: Config,
  ) {}

  /**
   * Queues `type` to every webhook that subscribes to it. `occurrence` names this happening of the
   * event (e.g. the account id for its deletion): emitting it again (a retried request) queues nothing new.
   */
  async emit(type: WebhookEvent, occurrence: string, data: EventData): Promise<void> {
    for (const hook of this.config.profile.webhooks.filter((h) => h.events.includes(type))) {
      const payload = await data(hook);
      if (!payload) continue;
      const id = `msg_${createHash('sha256').update(`${hook.id}:${type}:${occurrence}`).digest('base64url').slice(0, 27)}`;
      const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data: payload });
      // the outbox message carries everything the delivery needs, so a crash after it loses nothing
      await this.outbox.enqueue({
        channel: 'webhook',
        to: hook.url,
        kind: `webhook:${type}`,
        text: body,
        headers: { 'webhook-id': id, [HOOK_HEADER]: hook.id },
        dedupeKey: `webhook:${id}`,
      });
      await this.record(id, hook.id, type, body, `webhook:${id}`);
    }
  }

  /** Creates the delivery on first sight (from emit or the first attempt, whichever comes first) and applies `change`. */
  private async record(
    id: string,
    webhook: string,
    type: string,
    body: string,
    outboxKey: string,
    change: { push?: Record<string, unknown>; delivered?: boolean } = {},
  ) {
    const onInsert: Record<string, unknown> = { webhook, type, body, outboxKey, createdAt: new Date() };
    // an upsert may not name one field in two operators
    if (!change.push) onInsert.attempts = [];
    if (change.delivered === undefined) onInsert.delivered = false;
    const write = () =>
      this.deliveries.updateOne(
        { _id: id },
        {
          $setOnInsert: onInsert,
          ...(change.push ? { $push: { attempts: change.push } } : {}),
          ...(change.delivered !== undefined ? { $set: { delivered: change.delivered } } : {}),
        },
        { upsert: true },
      );
    // emit's record and the first attempt's can race to create it: the loser's write then finds it there
    await onDuplicate(write, write);
  }

  /** The outbox's transport for the `webhook` channel: one signed POST per attempt; anything but 2xx is a failure to retry. */
  async send(message: OutboundMessage): Promise<void> {
    const id = message.headers?.['webhook-id'] ?? message.id;
    const hookId = message.headers?.[HOOK_HEADER] ?? '';
    const key = this.config.cityOp.webhookKeys[hookId];
    if (!key) throw new Error(`webhook ${hookId} is no longer in the profile`);
    const type = JSON.parse(message.text).type as string;
    let status: number | undefined;
    try {
      const res = await fetch(message.to, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { 'content-type': 'application/json', 'user-agent': 'CivicKit-Webhooks/1', ...signatureHeaders(key, id, message.text) },
        body: message.text,
      });
      status = res.status;
      await res.body?.cancel();
    } catch (err) {
      const error = (err as Error).name === 'TimeoutError' ? 'timeout' : 'connection failed';
      await this.record(id, hookId, type, message.text, `webhook:${id}`, { push: { at: new Date(), error } });
      throw new Error(error);
    }
    const ok = status >= 200 && status < 300;
    await this.record(id, hookId, type, message.text, `webhook:${id}`, {
      push: { at: new Date(), httpStatus: status },
      ...(ok ? { delivered: true } : {}),
    });
    if (!ok) throw new Error(`HTTP ${status}`);
  }

  /** GET /admin/webhooks/deliveries: one entry per message, newest first. */
  async list(page: number, limit: number) {
    const rows = await this.deliveries
      .find()
      .sort({ createdAt: -1 })
      .skip((page - 1) * limit)
      .limit(limit + 1)
      .lean();
    const queued = await this.outbox.model.find({ dedupeKey: { $in: rows.map((r) => r.outboxKey) } }, { dedupeKey: 1, status: 1, nextAttemptAt: 1 }).lean();
    const byKey = new Map(queued.map((q) => [q.dedupeKey, q]));
    const items = rows.slice(0, limit).map((row) => {
      const carrier = byKey.get(row.outboxKey);
      const status = row.delivered ? 'delivered' : carrier?.status === 'dead' ? 'failed' : 'pending';
      return {
        id: row._id,
        webhook: row.webhook,
        type: row.type,
        status,
        attempts: (row.attempts ?? []).map((a) => ({
          at: a.at.toISOString(),
          ...(a.httpStatus ? { httpStatus: a.httpStatus } : {}),
          ...(a.error ? { error: a.error } : {}),
        })),
        ...(status === 'pending' && carrier?.nextAttemptAt ? { nextAttemptAt: carrier.nextAttemptAt.toISOString() } : {}),
        createdAt: row.createdAt.toISOString(),
      };
    });
    return { items, page, limit, hasMore: rows.length > limit };
  }

  /** An admin's resend: the same webhook-id and body in a new outbox message (refused while one is still on its way). */
  async resend(id: string): Promise<void> {
    const row = await this.deliveries.findById(id).lean();
    const hook = row && this.config.profile.webhooks.find((h) => h.id === row.webhook);
    if (!row || !hook) throw fail('not_found', 'No such delivery');
    const carrier = await this.outbox.model.findOne({ dedupeKey: row.outboxKey }, { status: 1 }).lean();
    if (!row.delivered && carrier && carrier.status !== 'dead') throw fail('conflict', 'This delivery is still being attempted');
    const outboxKey = `webhook:${id}:resend:${row.attempts.length}`;
    await this.outbox.enqueue({
      channel: 'webhook',
      to: hook.url,
      kind: `webhook:${row.type}`,
      text: row.body,
      headers: { 'webhook-id': id, [HOOK_HEADER]: hook.id },
      dedupeKey: outboxKey,
    });
    await this.deliveries.updateOne({ _id: id }, { $set: { outboxKey, delivered: false } });
  }
}
