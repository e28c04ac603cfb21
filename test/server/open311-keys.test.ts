import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { hashToken } from '../../server/src/lib/tokens.js';
import { signedInResident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { HERE, SPEC, assertFields, call, issueKey, parseXml, profileWithQuestions } from './helpers/open311.js';

const V2 = '/open311/v2';

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', 'cli', '--', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('open311: API keys, rate limits and errors in the spec format', () => {
  let ctx: TestContext;
  let key: string;
  before(async () => {
    ctx = await startTestServer({ profile: profileWithQuestions });
    key = await issueKey(ctx, 'errors', 1000);
  });
  after(async () => ctx?.stop());

  const countReports = () => ctx.app.reports.models.Report.countDocuments();
  const good = { service_code: 'pothole', lat: HERE.lat, long: HERE.long, description: 'Dziura w jezdni' };

  it('403 for a missing, wrong or revoked api_key, in XML and JSON, and nothing is stored', async () => {
    const before = await countReports();
    const missing = await call(ctx, 'POST', `${V2}/requests.xml`, good);
    assert.equal(missing.status, 403);
    assert.equal(missing.root, 'errors');
    assertFields(missing.body.error[0], SPEC.error);
    assert.equal(missing.body.error[0].code, '403');
    const wrong = await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: 'civickit_' + 'x'.repeat(43) });
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.body, [{ code: 403, description: "Invalid api_key received -- can't proceed with create_request." }]);
    const { key: revoked, apiKey } = await ctx.app.open311.keys.issue('to revoke');
    assert.equal((await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: revoked })).status, 200);
    await ctx.app.open311.keys.revoke(apiKey.id);
    assert.equal((await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: revoked })).status, 403);
    assert.equal(await countReports(), before + 1);
  });

  it('400 with every problem at once; 404 for an unknown service_code', async () => {
    const before = await countReports();
    const bad = await call(ctx, 'POST', `${V2}/requests.json`, {
      api_key: key,
      service_code: 'street-light',
      lat: '95',
      email: 'not-an-email',
      description: 'x'.repeat(4001),
      media_url: 'javascript:alert(1)',
      'attribute[KIND]': 'exploded',
      'attribute[COUNT]': 'many',
    });
    assert.equal(bad.status, 400);
    const text = bad.body.map((e: { description: string }) => e.description).join('\n');
    for (const what of ['lat', 'email', 'description', 'media_url', 'attribute[POLE]', 'attribute[KIND]', 'attribute[COUNT]'])
      assert.ok(text.includes(what), `names ${what}:\n${text}`);
    for (const e of bad.body) assert.equal(e.code, 400);
    const noLocation = await call(ctx, 'POST', `${V2}/requests.xml`, { api_key: key, service_code: 'pothole', description: 'Gdzieś' });
    assert.equal(noLocation.status, 400);
    assert.match(noLocation.body.error[0].description, /location is required/);
    const unknown = await call(ctx, 'POST', `${V2}/requests.xml`, { ...good, api_key: key, service_code: 'volcano' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error[0].code, '404');
    assert.equal(await countReports(), before);
  });

  it('a JSON body is refused in the spec format; unknown resources and formats are 404', async () => {
    const res = await ctx.server.inject({ method: 'POST', url: `${V2}/requests.json`, payload: { api_key: key, ...good } });
    assert.equal(res.statusCode, 400);
    assert.match(JSON.parse(res.payload)[0].description, /x-www-form-urlencoded/);
    for (const url of [`${V2}/services/volcano.json`, `${V2}/nothing.json`, `${V2}/services.csv`, `${V2}/services`]) {
      const r = await ctx.server.inject(url);
      assert.equal(r.statusCode, 404, url);
      if (url.endsWith('.json')) assert.equal(JSON.parse(r.payload)[0].code, 404);
      else parseXml(r.payload);
    }
    const xml = await call(ctx, 'GET', `${V2}/services/volcano.xml`);
    assert.equal(xml.body.error[0].description, 'service_code volcano was not found');
  });

  it('rate limits each key per minute: 429 in the spec format with Retry-After, other keys unaffected', async () => {
    const limited = await issueKey(ctx, 'small', 2);
    const send = (k: string) => call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: k });
    assert.equal((await send(limited)).status, 200);
    assert.equal((await send(limited)).status, 200);
    const before = await countReports();
    const third = await send(limited);
    assert.equal(third.status, 429);
    assert.equal(third.body[0].code, 429);
    assert.ok(Number(third.headers['retry-after']) >= 1 && Number(third.headers['retry-after']) <= 60);
    assert.equal(await countReports(), before, 'nothing stored');
    assert.equal((await send(key)).status, 200);
    // concurrent requests never get more than the limit through
    const burst = await issueKey(ctx, 'burst', 3);
    const results = await Promise.all(Array.from({ length: 8 }, () => send(burst)));
    assert.ok(results.filter((r) => r.status === 200).length <= 3);
    assert.ok(results.every((r) => r.status === 200 || r.status === 429));
  });

  it('admins list, issue and revoke keys under /api/v1/admin/api-keys; others may not', async () => {
    const admin = await signedInStaff(ctx, 'admin');
    const staff = await signedInStaff(ctx, 'staff', 'roads');
    const resident = await signedInResident(ctx);
    const created = await ctx.inject({
      method: 'POST',
      url: '/api/v1/admin/api-keys',
      token: admin.accessToken,
      payload: { name: 'Aplikacja miejska', rateLimit: 10 },
    });
    assert.equal(created.statusCode, 201);
    assert.match(created.json.key, /^civickit_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.json.apiKey.rateLimit, 10);
    const list = await ctx.inject({ method: 'GET', url: '/api/v1/admin/api-keys', token: admin.accessToken });
    assert.equal(list.statusCode, 200);
    const listed = list.json.find((k: { id: string }) => k.id === created.json.apiKey.id);
    assert.deepEqual(Object.keys(listed).sort(), ['active', 'createdAt', 'id', 'name', 'prefix', 'rateLimit']);
    assert.ok(!list.payload.includes(created.json.key) && !list.payload.includes(hashToken(created.json.key)), 'neither key nor hash listed');
    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${created.json.apiKey.id}`, token: admin.accessToken })).statusCode, 204);
    const after = await ctx.inject({ method: 'GET', url: '/api/v1/admin/api-keys', token: admin.accessToken });
    const revoked = after.json.find((k: { id: string }) => k.id === created.json.apiKey.id);
    assert.equal(revoked.active, false);
    assert.ok(revoked.revokedAt);
    assert.equal((await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: created.json.key })).status, 403);
    const audit = await ctx.app.admin.Audit.find({ action: /^api_key\./ })
      .sort({ at: 1 })
      .lean();
    assert.deepEqual(
      audit.map((a) => [a.action, a.outcome, a.actorId]),
      [
        ['api_key.create', 'done', admin.user.id],
        ['api_key.revoke', 'done', admin.user.id],
      ],
    );
    assert.ok(!JSON.stringify(audit).includes(created.json.key), 'the audit log never holds the key');
    for (const who of [staff, resident]) {
      const res = await ctx.inject({ method: 'GET', url: '/api/v1/admin/api-keys', token: who.accessToken });
      assert.equal(res.statusCode, 403);
      assert.equal(res.json.code, 'forbidden', 'the admin API keeps the contract error shape');
    }
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/admin/api-keys' })).statusCode, 401);
    const empty = await ctx.inject({ method: 'POST', url: '/api/v1/admin/api-keys', token: admin.accessToken, payload: { name: '' } });
    assert.equal(empty.json.fields.name, 'required');
    assert.equal((await ctx.inject({ method: 'DELETE', url: `/api/v1/admin/api-keys/${'0'.repeat(24)}`, token: admin.accessToken })).json.code, 'not_found');
  });

  it('`npm run cli -- create-api-key` prints the key alone on the last line and stores only its hash', async function () {
    this.timeout(120_000);
    const env = {
      MONGODB_URI: ctx.config.mongodbUri!,
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      DATA_DIR: ctx.config.dataDir,
    };
    const out = await runCli(['create-api-key', '--name', 'FixMyStreet CLI', '--rate-limit', '5'], env);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(!/listening|Dev mailbox/.test(out.stdout), `the CLI starts no server:\n${out.stdout}`);
    const lines = out.stdout.trimEnd().split('\n');
    const cliKey = lines.at(-1)!;
    assert.match(cliKey, /^civickit_[A-Za-z0-9_-]{43}$/);
    const stored = await ctx.app.open311.models.ApiKey.findOne({ name: 'FixMyStreet CLI' }).lean();
    assert.equal(stored!.hash, hashToken(cliKey));
    assert.equal(stored!.rateLimit, 5);
    assert.ok(!JSON.stringify(stored).includes(cliKey), 'the key itself is not stored');
    const res = await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: cliKey });
    assert.equal(res.status, 200);
    const meta = await ctx.app.open311.models.RequestMeta.findById(res.body[0].service_request_id).lean();
    assert.equal(meta!.apiKeyName, 'FixMyStreet CLI');
    const noName = await runCli(['create-api-key'], env);
    assert.notEqual(noName.code, 0);
    assert.match(noName.stderr, /--name/);
  });

  it('every endpoint answers well-formed UTF-8 XML that a real XML parser reads, errors included', async () => {
    const id = (await call(ctx, 'POST', `${V2}/requests.json`, { ...good, api_key: key })).body[0].service_request_id;
    const gets: Array<[string, string, number]> = [
      ['discovery', 'discovery', 200],
      ['services', 'services', 200],
      ['services/street-light', 'service_definition', 200],
      ['services/volcano', 'errors', 404],
      ['requests', 'service_requests', 200],
      ['requests?status=pending&start_date=soon', 'errors', 400],
      [`requests/${id}`, 'service_requests', 200],
      [`requests/${'0'.repeat(24)}`, 'errors', 404],
      [`tokens/${id}`, 'service_requests', 200],
      ['servicerequestupdates', 'service_request_updates', 200],
      ['no-such-thing', 'errors', 404],
    ];
    const answers = await Promise.all(gets.map(([path]) => ctx.server.inject(`${V2}/${path.replace(/^([^?]*)/, '$1.xml')}`)));
    answers.push(
      await ctx.server.inject({
        method: 'POST',
        url: `${V2}/requests.xml`,
        payload: new URLSearchParams({ ...good, api_key: key }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    answers.push(
      await ctx.server.inject({
        method: 'POST',
        url: `${V2}/requests.xml`,
        payload: new URLSearchParams(good).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    const expected = [...gets.map(([, root, status]) => [root, status] as const), ['service_requests', 200] as const, ['errors', 403] as const];
    answers.forEach((res, i) => {
      const [root, status] = expected[i]!;
      assert.equal(res.statusCode, status, `${i}: ${res.payload}`);
      assert.equal(res.headers['content-type'], 'text/xml; charset=utf-8');
      assert.equal(parseXml(res.payload).root, root);
    });
  });
});
