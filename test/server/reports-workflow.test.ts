import assert from 'node:assert/strict';
import { canMove, nextStatuses, STATUSES, TRANSITIONS } from '../../server/src/plugins/reports/workflow.js';
import { startTestServer, signedInStaff, type TestContext } from '../support/app.js';
import { createReport } from './helpers/reports.js';

type Session = { accessToken: string };

describe('reports workflow: one owner of the statuses, and the staff told their next statuses', () => {
  let ctx: TestContext;
  let roads: Session, lighting: Session, admin: Session;
  before(async () => {
    ctx = await startTestServer();
    [roads, lighting, admin] = await Promise.all([signedInStaff(ctx, 'staff', 'roads'), signedInStaff(ctx, 'staff', 'lighting'), signedInStaff(ctx, 'admin')]);
  });
  after(async () => ctx?.stop());

  it('nextStatuses and canMove follow the transition table', () => {
    assert.deepEqual(nextStatuses('new'), ['accepted', 'in_progress', 'resolved', 'rejected', 'duplicate']);
    assert.deepEqual(nextStatuses('resolved'), ['in_progress']);
    assert.deepEqual(nextStatuses('archived'), []);
    assert.ok(canMove('rejected', 'accepted'));
    assert.ok(!canMove('resolved', 'rejected'));
    assert.ok(!canMove('accepted', 'new'), 'new is only ever the first status');
    for (const s of STATUSES) assert.ok(!TRANSITIONS[s].includes(s), `${s} never moves to itself`);
  });

  it('the queue, the staff view and the answer of a status change carry the statuses the caller may set now', async () => {
    const report = await createReport(ctx, { title: 'Workflow pothole' });
    const item = (await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports?q=${report.trackingCode}`, token: roads.accessToken })).json.items[0];
    assert.equal(item.id, report.id);
    assert.deepEqual(item.nextStatuses, ['accepted', 'in_progress', 'resolved', 'rejected', 'duplicate']);
    const staffView = await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${report.id}`, token: admin.accessToken });
    assert.equal(staffView.statusCode, 200, staffView.payload);
    assert.deepEqual(staffView.json.nextStatuses, ['accepted', 'in_progress', 'resolved', 'rejected', 'duplicate']);

    const moved = await ctx.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/status`, token: roads.accessToken, payload: { status: 'resolved' } });
    assert.equal(moved.statusCode, 200, moved.payload);
    assert.equal(moved.json.status, 'resolved');
    assert.deepEqual(moved.json.nextStatuses, ['in_progress']);
    const after = await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${report.id}`, token: roads.accessToken });
    assert.deepEqual(after.json.nextStatuses, ['in_progress']);
    // a status outside nextStatuses is refused, naming the allowed ones
    const refused = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/status`,
      token: roads.accessToken,
      payload: { status: 'duplicate' },
    });
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json.message, /allowed: in_progress$/);
    // another department's staff neither see it nor may move it
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/staff/reports/${report.id}`, token: lighting.accessToken })).statusCode, 403);
    // the public view stays as it was
    const pub = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${report.id}` });
    assert.equal(pub.json.nextStatuses, undefined);
  });

  it('documents nextStatuses in /openapi.json and generates the transition notes', async () => {
    const { json: doc } = await ctx.inject({ method: 'GET', url: '/openapi.json' });
    type Schema = { type?: string; $ref?: string; properties?: Record<string, Schema>; required?: string[]; description?: string };
    const schemas = doc.components.schemas as Record<string, Schema>;
    const resolve = (s: Schema | undefined): Schema | undefined => (s?.$ref ? schemas[s.$ref.replace('#/components/schemas/', '')] : s);
    for (const name of ['QueueItem', 'StaffReport', 'ReportForStaff']) {
      const next = resolve(schemas[name]?.properties?.nextStatuses);
      assert.equal(next?.type, 'array', name);
      assert.match(String(next?.description), /statuses the caller may set now/, name);
      assert.ok(schemas[name]!.required?.includes('nextStatuses'), name);
    }
    const op = doc.paths['/api/v1/reports/{id}/status'].post;
    assert.equal(op.responses['200'].content['application/json'].schema.$ref, '#/components/schemas/ReportForStaff');
    assert.match(op.description, /new→accepted\|in_progress\|resolved\|rejected\|duplicate; .*resolved→in_progress; rejected→accepted; duplicate→accepted\./);
  });
});
