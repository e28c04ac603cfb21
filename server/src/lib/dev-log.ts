/**
 * The development console's log: one short line per request or event ("14:02:11 GET
 * /api/v1/reports 200 (12ms)") instead of pino's JSON, which a webmaster trying `npm start` cannot
 * read. Production keeps JSON lines for log collectors.
 */

const LEVELS: Record<number, string> = { 40: 'warning: ', 50: 'error: ', 60: 'fatal: ' };

interface Entry {
  time?: number;
  level?: number;
  msg?: string;
  tags?: string[];
  data?: unknown;
  err?: { message?: string };
}

/** One pino JSON line as a short human line (anything that is not JSON passes through). */
export function shortLine(json: string): string {
  let e: Entry;
  try {
    e = JSON.parse(json) as Entry;
  } catch {
    return json;
  }
  const time = new Date(e.time ?? Date.now()).toTimeString().slice(0, 8);
  const tags = e.tags?.length ? `[${e.tags.join(', ')}] ` : '';
  const data = e.data === undefined ? '' : typeof e.data === 'string' ? e.data : JSON.stringify(e.data);
  const text = [e.msg, data, e.err?.message && e.err.message !== e.msg ? e.err.message : ''].filter(Boolean).join(' ');
  return `${time} ${LEVELS[e.level ?? 30] ?? ''}${tags}${text}\n`;
}

/** A pino destination writing short lines to `out` (process.stdout by default). */
export function shortLines(out: { write(s: string): unknown } = process.stdout): { write(s: string): void } {
  return { write: (s: string) => void out.write(shortLine(s)) };
}
