import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { createReport } from './helpers/reports.js';

type Session = { accessToken: string; email: string; user: { id: string } };

describe('reports: the private conversation', () => {
  let ctx: TestContext;
  let reporter: Session, stranger: Session, roadsA: Session, roadsB: Session, lighting: Session, admin: Session;
  before(async () => {
    ctx = await startTestServer();
    [reporter, stranger] = await Promise.all([signedInResident(ctx), signedInResident(ctx)]);
    [roadsA, roadsB, lighting, admin] = await Promise.all([
      signedInStaff(ctx, 'staff', 'roads'),
      signedInStaff(ctx, 'staff', 'roads'),
      signedInStaff(ctx, 'staff', 'lighting'),
      signedInStaff(ctx, 'admin'),
    ]);
  });
  after(async () => ctx?.stop());

  const read = (id: string, token?: string, headers: Record<string, string> = {}) =>
    ctx.inject({ method: 'GET', url: `/api/v1/reports/${id}/messages`, token, headers });
  const write = (id: string, body: string, token?: string, headers: Record<string, string> = {}) =>
    ctx.inject({ method: 'POST', url: `/api/v1/reports/${id}/messages`, payload: { body }, token, headers });

  it('the reporter and the department’s staff talk; the reporter is emailed each staff message; nothing shows publicly', async () => {
    const report = await createReport(ctx, { title: 'Zapadnięty chodnik' }, reporter.accessToken);
    const q = await write(report.id, 'Czy mogę dosłać zdjęcie?\nMam lepsze.', reporter.accessToken);
    assert.equal(q.statusCode, 201);
    assert.equal(q.json.from, 'reporter');
    assert.equal(q.json.body, 'Czy mogę dosłać zdjęcie?\nMam lepsze.');
    const a = await write(report.id, 'Tak, proszę odpisać tutaj.', roadsA.accessToken);
    assert.equal(a.statusCode, 201);
    assert.equal(a.json.from, 'staff');
    assert.equal(a.json.department, 'roads');
    for (const token of [reporter.accessToken, roadsA.accessToken, roadsB.accessToken, admin.accessToken]) {
      const res = await read(report.id, token);
      assert.equal(res.statusCode, 200);
      assert.deepEqual(
        res.json.map((m: { from: string }) => m.from),
        ['reporter', 'staff'],
      );
      assert.ok(!JSON.stringify(res.json).includes(roadsA.user.id) && !JSON.stringify(res.json).includes(reporter.user.id), 'no account ids in messages');
    }
    const mail = await ctx.smtp.waitFor(reporter.email, (m) => m.text.includes('Tak, proszę odpisać tutaj.'));
    assert.match(mail.subject, /nowa wiadomość w sprawie zgłoszenia [0-9A-Z-]{14} \(Dziura w jezdni\)/);
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.ok(!view.payload.includes('odpisać'), 'the conversation is not public');
  });

  it('other residents, other departments and strangers are kept out', async () => {
    const report = await createReport(ctx, {}, reporter.accessToken);
    await write(report.id, 'Prywatne.', reporter.accessToken);
    for (const token of [stranger.accessToken, lighting.accessToken]) {
      assert.equal((await read(report.id, token)).json.code, 'forbidden');
      assert.equal((await write(report.id, 'wtrącam się', token)).statusCode, 403);
    }
    const anon = await read(report.id);
    assert.equal(anon.statusCode, 401);
    assert.equal(anon.json.code, 'unauthorized');
    assert.equal(await ctx.app.reports.models.Message.countDocuments({ reportId: report.id }), 1);
  });

  it('an anonymous reporter takes part with the tracking code in X-Tracking-Code; a wrong code is 403', async () => {
    const report = await createReport(ctx, { contactEmail: 'anon.msg@example.org' });
    const header = { 'x-tracking-code': report.trackingCode.toLowerCase() };
    const posted = await write(report.id, 'Dziura się powiększa.', undefined, header);
    assert.equal(posted.statusCode, 201);
    assert.equal(posted.json.from, 'reporter');
    await write(report.id, 'Dziękujemy, sprawdzimy.', roadsB.accessToken);
    const listed = await read(report.id, undefined, header);
    assert.deepEqual(
      listed.json.map((m: { body: string }) => m.body),
      ['Dziura się powiększa.', 'Dziękujemy, sprawdzimy.'],
    );
    const tracked = await ctx.inject({ method: 'GET', url: `/api/v1/reports/track/${report.trackingCode}` });
    assert.equal(tracked.json.messages.length, 2);
    await ctx.smtp.waitFor('anon.msg@example.org', (m) => m.text.includes('Dziękujemy, sprawdzimy.') && m.text.includes(`code=${report.trackingCode}`));
    const other = await createReport(ctx);
    const wrong = await read(report.id, undefined, { 'x-tracking-code': other.trackingCode });
    assert.equal(wrong.statusCode, 403);
    assert.equal(wrong.json.code, 'forbidden');
  });

  it('the resident’s message goes to the employee who answered, else to the whole department', async () => {
    const report = await createReport(ctx, { title: 'Do kogo?' }, reporter.accessToken);
    await write(report.id, 'Pierwsze pytanie.', reporter.accessToken);
    await ctx.smtp.waitFor(roadsA.email, (m) => m.text.includes('Pierwsze pytanie.'));
    await ctx.smtp.waitFor(roadsB.email, (m) => m.text.includes('Pierwsze pytanie.'));
    await write(report.id, 'Zajmę się tym.', roadsA.accessToken);
    const second = await write(report.id, 'Drugie pytanie.', reporter.accessToken);
    await ctx.smtp.waitFor(roadsA.email, (m) => m.text.includes('Drugie pytanie.'));
    const deadline = Date.now() + 5000;
    while ((await ctx.app.reports.models.Message.findById(second.json.id).lean())!.notifyPending && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const toB = await ctx.app.outbox.model.countDocuments({ to: roadsB.email, kind: 'report_message_staff', dedupeKey: { $regex: `^report:${report.id}:` } });
    assert.equal(toB, 1, 'only the first question went to the whole department');
  });

  it('refuses empty and oversized messages, and unknown reports', async () => {
    const report = await createReport(ctx, {}, reporter.accessToken);
    assert.equal((await write(report.id, '   ', reporter.accessToken)).json.fields.body, 'required');
    assert.equal((await write(report.id, 'x'.repeat(2001), reporter.accessToken)).json.fields.body, 'too_long');
    assert.equal((await write('aaaaaaaaaaaaaaaaaaaaaaaa', 'hej', reporter.accessToken)).statusCode, 404);
    assert.equal(await ctx.app.reports.models.Message.countDocuments({ reportId: report.id }), 0);
  });

  it('browsers on the municipal page may send X-Tracking-Code (CORS preflight)', async () => {
    const res = await ctx.inject({
      method: 'OPTIONS',
      url: '/api/v1/reports/aaaaaaaaaaaaaaaaaaaaaaaa/messages',
      headers: { origin: 'http://portal.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, x-tracking-code' },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['access-control-allow-origin'], 'http://portal.test');
    assert.match(String(res.headers['access-control-allow-headers']), /x-tracking-code/i);
  });
});
