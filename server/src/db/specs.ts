/** What a domain asks of the concurrency layer (concurrency.ts): a namespace with its limit and expiry. */

/** Spend-once: true for exactly one caller per key while the namespace remembers it (`ttlMs`). */
export interface OnceSpec {
  name: string;
  /** How long a spent key is remembered; it must outlive whatever it guards (a token's lifetime). */
  ttlMs: number;
}

/**
 * At most `limit` per fixed window of `windowMs` (windows are aligned to the epoch), exact under any
 * concurrency. `windowMs: 0` is one window for the key's whole life, remembered for `ttlMs`
 * (e.g. five tries per SMS code).
 */
export interface SlotSpec {
  name: string;
  limit: number;
  windowMs: number;
  ttlMs?: number;
}

/**
 * A sequence of slots in a window where slot n may also have to wait after slot n-1 (exponential
 * back-off for sign-in failures, a cooldown between two sends). `gate(n, previousAt)` answers the
 * milliseconds still to wait (0: go); for slot 1, `previousAt` is the last slot of the previous window,
 * so a cooldown holds across a window boundary.
 */
export interface SequenceSpec extends SlotSpec {
  gate: (n: number, previousAt: Date | undefined, now: number) => number;
  /** Slot 1 also waits for the previous window's last slot (cooldowns); sign-in back-off starts afresh. */
  acrossWindows?: boolean;
}

/** A lock held across API nodes; an abandoned lease (crashed holder) frees itself after `ttlMs`. */
export interface LeaseSpec {
  name: string;
  ttlMs: number;
  /** How long a caller waits for the lease before giving up with LeaseBusyError. */
  waitMs: number;
}

export type SlotResult = { ok: true; n: number } | { ok: false; retryAfter: number };

export class LeaseBusyError extends Error {
  constructor(readonly name_: string) {
    super(`lease ${name_} is busy`);
    this.name = 'LeaseBusyError';
  }
}
