import assert from 'node:assert/strict';
import { templateLanguages } from '../../server/src/mail/templates.js';
import { resident, signedInStaff, startTestServer, type TestContext } from '../support/app.js';
import { createReport } from './helpers/reports.js';

/**
 * Issue 20: Ukrainian (`uk`) as the fourth language of emails and text messages; a status change
 * without a staff comment says nothing about a comment (it said "Komentarz: —").
 */
describe('emails in Ukrainian, and no empty comment line', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  it('every email template is written in Ukrainian too', () => {
    const missing = Object.entries(templateLanguages())
      .filter(([, langs]) => !langs.includes('uk'))
      .map(([name]) => name);
    assert.deepEqual(missing, []);
  });

  it('an account registered in Ukrainian gets its activation email in Ukrainian, linking to the page in Ukrainian', async () => {
    const body = resident({ locale: 'uk' });
    const reg = await ctx.inject({ method: 'POST', url: '/api/v1/auth/register', payload: body });
    assert.equal(reg.statusCode, 201, reg.payload);
    const mail = await ctx.smtp.waitFor(body.email, (m) => m.text.includes('civic_action=activate'));
    assert.match(mail.subject, /активуйте обліковий запис/);
    assert.match(mail.text, /Дякуємо за реєстрацію/);
    assert.match(mail.text, /[?&]lang=uk\b/);
  });

  it('a status change without a comment has no comment line; with one, the comment in the resident’s language', async () => {
    const email = `uk-reporter-${Date.now()}@example.org`;
    const report = await createReport(ctx, { contactEmail: email, locale: 'uk' });
    const staff = await signedInStaff(ctx, 'staff', 'roads');
    const accept = await ctx.inject({ method: 'POST', url: `/api/v1/reports/${report.id}/status`, token: staff.accessToken, payload: { status: 'accepted' } });
    assert.equal(accept.statusCode, 200, accept.payload);
    const plain = await ctx.smtp.waitFor(email, (m) => m.subject.includes('Прийняте'));
    assert.doesNotMatch(plain.text, /Коментар|Komentarz|: —/);
    assert.match(plain.text, /змінився на: Прийняте/);
    const progress = await ctx.inject({
      method: 'POST',
      url: `/api/v1/reports/${report.id}/status`,
      token: staff.accessToken,
      payload: { status: 'in_progress', comment: 'Бригада приїде в четвер.' },
    });
    assert.equal(progress.statusCode, 200, progress.payload);
    const commented = await ctx.smtp.waitFor(email, (m) => m.subject.includes('Виконується'));
    assert.match(commented.text, /Коментар \(Wydział Dróg|Коментар \(/);
    assert.match(commented.text, /Бригада приїде в четвер\./);
  });
});
