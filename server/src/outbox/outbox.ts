import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { Types, type Connection } from 'mongoose';
import { concurrencyFor, type SpendOnce } from '../db/concurrency.js';
import { isDuplicateKey } from '../db/unique.js';
import { sealer } from '../lib/tokens.js';
import { OUTBOX_STATUSES, outboxModel, type OutboxChannel, type OutboxStatus } from './model.js';

export interface MessageContent {
  subject?: string;
  text: string;
  html?: string;
  /** Extra email headers (e.g. List-Unsubscribe for alerts, RFC 8058). */
  headers?: Record<string, string>;
}

export interface OutboundMessage extends MessageContent {
  channel: OutboxChannel;
  to: string;
  /** Stable id, usable by the receiving side to drop a duplicate (we set it as the email Message-ID). */
  id: string;
}

export interface Transport {
  send(message: OutboundMessage): Promise<void>;
}

export interface OutboxOptions {
  pollIntervalMs: number;
  baseRetryMs: number;
  maxAttempts: number;
  leaseMs: number;
  ratePerMinute: number;
  concurrency?: number;
  /**
   * A channel's own retry schedule: the wait after each failed attempt (ms), dead after the last one
   * (webhooks: the Standard Webhooks schedule over a day and more). Other channels double baseRetryMs.
   */
  schedules?: Partial<Record<OutboxChannel, number[]>>;
}

export interface EnqueueInput extends MessageContent {
  channel: OutboxChannel;
  to: string;
  kind: string;
  dedupeKey?: string;
  /** Delay the first attempt (rate limiting bulk sends). */
  notBefore?: Date;
}

type Log = (tags: string[], data: unknown) => void;

/**
 * Transactional outbox. Delivery is at-least-once with a very small duplicate window: a message is
 * marked sent right after the relay accepts it, and only a crash inside that window (after the
 * relay's 250, before our update) sends it again; the email then carries the same Message-ID.
 */
export class Outbox {
  readonly model;
  private readonly seal;
  private readonly events = new EventEmitter();
  private readonly owner = randomUUID();
  private running = false;
  private timer?: NodeJS.Timeout;
  private inFlight = new Set<Promise<void>>();
  private sentTimes: number[] = [];
  private transports: Partial<Record<OutboxChannel, Transport>> = {};

  /** One send per message and attempt number, on every node. */
  private readonly attempts: SpendOnce;

  constructor(
    conn: Connection,
    secret: string,
    private readonly options: OutboxOptions,
    private readonly log: Log = () => {},
  ) {
    this.model = outboxModel(conn);
    this.attempts = concurrencyFor(conn).once({ name: 'outbox-attempt', ttlMs: 40 * 24 * 3_600_000 });
    this.seal = sealer(secret, 'outbox');
  }

  async enqueue(input: EnqueueInput): Promise<void> {
    const id = randomUUID();
    const content: MessageContent = { subject: input.subject, text: input.text, html: input.html, ...(input.headers ? { headers: input.headers } : {}) };
    try {
      await this.model.create({
        channel: input.channel,
        to: input.to,
        kind: input.kind,
        sealed: this.seal.seal(JSON.stringify(content)),
        dedupeKey: input.dedupeKey ?? `${input.kind}:${id}`,
        nextAttemptAt: input.notBefore ?? new Date(),
      });
    } catch (err) {
      if (isDuplicateKey(err)) return; // the same logical message is already queued
      throw err;
    }
    this.events.emit('queued');
  }

  start(transports: Partial<Record<OutboxChannel, Transport>>): void {
    this.transports = { ...this.transports, ...transports };
    if (this.running) return;
    this.running = true;
    this.events.on('queued', this.wake);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.events.off('queued', this.wake);
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  private wake = () => {
    if (this.running) this.schedule(0);
  };

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), ms);
    this.timer.unref?.();
  }

  /** Claims and sends until nothing is due, then sleeps one poll interval. */
  private async drain(): Promise<void> {
    const concurrency = this.options.concurrency ?? 4;
    try {
      while (this.running && this.inFlight.size < concurrency) {
        const waitMs = this.rateLimitWait();
        if (waitMs > 0) return this.schedule(waitMs);
        const claimed = await this.claim();
        if (!claimed) break;
        const p = this.deliver(claimed).finally(() => {
          this.inFlight.delete(p);
          if (this.running) this.schedule(0);
        });
        this.inFlight.add(p);
      }
    } catch (err) {
      this.log(['outbox', 'warn'], { msg: 'outbox poll failed', error: (err as Error).message });
    }
    if (this.running && this.inFlight.size === 0) this.schedule(this.options.pollIntervalMs);
  }

  private rateLimitWait(): number {
    const now = Date.now();
    this.sentTimes = this.sentTimes.filter((t) => now - t < 60_000);
    if (this.sentTimes.length < this.options.ratePerMinute) return 0;
    return 60_000 - (now - this.sentTimes[0]!) + 5;
  }

  /**
   * Finds a due message and claims its next attempt. The claim is a unique insert keyed by message
   * and attempt number, so exactly one worker (of any node) sends each attempt; see db/concurrency.ts.
   */
  private async claim() {
    const now = new Date();
    const due = await this.model
      .find({
        $or: [
          { status: 'pending', nextAttemptAt: { $lte: now } },
          // a worker that died mid-send: its lease ran out
          { status: 'sending', leaseUntil: { $lte: now } },
        ],
      })
      .sort({ nextAttemptAt: 1 })
      .limit(8);
    for (const doc of due) {
      const attempt = (doc.attempts ?? 0) + 1;
      if (!(await this.attempts.spend(`${String(doc._id)}:${attempt}`))) continue;
      doc.set({ status: 'sending', leaseOwner: this.owner, leaseUntil: new Date(Date.now() + this.options.leaseMs), attempts: attempt });
      await this.model.updateOne({ _id: doc._id }, { $set: { status: 'sending', leaseOwner: this.owner, leaseUntil: doc.leaseUntil, attempts: attempt } });
      return doc;
    }
    return null;
  }

  private async deliver(doc: NonNullable<Awaited<ReturnType<Outbox['claim']>>>): Promise<void> {
    const transport = this.transports[doc.channel];
    try {
      if (!transport) throw new Error(`no transport for ${doc.channel}`);
      const content = JSON.parse(this.seal.open(doc.sealed ?? '')) as MessageContent;
      this.sentTimes.push(Date.now());
      await transport.send({ ...content, channel: doc.channel, to: doc.to, id: String(doc._id) });
      await this.model.updateOne(
        { _id: doc._id, leaseOwner: this.owner, status: 'sending' },
        { $set: { status: 'sent', sentAt: new Date() }, $unset: { sealed: 1, leaseUntil: 1, leaseOwner: 1, lastError: 1 } },
      );
      this.log(['outbox', 'info'], { msg: 'message sent', id: String(doc._id), kind: doc.kind, channel: doc.channel, attempts: doc.attempts });
    } catch (err) {
      const attempts = doc.attempts ?? 1;
      const schedule = this.options.schedules?.[doc.channel];
      const dead = schedule ? attempts > schedule.length : attempts >= this.options.maxAttempts;
      const backoff = schedule ? (schedule[attempts - 1] ?? 0) : Math.min(this.options.baseRetryMs * 2 ** (attempts - 1), 3_600_000);
      const jitter = schedule ? 0 : Math.floor(Math.random() * Math.min(1000, backoff / 4));
      const error = String((err as Error).message ?? err).slice(0, 300);
      await this.model
        .updateOne(
          { _id: doc._id, leaseOwner: this.owner, status: 'sending' },
          {
            $set: { status: dead ? 'dead' : 'pending', lastError: error, nextAttemptAt: new Date(Date.now() + backoff + jitter) },
            $unset: { leaseUntil: 1, leaseOwner: 1 },
          },
        )
        .catch(() => {}); // database gone too: the lease runs out and another attempt follows
      this.log(['outbox', dead ? 'error' : 'warn'], {
        msg: dead ? 'message dead-lettered' : 'send failed, will retry',
        id: String(doc._id),
        kind: doc.kind,
        attempts,
        error,
      });
    }
  }

  /** The admin's view of the queue: one status, most recently changed first, and the count of every status. Bodies stay sealed. */
  async list(status: OutboxStatus, page: number, limit: number) {
    const [items, total, counts] = await Promise.all([
      this.model
        .find({ status })
        .sort({ updatedAt: -1 })
        .skip((page - 1) * limit)
        .limit(limit)
        .lean(),
      this.model.countDocuments({ status }),
      Promise.all(OUTBOX_STATUSES.map(async (s) => [s, await this.model.countDocuments({ status: s })] as const)),
    ]);
    return {
      counts: Object.fromEntries(counts) as Record<OutboxStatus, number>,
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
    };
  }

  /** Adds a channel's transport (a domain that sends on its own channel, e.g. webhooks), before or after start. */
  addTransport(channel: OutboxChannel, transport: Transport): void {
    this.transports[channel] = transport;
  }

  /** One message's envelope (never its body), or null. */
  async find(id: string): Promise<{ id: string; to: string; kind: string; status: OutboxStatus; hasBody: boolean } | null> {
    const m = Types.ObjectId.isValid(id) ? await this.model.findById(id, { to: 1, kind: 1, status: 1, sealed: 1 }).lean() : null;
    return m ? { id: String(m._id), to: m.to, kind: m.kind, status: m.status as OutboxStatus, hasBody: Boolean(m.sealed) } : null;
  }

  /** Puts a dead letter back in the queue (e.g. after the relay's outage is fixed); anything else is left alone. */
  async retryDead(id: string): Promise<void> {
    // the attempt count is kept: the next attempt's claim key (count + 1) is new, and a failure dead-letters it again
    await this.model.updateOne({ _id: id, status: 'dead' }, { $set: { status: 'pending', nextAttemptAt: new Date() }, $unset: { lastError: 1 } });
  }

  /** For tests and admin views: counts by status. */
  async stats(): Promise<Record<string, number>> {
    const rows = await this.model.aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }]);
    return Object.fromEntries(rows.map((r) => [r._id, r.n]));
  }
}
