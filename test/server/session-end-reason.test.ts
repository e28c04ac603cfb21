import assert from 'node:assert/strict';
import { signedInResident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';

/**
 * Issue 20: when the server ends a session, the refused refresh says why (`reason` beside
 * `code: invalid_token`), so the widget can tell the resident instead of silently signing out.
 */
describe('accounts: a refused refresh says why the session ended', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const refresh = (refreshToken: string) => ctx.inject({ method: 'POST', url: '/api/v1/auth/refresh', payload: { refreshToken } });

  it('a password changed in another session: reason password_changed, still code invalid_token', async () => {
    const s = await signedInResident(ctx);
    const other = await ctx.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: s.email, password: s.password } });
    const changed = await ctx.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      token: other.json.accessToken,
      payload: { currentPassword: s.password, password: 'Nowe-Haslo-Zielone-9', passwordConfirm: 'Nowe-Haslo-Zielone-9' },
    });
    assert.equal(changed.statusCode, 204);
    const res = await refresh(s.refreshToken);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'invalid_token');
    assert.equal(res.json.reason, 'password_changed');
  });

  it('an account blocked by an administrator: reason blocked', async () => {
    const s = await signedInResident(ctx);
    const admin = await signedInStaff(ctx, 'admin');
    const blocked = await ctx.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${s.user.id}`,
      token: admin.accessToken,
      payload: { blocked: true, reason: 'spam w zgłoszeniach' },
    });
    assert.equal(blocked.statusCode, 200);
    const res = await refresh(s.refreshToken);
    assert.equal(res.statusCode, 401);
    assert.equal(res.json.code, 'invalid_token');
    assert.equal(res.json.reason, 'blocked');
  });

  it('sessions ended by an administrator: reason signed_out; a plain unknown token: no reason', async () => {
    const s = await signedInResident(ctx);
    const admin = await signedInStaff(ctx, 'admin');
    const ended = await ctx.inject({ method: 'POST', url: `/api/v1/admin/users/${s.user.id}/revoke-sessions`, token: admin.accessToken });
    assert.ok(ended.statusCode < 300, `revoke-sessions answered ${ended.statusCode}`);
    const res = await refresh(s.refreshToken);
    assert.equal(res.json.reason, 'signed_out');
    const unknown = await refresh('x'.repeat(43));
    assert.equal(unknown.json.code, 'invalid_token');
    assert.equal(unknown.json.reason, undefined);
  });
});
