import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { demoProfile } from '../../server/src/profile/demo.js';
import { GOOD_PASSWORD, resident, signedInResident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { linkToken } from '../support/smtp.js';

const run = promisify(execFile);
const profile = { ...demoProfile, registration: { requirePhoneVerification: false, fields: { district: 'optional' as const, pesel: 'optional' as const } } };

describe('administration (contract §6)', () => {
  let ctx: TestContext;
  let admin: { accessToken: string; user: { id: string }; email: string };
  before(async () => {
    ctx = await startTestServer({ profile });
    admin = await signedInStaff(ctx, 'admin');
  });
  after(async () => ctx?.stop());

  const as = (token: string) => ({
    get: (url: string) => ctx.inject({ method: 'GET', url, token }),
    patch: (url: string, payload: object) => ctx.inject({ method: 'PATCH', url, token, payload }),
    post: (url: string, payload?: object | string, headers?: Record<string, string>) => ctx.inject({ method: 'POST', url, token, payload, headers }),
    del: (url: string, payload?: object) => ctx.inject({ method: 'DELETE', url, token, payload }),
  });

  async function report(token: string, description = 'Dziura w jezdni na ul. Długiej') {
    const res = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      token,
      payload: { categoryId: 'pothole', description, location: { lat: 50.3265, lng: 19.0297 } },
    });
    assert.equal(res.statusCode, 201, res.payload);
    return res.json as { id: string };
  }

  it('is for admins only: 401 without a session, 403 for residents and staff', async () => {
    const anon = await ctx.inject({ method: 'GET', url: '/api/v1/admin/users' });
    assert.equal(anon.statusCode, 401);
    const r = await signedInResident(ctx);
    const staff = await signedInStaff(ctx, 'staff', 'roads');
    for (const token of [r.accessToken, staff.accessToken]) {
      for (const [method, url] of [
        ['GET', '/api/v1/admin/users'],
        ['GET', `/api/v1/admin/users/${r.user.id}`],
        ['GET', '/api/v1/admin/audit'],
        ['DELETE', `/api/v1/admin/users/${r.user.id}?reason=test`],
      ] as const) {
        const res = await ctx.inject({ method, url, token });
        assert.equal(res.statusCode, 403, `${method} ${url}`);
        assert.equal(res.json.code, 'forbidden');
      }
    }
  });

  it('finds accounts by exact email, phone, PESEL and name', async () => {
    const r = await signedInResident(ctx, { firstName: 'Grażyna', lastName: 'Wiśniewska', phone: '+48 601 555 123', pesel: '02070803628' });
    const a = as(admin.accessToken);
    for (const q of [r.email.toUpperCase(), '601555123', '02070803628', 'grażyna wiśniewska', 'Wiśniewska']) {
      const res = await a.get(`/api/v1/admin/users?q=${encodeURIComponent(q)}`);
      assert.equal(res.statusCode, 200, q);
      assert.deepEqual(
        res.json.items.map((u: { id: string }) => u.id),
        [r.user.id],
        q,
      );
    }
    const partial = await a.get(`/api/v1/admin/users?q=${encodeURIComponent('Wiśniew')}`);
    assert.equal(partial.json.items.length, 0, 'exact match only');
    // found by npm run fuzz: a NUL byte cannot travel in a database regex (it was a 500)
    const control = await a.get(`/api/v1/admin/users?q=${encodeURIComponent('Wiś\u0000niewska')}`);
    assert.equal(control.statusCode, 400);
    assert.deepEqual(control.json.fields, { q: 'invalid' });
    const view = await a.get(`/api/v1/admin/users/${r.user.id}`);
    assert.equal(view.json.peselMasked, '020708*****');
    assert.ok(!view.payload.includes('02070803628'), 'the full PESEL is never listed');
    assert.ok(!view.payload.includes('passwordHash'));
    assert.equal((await a.get('/api/v1/admin/users/000000000000000000000000')).statusCode, 404);
    assert.equal((await a.get('/api/v1/admin/users/nope')).statusCode, 400);
  });

  it('blocks with a reason (the resident is told at sign-in, sessions die) and unblocks; both audited', async () => {
    const r = await signedInResident(ctx);
    const a = as(admin.accessToken);
    const noReason = await a.patch(`/api/v1/admin/users/${r.user.id}`, { blocked: true });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json.fields.reason, 'required');
    const block = await a.patch(`/api/v1/admin/users/${r.user.id}`, { blocked: true, reason: 'Fałszywe zgłoszenia' });
    assert.equal(block.statusCode, 200);
    assert.equal(block.json.blocked, true);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: r.accessToken })).statusCode, 401);
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken: r.refreshToken } })).statusCode, 401);
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.email, password: r.password } });
    assert.equal(login.json.code, 'account_blocked');
    await a.patch(`/api/v1/admin/users/${r.user.id}`, { blocked: false, reason: 'Wyjaśnione' });
    assert.equal((await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: r.email, password: r.password } })).statusCode, 200);
    const audit = await a.get(`/api/v1/admin/audit?targetId=${r.user.id}`);
    assert.deepEqual(
      audit.json.items.map((e: { action: string }) => e.action),
      ['user.unblock', 'user.block'],
    );
    assert.equal(audit.json.items[1].reason, 'Fałszywe zgłoszenia');
    assert.equal(audit.json.items[1].actorEmail, admin.email);
    assert.equal(audit.json.items[1].outcome, 'done');
  });

  it('changes role and department; the new role applies at once', async () => {
    const r = await signedInResident(ctx);
    const a = as(admin.accessToken);
    const bad = await a.patch(`/api/v1/admin/users/${r.user.id}`, { role: 'staff' });
    assert.equal(bad.json.fields.department, 'required');
    const ok = await a.patch(`/api/v1/admin/users/${r.user.id}`, { role: 'staff', department: 'roads' });
    assert.equal(ok.json.role, 'staff');
    assert.equal(ok.json.department, 'roads');
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: r.accessToken })).statusCode, 401, 'old tokens carry the old role');
    const self = await a.patch(`/api/v1/admin/users/${admin.user.id}`, { role: 'resident' });
    assert.equal(self.statusCode, 409, 'an admin cannot demote themselves');
  });

  it('deletes a fraudulent account with cascade: its reports, supports and messages go, counts update, the PESEL is freed', async () => {
    const fraud = await signedInResident(ctx, { pesel: '44051401359' });
    const honest = await signedInResident(ctx);
    const own = await report(fraud.accessToken, 'Zgłoszenie z fałszywego konta');
    const other = await report(honest.accessToken);
    await ctx.inject({ method: 'POST', url: `/api/v1/reports/${other.id}/support`, token: fraud.accessToken });
    const neighbour = await signedInResident(ctx);
    assert.equal((await ctx.inject({ method: 'POST', url: `/api/v1/reports/${other.id}/support`, token: neighbour.accessToken })).statusCode < 300, true);
    const msg = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${own.id}/messages`,
      token: fraud.accessToken,
      payload: { body: 'Proszę o szybką reakcję' },
    });
    assert.ok([200, 201].includes(msg.statusCode), msg.payload);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${other.id}` })).json.supportCount, 2);

    const a = as(admin.accessToken);
    const view = await a.get(`/api/v1/admin/users/${fraud.user.id}`);
    assert.ok(view.payload.includes(own.id), 'the admin sees the account’s reports');
    const noReason = await a.del(`/api/v1/admin/users/${fraud.user.id}?cascade=true`);
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json.fields.reason, 'required');
    const del = await a.del(`/api/v1/admin/users/${fraud.user.id}?cascade=true`, { reason: 'Konto założone na cudzy PESEL (wniosek z dowodem osobistym)' });
    assert.equal(del.statusCode, 204);

    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${own.id}` })).statusCode, 404, 'its report is gone');
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${other.id}` })).json.supportCount, 1, 'its support is gone and the count updated');
    assert.equal(await ctx.app.conn.db!.collection('users').countDocuments({ email: fraud.email }), 0);
    const again = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: resident({ pesel: '44051401359' }) });
    assert.equal(again.statusCode, 201, 'the PESEL is free for its real owner');
    const audit = await a.get(`/api/v1/admin/audit?action=user.delete`);
    assert.equal(audit.json.items[0].targetEmail, fraud.email);
    assert.match(audit.json.items[0].reason, /cudzy PESEL/);
    assert.deepEqual(audit.json.items[0].details, { cascade: true });
  });

  it('revokes all sessions and resends activation', async () => {
    const r = await signedInResident(ctx);
    const a = as(admin.accessToken);
    assert.equal((await a.post(`/api/v1/admin/users/${r.user.id}/revoke-sessions`)).statusCode, 204);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/me', token: r.accessToken })).statusCode, 401);
    assert.equal((await a.post(`/api/v1/admin/users/${r.user.id}/resend-activation`)).statusCode, 409, 'already active');
    const pending = resident();
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: pending });
    await ctx.smtp.waitFor(pending.email);
    const found = await a.get(`/api/v1/admin/users?q=${pending.email}`);
    assert.equal((await a.post(`/api/v1/admin/users/${found.json.items[0].id}/resend-activation`)).statusCode, 202);
    await ctx.smtp.waitFor(pending.email, () => ctx.smtp.to(pending.email).length === 2);
  });

  it('imports legacy accounts: pending, re-verified by email before they can sign in, bad rows by line, re-runs skip', async () => {
    const a = as(admin.accessToken);
    const csv = [
      'email,firstName,lastName,phone,district,pesel',
      'legacy.one@example.org,Ala,Kot,600700800,centrum,',
      'not-an-email,Ola,Pies,600700801,,',
      '"legacy.two@example.org","Jan, junior","Nowak",+48600700802,polnoc,90090515836',
      'legacy.three@example.org,,Brak,600700803,,',
      'legacy.four@example.org,Ewa,Zła,600700804,atlantis,44051401358',
    ].join('\r\n');
    const res = await a.post('/api/v1/admin/users/import', csv, { 'content-type': 'text/csv' });
    assert.equal(res.statusCode, 200, res.payload);
    assert.equal(res.json.created, 2);
    assert.deepEqual(res.json.errors, [
      { line: 3, fields: { email: 'invalid' } },
      { line: 5, fields: { firstName: 'required' } },
      { line: 6, fields: { district: 'invalid', pesel: 'invalid_checksum' } },
    ]);
    assert.equal(
      await ctx.app.conn.db!.collection('users').countDocuments({ email: { $in: ['legacy.three@example.org', 'legacy.four@example.org'] } }),
      0,
      'bad rows create nothing',
    );
    const rerun = await a.post('/api/v1/admin/users/import', csv, { 'content-type': 'text/csv' });
    assert.equal(rerun.json.created, 0);
    assert.equal(rerun.json.skipped.length, 2);

    const mail = await ctx.smtp.waitFor('legacy.one@example.org');
    assert.match(mail.subject, /zweryfikuj swoje konto/);
    assert.equal(ctx.smtp.to('legacy.one@example.org').length, 1, 'a re-run sends nothing again');
    const denied = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'legacy.one@example.org', password: GOOD_PASSWORD } });
    assert.equal(denied.statusCode, 401, 'no password yet: cannot sign in');
    const set = await ctx.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: linkToken(mail, 'reset'), password: GOOD_PASSWORD, passwordConfirm: GOOD_PASSWORD },
    });
    assert.deepEqual(set.json, { status: 'active' });
    const login = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: 'legacy.one@example.org', password: GOOD_PASSWORD } });
    assert.equal(login.statusCode, 200);
    assert.equal(login.json.user.district, 'centrum');

    // the FAQ: a lost message is sent again by the reset procedure
    await ctx.inject({ method: 'POST', url: '/api/v1/auth/password-reset/request', payload: { email: 'legacy.two@example.org' } });
    await ctx.smtp.waitFor('legacy.two@example.org', (m) => /aktywacja konta i nowe hasło/.test(m.subject));
    const missingColumns = await a.post('/api/v1/admin/users/import', 'email,name\nx@y.z,X', { 'content-type': 'text/csv' });
    assert.equal(missingColumns.statusCode, 400);
    assert.deepEqual(Object.keys(missingColumns.json.fields).sort(), ['firstName', 'lastName', 'phone']);
  });

  it('npm run cli -- import-users reports progress and bad lines', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'civickit-import-'));
    const file = path.join(dir, 'legacy.csv');
    writeFileSync(file, 'email;firstName;lastName;phone\ncli.one@example.org;Piotr;Zieliński;600900100\nbad;X;Y;1\n');
    const env = { ...process.env, MONGODB_URI: ctx.config.mongodbUri!, DATA_DIR: dir, JWT_SECRET: ctx.config.jwtSecret, CIVICKIT_CONFIG: '' };
    const out = await run('npm', ['run', '--silent', 'cli', '--', 'import-users', file], { env }).catch((e) => e);
    assert.equal(out.code, 1, 'a bad row makes the exit code 1');
    assert.match(out.stdout, /line 3: email invalid, phone invalid/);
    assert.match(out.stdout, /1 created, 0 skipped/);
    assert.match(out.stderr, /Imported 2\/2/);
    await ctx.smtp.waitFor('cli.one@example.org');
  });
});
