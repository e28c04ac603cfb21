import assert from 'node:assert/strict';
import { startTestServer, signedInResident, signedInStaff, type TestContext } from '../support/app.js';
import { demoProfile } from '../../server/src/profile/demo.js';
import { createReport } from './helpers/reports.js';

/** A resident with a report, a conversation on it, and a support on someone else's report. */
async function busyResident(ctx: TestContext) {
  const r = await signedInResident(ctx);
  const staff = await signedInStaff(ctx, 'staff', 'roads');
  const own = await createReport(ctx, { title: 'Moje zgłoszenie' }, r.accessToken);
  await ctx.inject({ method: 'POST', url: `/api/v1/reports/${own.id}/messages`, payload: { body: 'Mój numer mieszkania to 12.' }, token: r.accessToken });
  await ctx.inject({ method: 'POST', url: `/api/v1/reports/${own.id}/messages`, payload: { body: 'Dziękujemy.' }, token: staff.accessToken });
  const other = await createReport(ctx, { title: 'Cudze' });
  assert.equal((await ctx.inject({ method: 'POST', url: `/api/v1/reports/${other.id}/support`, token: r.accessToken })).statusCode, 201);
  return { r, own, other };
}

const deleteAccount = (ctx: TestContext, r: { accessToken: string; password: string }) =>
  ctx.inject({ method: 'DELETE', url: '/api/v1/me', payload: { password: r.password }, token: r.accessToken });

describe('reports: account export and deletion', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('GET /me/export includes the resident’s reports (with conversation), supports and messages', async () => {
    const { r, own, other } = await busyResident(ctx);
    const res = await ctx.inject({ method: 'GET', url: '/api/v1/me/export', token: r.accessToken });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(
      res.json.reports.map((x: { id: string }) => x.id),
      [own.id],
    );
    assert.equal(res.json.reports[0].trackingCode, own.trackingCode);
    assert.deepEqual(
      res.json.reports[0].messages.map((m: { body: string }) => m.body),
      ['Mój numer mieszkania to 12.', 'Dziękujemy.'],
    );
    assert.deepEqual(
      res.json.supports.map((s: { reportId: string }) => s.reportId),
      [other.id],
    );
    assert.deepEqual(
      res.json.messages.map((m: { body: string }) => m.body),
      ['Mój numer mieszkania to 12.'],
    );
  });

  it('DELETE /me (profile: anonymise) keeps the report without any link to the person, and removes supports and conversations', async () => {
    const { r, own, other } = await busyResident(ctx);
    assert.equal((await deleteAccount(ctx, r)).statusCode, 204);
    const kept = await ctx.app.reports.models.Report.findById(own.id).lean();
    assert.ok(kept, 'the public record stays');
    assert.equal(kept!.reporterId, undefined);
    assert.ok(kept!.anonymisedAt);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${own.id}` })).statusCode, 200);
    assert.equal(
      (await ctx.inject({ method: 'GET', url: `/api/v1/reports/track/${own.trackingCode}` })).statusCode,
      404,
      'the tracking code no longer opens a private side',
    );
    assert.equal(await ctx.app.reports.models.Message.countDocuments({ reportId: own.id }), 0);
    assert.equal(await ctx.app.reports.models.Support.countDocuments({ reportId: other.id }), 0);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${other.id}` })).json.supportCount, 0);
  });
});

describe('reports: account deletion with profile deletedAccountReports=delete', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer({ profile: { ...demoProfile, deletedAccountReports: 'delete' } })));
  after(async () => ctx?.stop());

  it('DELETE /me removes the resident’s reports with their conversations and events', async () => {
    const { r, own, other } = await busyResident(ctx);
    assert.equal((await deleteAccount(ctx, r)).statusCode, 204);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${own.id}` })).statusCode, 404);
    assert.equal(await ctx.app.reports.models.Message.countDocuments({ reportId: own.id }), 0);
    assert.equal(await ctx.app.reports.models.Event.countDocuments({ reportId: own.id }), 0);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${other.id}` })).json.supportCount, 0);
  });
});
