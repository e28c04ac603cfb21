import { fail } from './errors.js';

export interface GateOptions {
  /** Jobs running at once. */
  slots: number;
  /** Sum of the running jobs' weights (e.g. decoded bytes); a job heavier than this runs alone. */
  budget: number;
  /** Jobs waiting for a slot; one more is refused with 503 service_unavailable and Retry-After. */
  maxWaiting: number;
  /** Named in the 503 message ("photo decoding", "password checks"). */
  what: string;
  /** Seconds a refused client is told to wait. */
  retryAfter?: number;
}

interface Waiter {
  weight: number;
  start: () => void;
}

/**
 * Admission for CPU- and memory-heavy work in this process: at most `slots` jobs and `budget` weight
 * at once, first come first served, a bounded queue behind them. Expensive work a stranger can
 * cause must wait its turn or be refused at once, never pile up until the node runs out of memory.
 */
export class Gate {
  private running = 0;
  private weight = 0;
  private readonly waiting: Waiter[] = [];

  constructor(private readonly options: GateOptions) {}

  async run<T>(weight: number, job: () => Promise<T>): Promise<T> {
    if (!this.fits(weight) || this.waiting.length) {
      if (this.waiting.length >= this.options.maxWaiting) {
        throw fail('service_unavailable', `The server is busy with ${this.options.what}; try again shortly`, { retryAfter: this.options.retryAfter ?? 5 });
      }
      await new Promise<void>((start) => this.waiting.push({ weight, start }));
    } else this.take(weight);
    try {
      return await job();
    } finally {
      this.running--;
      this.weight -= weight;
      this.admit();
    }
  }

  private fits(weight: number): boolean {
    return this.running < this.options.slots && (this.running === 0 || this.weight + weight <= this.options.budget);
  }

  private take(weight: number): void {
    this.running++;
    this.weight += weight;
  }

  /** Starts waiting jobs in order while the next one fits (first come first served: no overtaking). */
  private admit(): void {
    while (this.waiting.length && this.fits(this.waiting[0]!.weight)) {
      const next = this.waiting.shift()!;
      this.take(next.weight);
      next.start();
    }
  }
}
