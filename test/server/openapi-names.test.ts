import assert from 'node:assert/strict';
import { startTestServer, type TestContext } from '../support/app.js';

describe('OpenAPI schema names (issue 20)', () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await startTestServer();
  });
  after(async () => ctx?.stop());

  it('names every schema after what it is (no Model1…ModelN), keeps labels, and every $ref resolves in components.schemas (no x-alt-definitions)', async () => {
    const doc = (await ctx.inject({ method: 'GET', url: '/openapi.json' })).json as { components: { schemas: Record<string, unknown> } } & Record<
      string,
      unknown
    >;
    const names = Object.keys(doc.components.schemas);
    assert.deepEqual(
      names.filter((n) => /^Model\d+$/.test(n)),
      [],
    );
    assert.equal(doc['x-alt-definitions'], undefined);
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    assert.ok(refs.length > 100);
    const broken = refs.map((r) => r.slice(8, -1)).filter((r) => !r.startsWith('#/components/schemas/') || !(r.slice(21) in doc.components.schemas));
    assert.deepEqual([...new Set(broken)], []);
    // labelled schemas keep their label; unnamed ones are named by where they are used
    for (const name of ['StaffReport', 'QueuePage', 'Error', 'AlertsPostBody', 'AdminUsersPatchBody', 'CircleArea']) assert.ok(names.includes(name), name);
  });
});
