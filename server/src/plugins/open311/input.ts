import Joi from 'joi';
import { multilineText } from '../../lib/multiline.js';
import { email, text } from '../../lib/validation.js';
import type { Category } from '../../profile/schema.js';
import type { Open311Error } from './errors.js';
import { CONTROL_CHAR_IN_LINES } from '../../lib/control-chars.js';

/**
 * Reading GeoReport v2 input: W3C dates, the 90-day query window, and the POST form with its
 * attribute[CODE] answers. Problems are collected, not thrown one by one, so a client learns about
 * every wrong field in one answer (the spec's errors are an array).
 */

export const MAX_SPAN_DAYS = 90;
const DAY_MS = 86_400_000;

// the W3C note's profiles of ISO 8601: a complete date, or date and time with a time zone
const W3C = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** A W3C datetime (a bare date counts as midnight UTC); undefined when not one. */
export function w3cDate(raw: string): Date | undefined {
  // an unencoded "+02:00" in a query string arrives as " 02:00"
  const value = raw.trim().replace(/ (\d{2}:\d{2})$/, '+$1');
  const m = W3C.exec(value);
  if (!m) return undefined;
  const [, , mo, d, h, mi] = m;
  if (+mo! < 1 || +mo! > 12 || +d! < 1 || +d! > 31 || (h !== undefined && (+h > 23 || +mi! > 59))) return undefined;
  const date = new Date(h === undefined ? `${value}T00:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * start_date/end_date per the spec: "may not span more than 90 days"; when not given the range is
 * the most recent 90 days. One given bound extends 90 days towards the other.
 */
export function dateRange(start: string | undefined, end: string | undefined, now = new Date()): { start: Date; end: Date } | { errors: string[] } {
  const errors: string[] = [];
  const s = start === undefined ? undefined : w3cDate(start);
  const e = end === undefined ? undefined : w3cDate(end);
  if (start !== undefined && !s) errors.push('start_date must be a W3C datetime with a time zone, e.g. 2010-01-01T00:00:00Z');
  if (end !== undefined && !e) errors.push('end_date must be a W3C datetime with a time zone, e.g. 2010-01-01T00:00:00Z');
  if (errors.length) return { errors };
  const to = e ?? (s ? new Date(s.getTime() + MAX_SPAN_DAYS * DAY_MS) : now);
  const from = s ?? new Date(to.getTime() - MAX_SPAN_DAYS * DAY_MS);
  if (from > to) return { errors: ['start_date must not be after end_date'] };
  if (to.getTime() - from.getTime() > MAX_SPAN_DAYS * DAY_MS) return { errors: [`start_date and end_date may not span more than ${MAX_SPAN_DAYS} days`] };
  return { start: from, end: to };
}

/** "a,b , c" -> ['a', 'b', 'c'] */
export const commaList = (value: string | undefined): string[] | undefined => {
  const list = value
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list?.length ? list : undefined;
};

const postForm = Joi.object({
  service_code: Joi.string().trim().max(64).required(),
  lat: Joi.number().min(-90).max(90),
  long: Joi.number().min(-180).max(180),
  address_string: text(300),
  address_id: Joi.string().max(200),
  email: email(),
  first_name: text(100),
  last_name: text(100),
  phone: text(40),
  description: multilineText(4000),
  media_url: Joi.string()
    .trim()
    .uri({ scheme: ['http', 'https'] })
    .max(2000),
})
  .and('lat', 'long')
  .unknown(true) // api_key, jurisdiction_id, device_id, account_id, attribute[...] and extensions
  .prefs({ abortEarly: false, errors: { wrap: { label: false } } });

export interface ServiceRequestInput {
  service_code: string;
  lat?: number;
  long?: number;
  address_string?: string;
  email?: string;
  first_name?: string;
  last_name?: string;
  phone?: string;
  description?: string;
  media_url?: string;
  attributes: Record<string, Answer>;
}

export type Answer = string | number | string[];

/**
 * attribute[CODE]=v and attribute[CODE][]=v1&attribute[CODE][]=v2 -> CODE: [v] | [v1, v2], in a Map:
 * the codes are the client's strings, so `__proto__` or `constructor` must never reach an object key.
 */
function rawAttributes(form: Record<string, unknown>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [key, value] of Object.entries(form)) {
    const m = /^attribute\[([^\]]+)\](\[\])?$/.exec(key);
    if (!m) continue;
    const values = (Array.isArray(value) ? value : [value]).map((v) => String(v).trim()).filter(Boolean);
    const code = m[1]!;
    out.set(code, [...(out.get(code) ?? []), ...values]);
  }
  return out;
}

/** Checks the answers against the category's questions (the service definition's attributes); a code it does not ask is an error. */
function answers(category: Category, form: Record<string, unknown>, errors: string[]): Record<string, Answer> {
  const raw = rawAttributes(form);
  const questions = category.questions ?? [];
  for (const code of raw.keys()) {
    if (!questions.some((q) => q.code === code)) errors.push(`attribute[${code.slice(0, 100)}] is not an attribute of service_code ${category.id}`);
  }
  const out: Record<string, Answer> = {}; // keyed by the profile's codes only
  for (const q of questions) {
    const given = raw.get(q.code)?.length ? raw.get(q.code) : undefined;
    const name = `attribute[${q.code}]`;
    if (!given) {
      if (q.required) errors.push(`${name} is required for service_code ${category.id}`);
      continue;
    }
    const keys = (q.values ?? []).map((v) => v.key);
    if (q.datatype === 'multivaluelist') {
      const wrong = given.filter((v) => !keys.includes(v));
      if (wrong.length) errors.push(`${name} has values that are not among its keys: ${wrong.join(', ')}`);
      else out[q.code] = [...new Set(given)];
      continue;
    }
    if (given.length > 1) {
      errors.push(`${name} takes a single value`);
      continue;
    }
    const value = given[0]!;
    if (q.datatype === 'singlevaluelist' && !keys.includes(value)) errors.push(`${name} must be one of: ${keys.join(', ')}`);
    else if (q.datatype === 'number' && !Number.isFinite(Number(value))) errors.push(`${name} must be a number`);
    else if (q.datatype === 'datetime' && !w3cDate(value)) errors.push(`${name} must be a W3C datetime with a time zone`);
    else if (q.datatype === 'string' && (/[\r\n]/.test(value) || value.length > 500)) errors.push(`${name} must be one line of at most 500 characters`);
    else if (value.length > 4000 || CONTROL_CHAR_IN_LINES.test(value)) errors.push(`${name} is not valid text (at most 4,000 characters)`);
    else out[q.code] = q.datatype === 'number' ? Number(value) : q.datatype === 'datetime' ? w3cDate(value)!.toISOString() : value;
  }
  return out;
}

export type ParsedRequest = { value: ServiceRequestInput; errors?: undefined } | { errors: Open311Error[] };

/** The POST form -> a checked request, or every problem found (404 for a service_code that names no service, 400 for the rest). */
export function parseServiceRequest(form: Record<string, unknown>, categories: Category[]): ParsedRequest {
  // the spec's "optional" rule: an empty parameter is the same as an absent one
  const present = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '' && v !== undefined && v !== null));
  const { value, error } = postForm.validate(present);
  const errors = (error?.details ?? []).map((d) => d.message);
  const input = value as ServiceRequestInput;
  if (input.lat === undefined && !input.address_string && !errors.some((e) => /lat|long/.test(e))) {
    errors.push(
      present.address_id
        ? 'address_id is not supported by this server: send lat and long, or address_string'
        : 'A location is required: lat and long, or address_string',
    );
  }
  const category = categories.find((c) => c.id === input.service_code);
  const attributes = category ? answers(category, present, errors) : {};
  const problems = errors.map((description) => ({ code: 400, description }));
  if (input.service_code && !category) problems.unshift({ code: 404, description: `service_code ${input.service_code} was not found` });
  if (problems.length) return { errors: problems };
  return { value: { ...input, attributes } };
}
