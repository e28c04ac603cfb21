import type { Concurrency, SequenceSpec } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import { strangerMail } from '../../mail/strangers.js';
import type { MunicipalityProfile } from '../../profile/schema.js';

/**
 * What the accounts domain limits, and how much. Every decision is made by the concurrency layer
 * (db/concurrency.ts), exact on any number of nodes; this file only names the namespaces.
 */

export interface BackoffPolicy {
  /** Failures allowed in a window before delays start. */
  free: number;
  /** Hard cap per window (ASVS 2.2.1: at most 100 failed attempts an hour on one account). */
  max: number;
  windowMs: number;
  maxDelayMs: number;
}

export const ACCOUNT_POLICY: BackoffPolicy = { free: 5, max: 100, windowMs: 3_600_000, maxDelayMs: 15 * 60_000 };
/** Per client: generous, because a city office or a mobile carrier puts many residents behind one address. */
export const CLIENT_POLICY: BackoffPolicy = { free: 30, max: 1000, windowMs: 3_600_000, maxDelayMs: 15 * 60_000 };

function backoff(name: string, policy: BackoffPolicy): SequenceSpec {
  return {
    name,
    limit: policy.max,
    windowMs: policy.windowMs,
    // the n-th failure of the window waits 1 s, 2 s, 4 s … after the previous one once `free` are spent
    gate: (n, previousAt, now) =>
      n <= policy.free || !previousAt ? 0 : Math.max(0, previousAt.getTime() + Math.min(1000 * 2 ** (n - 1 - policy.free), policy.maxDelayMs) - now),
  };
}

function cooldown(name: string, ms: number): SequenceSpec {
  return {
    name,
    limit: 1000,
    windowMs: 3_600_000,
    acrossWindows: true,
    gate: (_n, previousAt, now) => (previousAt ? Math.max(0, previousAt.getTime() + ms - now) : 0),
  };
}

const HOUR = 3_600_000;
export const TOKEN_MEMORY_MS = 50 * 24 * HOUR;
/** One activation or reset email per account per minute: the endpoints cannot be used to flood a mailbox. */
export const MAIL_COOLDOWN_MS = 60_000;
export const SMS_RESEND_COOLDOWN_MS = 60_000;
export const SMS_MAX_TRIES = 5;
/** Dead or unknown reset links one client may look up in an hour (a live one costs nothing). */
export const RESET_LOOKUP_MISSES = 20;

export function accountLimits(cc: Concurrency, profile: MunicipalityProfile) {
  const l = profile.limits;
  return {
    /** One-time links (activation, reset, email change, registration): each spent once. */
    tokens: cc.once({ name: 'account-token', ttlMs: TOKEN_MEMORY_MS }),
    /** Refresh rotation: each refresh token is spent once; a second use is theft. */
    refreshRotation: cc.once({ name: 'refresh-rotation', ttlMs: 31 * 24 * HOUR }),
    /** Families revoked for reuse: a marker no concurrent rotation can miss. */
    revokedFamilies: cc.once({ name: 'revoked-family', ttlMs: 31 * 24 * HOUR }),
    loginAccount: cc.sequence(backoff('login-account', ACCOUNT_POLICY)),
    loginClient: cc.sequence(backoff('login-client', CLIENT_POLICY)),
    registrationsPerClient: cc.slots({ name: 'registrations-client', limit: l.registrationsPerClientPerHour, windowMs: HOUR }),
    /** Reset links a client looked up that were not live (the new-password form's username): bounds guessing. */
    resetLookups: cc.slots({ name: 'reset-lookup-client', limit: RESET_LOOKUP_MISSES, windowMs: HOUR }),
    /** Per account: activation / re-verification, reset, and the "already registered" notice each have their own slot. */
    mailCooldown: {
      activation: cc.sequence(cooldown('mail-activation', MAIL_COOLDOWN_MS)),
      reset: cc.sequence(cooldown('mail-reset', MAIL_COOLDOWN_MS)),
      notice: cc.sequence(cooldown('mail-notice', MAIL_COOLDOWN_MS)),
    },
    /** Every email a stranger can cause to be sent to an address: the one budget every domain shares (mail/strangers.ts). */
    strangerMail: strangerMail(cc, l),
    smsCooldown: cc.sequence(cooldown('sms-account', SMS_RESEND_COOLDOWN_MS)),
    smsPerNumber: cc.slots({ name: 'sms-number', limit: 5, windowMs: HOUR }),
    smsPerClient: cc.slots({ name: 'sms-client', limit: 10, windowMs: HOUR }),
    smsBudget: cc.slots({ name: 'sms-global', limit: profile.sms.hourlyBudget, windowMs: HOUR }),
    smsTries: cc.slots({ name: 'sms-tries', limit: SMS_MAX_TRIES, windowMs: 0, ttlMs: 24 * HOUR }),
    smsUsed: cc.once({ name: 'sms-used', ttlMs: 24 * HOUR }),
    /** PESEL conflicts answered per client: bounds what the "taken" answer can reveal. */
    peselChecks: cc.slots({ name: 'pesel-client', limit: l.peselChecksPerClientPerHour, windowMs: HOUR }),
    /** One PESEL change at a time per account: claim, fields and release are three writes that must not interleave. */
    peselWrites: cc.lease({ name: 'pesel-account', ttlMs: 30_000, waitMs: 10_000 }),
  };
}
export type AccountLimits = ReturnType<typeof accountLimits>;

/** 429 in the contract's shape when a slot was refused. */
export async function within(take: Promise<{ ok: true } | { ok: false; retryAfter: number }>, message: string): Promise<void> {
  const result = await take;
  if (!result.ok) throw fail('too_many_attempts', message, { retryAfter: result.retryAfter });
}
