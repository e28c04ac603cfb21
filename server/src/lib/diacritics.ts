/**
 * Names typed without Polish (or German) letters still find them: "wisniewski" finds "Wiśniewski",
 * "Wiśniewski" finds "Wisniewski". Each letter becomes a class of its variants in a case-insensitive
 * regular expression (plain regexes, which MongoDB and FerretDB both run; no collations there).
 */
const GROUPS = ['aąä', 'cć', 'eę', 'lł', 'nń', 'oóö', 'sśß', 'zźż', 'uü'];
const CLASS = new Map<string, string>();
for (const g of GROUPS) for (const ch of g) CLASS.set(ch, `[${g}${g.toUpperCase()}]`);

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** An anchored, case-insensitive pattern matching `word` whatever its diacritics. */
export function foldedExact(word: string): RegExp {
  const body = [...word].map((ch) => CLASS.get(ch.toLowerCase()) ?? escapeRegex(ch)).join('');
  return new RegExp(`^${body}$`, 'i');
}
