/**
 * Residents' words in other people's emails (contract §4b): only as quoted plain text, never in a
 * subject, never as a link. A report title such as "Urgent: verify your account at evil.example"
 * must not read as the city speaking nor give a mail client a link to make.
 *
 * - Quotes are their own paragraphs: `> ` before every line in the text part, a <blockquote> of
 *   escaped text in the HTML part. The template says where (a paragraph that is exactly `>{name}`);
 *   the renderer fills subjects and ordinary paragraphs from other variables only, so a resident's
 *   words cannot reach a subject.
 * - Everything a mail client could turn into a link is broken: `https://` becomes `https[:]//`, the
 *   dots of host names become `[.]` (`evil[.]example`, `www[.]evil[.]example`, `a@b[.]example`).
 * - Bidirectional controls (which can reverse how a line reads) and other control characters go.
 */

/** The longest quote an email carries; the rest is on the report page. */
export const QUOTE_MAX = 1000;

const SCHEME = /\b([a-z][a-z0-9+.-]*):\/\//gi;
/** A host name: labels joined by dots ending in a label of letters (so "3.5 m" and "ul. Długa" stay as written). */
const HOST = /[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)*\.\p{L}{2,}(?![\p{L}\p{N}_-])/gu;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;

/** A resident's text made inert: no control characters, nothing a mail client links, at most QUOTE_MAX characters. */
export function inert(text: string): string {
  const clean = text.replace(/\r\n?/g, '\n').replace(CONTROLS, '').trim();
  const short = clean.length > QUOTE_MAX ? `${clean.slice(0, QUOTE_MAX)}…` : clean;
  return short.replace(SCHEME, '$1[:]//').replace(HOST, (host) => host.replace(/\./g, '[.]'));
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The text part of a quote: every line after "> ". */
export function quoteText(text: string): string {
  return inert(text)
    .split('\n')
    .map((line) => `> ${line}`.trimEnd())
    .join('\n');
}

/** The HTML part of a quote: escaped text in a blockquote, line breaks kept. */
export function quoteHtml(text: string): string {
  const lines = inert(text).split('\n').map(esc).join('<br>');
  return `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:4px solid #767676;color:#1a1a1a">${lines}</blockquote>`;
}
