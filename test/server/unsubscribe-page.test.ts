import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { startTestServer, type TestContext } from '../support/app.js';

/**
 * Issue 20: the alert email's unsubscribe link opened in a browser is a styled page every time; opened
 * again after unsubscribing it says the link is no longer active instead of showing the API's raw JSON.
 */
describe('alerts: the unsubscribe page in a browser', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const open = (token: string) =>
    ctx.inject({ method: 'GET', url: `/api/v1/alerts/unsubscribe?token=${token}`, headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });

  it('a link that no longer names an alert (a second open) is a page saying so, not JSON', async () => {
    const res = await open('A'.repeat(43));
    assert.equal(res.statusCode, 200, res.payload);
    assert.match(String(res.headers['content-type']), /^text\/html/);
    assert.match(res.payload, /Ten link nie jest już aktywny/);
    assert.match(res.payload, /Це посилання вже не діє/);
    assert.doesNotMatch(res.payload, /invalid_token/);
    assert.match(String(res.headers.vary), /accept/i, 'caches keep the page and the JSON apart');
  });

  it('is styled by one stylesheet its own CSP allows by hash (no inline style attributes)', async () => {
    const res = await open('B'.repeat(43));
    const sheet = /<style>([^<]*)<\/style>/.exec(res.payload)?.[1];
    assert.ok(sheet, 'a stylesheet');
    const hash = createHash('sha256').update(sheet).digest('base64');
    const csp = String(res.headers['content-security-policy']);
    assert.ok(csp.includes(`'sha256-${hash}'`), csp);
    assert.doesNotMatch(csp, /unsafe-inline/);
    assert.doesNotMatch(res.payload, / style=/);
  });

  it('the widget’s JSON answer is unchanged: an unknown token is invalid_token', async () => {
    const res = await ctx.inject({ method: 'GET', url: `/api/v1/alerts/unsubscribe?token=${'C'.repeat(43)}` });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.code, 'invalid_token');
  });
});
