import { randomInt } from 'node:crypto';
import Joi from 'joi';
import { rule } from '../../lib/validation.js';
import { hashToken } from '../../lib/tokens.js';

/**
 * Tracking codes: 12 characters of Crockford base32 (no I, L, O, U), shown as XXXX-XXXX-XXXX.
 * 60 random bits: with a million reports, guessing any one of them takes ~10^12 tries, yet the code
 * is short enough to read out over the phone. Case, spaces, dashes and the look-alikes O/0, I/L/1
 * are forgiven when a resident types it back.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 12;

export function newTrackingCode(): string {
  let raw = '';
  for (let i = 0; i < LENGTH; i++) raw += ALPHABET[randomInt(ALPHABET.length)];
  return format(raw);
}

const format = (raw: string) => raw.match(/.{4}/g)!.join('-');

/** The canonical form (XXXX-XXXX-XXXX), or undefined when it cannot be a code. */
export function normalizeTrackingCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (raw.length !== LENGTH || [...raw].some((c) => !ALPHABET.includes(c))) return undefined;
  return format(raw);
}

/** Joi rule: a tracking code in any forgiving spelling, converted to the canonical form. */
export const trackingCode = () =>
  rule<string>(Joi.string().trim().max(40), (value) => {
    const code = normalizeTrackingCode(value);
    return code ? { value: code } : 'invalid';
  });

/** True when `code` (as typed, in any forgiving spelling) is the report's tracking code: how an anonymous reporter proves who they are. */
export function holdsTrackingCode(report: { trackingHash: string }, code: string | undefined): boolean {
  const normal = code && normalizeTrackingCode(code);
  return !!normal && hashToken(normal) === report.trackingHash;
}
