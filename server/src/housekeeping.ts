type Log = (tags: string[], data: unknown) => void;

/** A periodic, idempotent piece of upkeep (sweeps, purges, catch-ups); every node runs every job. */
export interface HousekeepingJob {
  /** Short and stable: it names the job in logs. */
  name: string;
  everyMs: number;
  /** When the first run comes after start; `everyMs` when left out, 0 for at once. */
  firstAfterMs?: number;
  run(): Promise<unknown>;
}

/** What a domain needs to put its upkeep on the server's one schedule. */
export interface JobRegistry {
  register(job: HousekeepingJob): void;
}

interface Scheduled extends HousekeepingJob {
  nextAt: number;
  running?: Promise<void>;
}

/**
 * One timer for every job of the process: a job runs when due and never overlaps itself (a slow run
 * delays its next one), and a failure is logged under the job's name, without its message (a database
 * error can quote a document). Started after the database is ready, stopped (waiting for runs in
 * flight) before the connection closes: createServer's onPreStart and onPostStop.
 */
export class Housekeeping implements JobRegistry {
  private readonly jobs: Scheduled[] = [];
  private timer?: NodeJS.Timeout;
  private started = false;

  constructor(private readonly log: Log = () => {}) {}

  register(job: HousekeepingJob): void {
    if (this.jobs.some((j) => j.name === job.name)) throw new Error(`housekeeping job "${job.name}" is registered twice`);
    this.jobs.push({ ...job, nextAt: Date.now() + (job.firstAfterMs ?? job.everyMs) });
    if (this.started) this.schedule();
  }

  start(): void {
    const now = Date.now();
    for (const job of this.jobs) job.nextAt = now + (job.firstAfterMs ?? job.everyMs);
    this.started = true;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await Promise.all(this.jobs.map((j) => j.running));
  }

  private schedule(): void {
    clearTimeout(this.timer);
    const waiting = this.jobs.filter((j) => !j.running);
    if (!this.started || !waiting.length) return;
    const next = Math.min(...waiting.map((j) => j.nextAt));
    this.timer = setTimeout(() => this.tick(), Math.max(0, next - Date.now()));
    this.timer.unref();
  }

  private tick(): void {
    const now = Date.now();
    for (const job of this.jobs) {
      if (job.running || job.nextAt > now) continue;
      job.nextAt = now + job.everyMs;
      job.running = Promise.resolve()
        .then(() => job.run())
        .then(
          () => undefined,
          (err: unknown) => this.log(['housekeeping', 'warn'], { msg: 'housekeeping job failed', job: job.name, error: errorKind(err) }),
        )
        .finally(() => {
          job.running = undefined;
          this.schedule();
        });
    }
    this.schedule();
  }
}

/** The error's class and code, never its message. */
function errorKind(err: unknown): string {
  const { name, code } = (err ?? {}) as { name?: string; code?: unknown };
  return [name ?? 'Error', code].filter((part) => part !== undefined).join(' ');
}
