import { isIPv4, isIPv6 } from 'node:net';

/** Zero-width characters a mailbox provider ignores but a string comparison does not (U+200B..U+200D, U+2060, U+FEFF). */
export const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/g;

/**
 * The one form an address is compared (and stored) in (contract §4b): Unicode NFKC (full-width
 * letters and `＠` become ASCII), zero-width characters removed, lower case. Without it
 * `Victim@…`, `vic\u200Btim@…` and `ｖictim@…` would each get their own email budget.
 */
export function canonicalEmail(address: string): string {
  return address.normalize('NFKC').replace(ZERO_WIDTH, '').trim().toLowerCase();
}

/**
 * The client network a limit counts: an IPv4 address as it is (also when written IPv4-mapped,
 * `::ffff:a.b.c.d`), an IPv6 address by its /64, which one household or phone is usually given
 * whole (so hopping through its 2^64 addresses does not give a new budget each time).
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => parseInt(g, 16).toString(16))
    .join(':')}::/64`;
}
