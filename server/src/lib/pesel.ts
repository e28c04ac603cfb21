import type { FieldCode } from './errors.js';

const WEIGHTS = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
/** Month offsets encode the century: 1800s +80, 1900s +0, 2000s +20, 2100s +40, 2200s +60. */
const CENTURIES: Array<[number, number]> = [
  [80, 1800],
  [0, 1900],
  [20, 2000],
  [40, 2100],
  [60, 2200],
];

/** The birth date a PESEL encodes, or undefined when it is not a real calendar date. */
export function peselBirthDate(pesel: string): Date | undefined {
  const yy = Number(pesel.slice(0, 2));
  const mm = Number(pesel.slice(2, 4));
  const dd = Number(pesel.slice(4, 6));
  for (const [offset, century] of CENTURIES) {
    const month = mm - offset;
    if (month < 1 || month > 12) continue;
    const date = new Date(Date.UTC(century + yy, month - 1, dd));
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== dd) return undefined;
    return date;
  }
  return undefined;
}

/** Field code for a PESEL: 'invalid' (format or date) or 'invalid_checksum'; undefined when valid. */
export function checkPesel(pesel: string): FieldCode | undefined {
  if (!/^\d{11}$/.test(pesel)) return 'invalid';
  const digits = [...pesel].map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  if ((10 - (sum % 10)) % 10 !== digits[10]) return 'invalid_checksum';
  const born = peselBirthDate(pesel);
  if (!born || born.getTime() > Date.now()) return 'invalid';
  return undefined;
}
