import Joi from 'joi';
import type { FieldCode } from './errors.js';
import { NO_CONTROL_CHARS } from './control-chars.js';
import { ZERO_WIDTH } from './email-address.js';

/** Messages for our `field.<code>` errors; the code itself is what clients read. */
const fieldMessages: Record<string, string> = {
  'field.invalid': '{{#label}} is not valid',
  'field.too_short': '{{#label}} is too short',
  'field.too_long': '{{#label}} is too long',
  'field.breached': '{{#label}} is too common or easy to guess',
  'field.invalid_checksum': '{{#label}} has an invalid checksum',
  'field.taken': '{{#label}} is already in use',
};

/** A Joi rule that returns a contract field code (or a new value) from a plain function. */
export function rule<T>(base: Joi.Schema, check: (value: T, siblings: Record<string, unknown>) => FieldCode | { value: unknown } | undefined) {
  return base
    .custom((value: T, helpers) => {
      const result = check(value, (helpers.state.ancestors[0] ?? {}) as Record<string, unknown>);
      if (result === undefined) return value;
      if (typeof result === 'object') return result.value;
      return helpers.error(`field.${result}`);
    })
    .messages(fieldMessages);
}

/** No control characters (CR/LF in a name must never reach an email header). */
export const text = (max: number) => Joi.string().trim().max(max).pattern(NO_CONTROL_CHARS);

/** An address in its one canonical form (lib/email-address.ts): full-width and zero-width variants are the same address. */
export const email = () => Joi.string().normalize('NFKC').replace(ZERO_WIDTH, '').trim().lowercase().email({ tlds: false }).max(254);
export const locale = () => Joi.string().valid('pl', 'en', 'de', 'uk');
export const token = () =>
  Joi.string()
    .trim()
    .max(200)
    .pattern(/^[A-Za-z0-9_-]+$/);
export const objectId = () => Joi.string().hex().length(24);
