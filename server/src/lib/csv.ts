/**
 * RFC 4180 CSV: quoted fields with "" escapes, commas and newlines inside quotes, CRLF or LF, a
 * header row, an optional UTF-8 BOM and `;` as the separator when the header uses it (Polish Excel).
 * Returns rows with their 1-based line numbers so problems can be reported where they are.
 */
export function parseCsv(text: string): { header: string[]; rows: Array<{ line: number; values: Record<string, string> }> } {
  const src = text.replace(/^\uFEFF/, '');
  const firstLine = src.split(/\r?\n/, 1)[0] ?? '';
  const sep = firstLine.split(';').length > firstLine.split(',').length ? ';' : ',';
  const records: Array<{ line: number; fields: string[] }> = [];
  let field = '';
  let fields: string[] = [];
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      line++;
      recordLine = line;
    } else field += c;
  }
  if (field !== '' || fields.length) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const header = (nonEmpty.shift()?.fields ?? []).map((h) => h.trim());
  return {
    header,
    rows: nonEmpty.map((r) => ({ line: r.line, values: Object.fromEntries(header.map((h, i) => [h, (r.fields[i] ?? '').trim()])) })),
  };
}

/** What a spreadsheet reads as the start of a formula (OWASP "CSV injection"). */
const FORMULA_START = /^[ \u00a0]*[=+\-@\t\r]/;
/**
 * The same after a separator or a quote inside the text: a spreadsheet that splits on another
 * separator than ours (or a user re-splitting a column) would start a new cell there.
 */
const FORMULA_INSIDE = /([,;\t"][ \u00a0]*)(?=[=+\-@\t\r])/g;

/** The separators the export offers: `;` for Polish and German spreadsheets, `,` for English, tab. */
export type CsvSeparator = ';' | ',' | '\t';

/**
 * One CSV cell, safe to open in a spreadsheet: always quoted, and every place a spreadsheet could
 * take for the start of a formula (=, +, -, @, a tab or a carriage return at the start, or right
 * after a separator or a quote inside the text) gets an apostrophe before it. Numbers stay numbers.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let s = value === null || value === undefined ? '' : String(value);
  s = s.replace(FORMULA_INSIDE, "$1'");
  if (FORMULA_START.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

/** Rows -> RFC 4180 text with CRLF line ends and a UTF-8 BOM (so spreadsheets read Polish letters right). */
export function toCsv(rows: Array<Array<string | number | boolean | null | undefined>>, separator: CsvSeparator = ','): string {
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(separator)).join('\r\n')}\r\n`;
}
