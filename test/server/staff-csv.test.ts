import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { HERE, createReport } from './helpers/reports.js';

/**
 * Reads CSV text the way Excel and LibreOffice do when they open the file: a UTF-8 BOM is dropped,
 * fields are split on the separator, quotes delimit (a doubled quote is one), quoted newlines stay in the cell.
 */
function readAsSpreadsheet(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted && c === '"' && src[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"' && (quoted || cell === '')) quoted = !quoted;
    else if (quoted) cell += c;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && src[i + 1] === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/** What a spreadsheet would evaluate: a cell (or a piece of it re-split on any separator or quote) starting with = + - @, a tab or a CR. */
function formulaCells(rows: string[][]): string[] {
  const runs = (s: string) => /^[ \u00a0]*[=+\-@\t\r]/.test(s);
  return rows.flat().filter(
    (cell) =>
      runs(cell) ||
      cell
        .split(/[,;\t"]/)
        .slice(1)
        .some(runs),
  );
}

describe('staff CSV for a Polish office (contract §4b)', () => {
  let ctx: TestContext;
  let roads: { accessToken: string }, lighting: { accessToken: string };
  let reporter: { email: string; accessToken: string };
  before(async () => {
    ctx = await startTestServer();
    [roads, lighting] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'lighting')]);
    reporter = await signedInResident(ctx, { firstName: 'Zofia', lastName: 'Żółkiewska', phone: '+48600700800' });
  });
  after(async () => ctx?.stop());

  const csv = (query: string, token = roads.accessToken) => ctx.inject({ method: 'GET', url: `/api/v1/staff/reports.csv?${query}`, token });
  const setLocale = (token: string, locale: string) => ctx.inject({ method: 'PATCH', url: '/api/v1/me', token, payload: { locale } });

  it('opens in a Polish spreadsheet: BOM, `;`, Polish headers, tracking code, names not ids, Warsaw times, the reporter’s contact, no formula anywhere', async () => {
    const signedIn = await createReport(
      ctx,
      {
        title: '=HYPERLINK("http://evil.example","kliknij") CSVPL',
        description: 'Uwaga;=1+1 i "@SUM(A1)" oraz ,-2+3\tx, tab;\t=cmd',
        location: { ...HERE, address: ' +48 ul. Śląska 1' },
      },
      reporter.accessToken,
    );
    const anonymous = await createReport(ctx, { title: 'Anonimowe CSVPL', contactEmail: 'anonim@example.org' });
    const res = await csv('q=CSVPL&sort=age');
    assert.equal(res.statusCode, 200, res.payload);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.deepEqual([...res.rawPayload.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte-order mark');

    const rows = readAsSpreadsheet(res.rawPayload.toString('utf8'), ';');
    const [header, ...body] = rows;
    assert.deepEqual(header!.slice(0, 8), ['Kod zgłoszenia', 'Status', 'Kategoria', 'Wydział', 'Dzielnica', 'Tytuł', 'Opis', 'Adres']);
    assert.equal(body.length, 2);
    assert.ok(
      body.every((r) => r.length === header!.length),
      'every row has one cell per column',
    );
    const row = Object.fromEntries(header!.map((h, i) => [h, body[0]![i]!]));
    assert.equal(row['Kod zgłoszenia'], signedIn.trackingCode);
    assert.equal(row.Status, 'Nowe');
    assert.equal(row.Kategoria, 'Dziura w jezdni');
    assert.equal(row['Wydział'], 'Wydział Dróg');
    assert.equal(row.Dzielnica, 'Centrum');
    assert.equal(row['Zgłaszający'], 'Zofia Żółkiewska');
    assert.equal(row['E-mail zgłaszającego'], reporter.email);
    // a leading + is a formula to a spreadsheet (it would turn the number into 48600700800): the apostrophe keeps it text
    assert.equal(row['Telefon zgłaszającego'], "'+48600700800");
    assert.equal(row['Szerokość geograficzna'], '50,3265', 'decimal comma for a Polish spreadsheet');
    // created "now": the cell is the Warsaw wall-clock time (UTC+1 in winter, +2 in summer), not UTC
    const created = new Date(`${row.Utworzone!.replace(' ', 'T')}Z`);
    const offsetHours = Math.round((created.getTime() - Date.now()) / 3_600_000);
    const warsaw = new Date().toLocaleString('en-US', { timeZone: 'Europe/Warsaw', timeZoneName: 'short' }).match(/GMT\+(\d)/)?.[1];
    assert.equal(offsetHours, Number(warsaw), `created ${row.Utworzone} is Warsaw time`);
    assert.equal(body[1]![0], anonymous.trackingCode);
    assert.equal(body[1]![header!.indexOf('E-mail zgłaszającego')], 'anonim@example.org');

    assert.deepEqual(formulaCells(rows), [], 'no cell a spreadsheet would run');
    assert.match(row['Tytuł']!, /^'=HYPERLINK/, 'the text is kept, behind an apostrophe');
    assert.equal(row.Opis, `Uwaga;'=1+1 i "'@SUM(A1)" oraz ,'-2+3\tx, tab;'\t'=cmd`);
    // the same file opened with the "wrong" separator still runs nothing
    assert.deepEqual(formulaCells(readAsSpreadsheet(res.payload, ',')), []);
    assert.deepEqual(formulaCells(readAsSpreadsheet(res.payload, '\t')), []);

    // another department's staff do not get these rows
    const other = readAsSpreadsheet((await csv('q=CSVPL', lighting.accessToken)).payload, ';');
    assert.equal(other.length, 1, 'header only');
  });

  it('follows the staff member’s account language (en: `,` and English headers, de: `;`) and ?sep= overrides it', async () => {
    await createReport(ctx, { title: 'Separator CSVSEP', location: { ...HERE, address: 'ul. Długa 5, Siemianowice' } });
    assert.equal((await setLocale(roads.accessToken, 'en')).statusCode, 200);
    const en = await csv('q=CSVSEP');
    const enRows = readAsSpreadsheet(en.payload, ',');
    assert.deepEqual(enRows[0]!.slice(0, 5), ['Tracking code', 'Status', 'Category', 'Department', 'District']);
    const enRow = Object.fromEntries(enRows[0]!.map((h, i) => [h, enRows[1]![i]]));
    assert.equal(enRow.Category, 'Pothole');
    assert.equal(enRow.Department, 'Roads Department');
    assert.equal(enRow.Address, 'ul. Długa 5, Siemianowice', 'a comma inside a quoted cell stays in the cell');
    assert.equal(enRow.Latitude, '50.3265');

    assert.equal((await setLocale(roads.accessToken, 'de')).statusCode, 200);
    const deRows = readAsSpreadsheet((await csv('q=CSVSEP')).payload, ';');
    assert.deepEqual(deRows[0]!.slice(0, 3), ['Vorgangscode', 'Status', 'Kategorie']);
    assert.equal(deRows[1]![2], 'Schlagloch');

    const tab = readAsSpreadsheet((await csv('q=CSVSEP&sep=tab')).payload, '\t');
    assert.equal(tab[0]![0], 'Vorgangscode');
    assert.equal(tab[1]![2], 'Schlagloch');
    const comma = readAsSpreadsheet((await csv('q=CSVSEP&sep=,&lang=pl')).payload, ',');
    assert.equal(comma[0]![0], 'Kod zgłoszenia', 'lang= still chooses the headers');
    assert.equal(comma[1]![2], 'Dziura w jezdni');
    const bad = await csv('q=CSVSEP&sep=|');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json.fields.sep, 'invalid');
    await setLocale(roads.accessToken, 'pl');
  });
});
