// Issue 20: Ukrainian as the fourth language of every element, complete, loaded only when chosen.
import { boot } from '../../widget/src/civickit.js';
import { intlLocale } from '../../widget/src/core/i18n.js';
import { assert, env, equal, signOutLocally, text, waitFor } from './helpers.js';
import corePl from '../../widget/src/i18n/pl.js';
import coreUk from '../../widget/src/i18n/uk.js';
// issue 20: core's Polish is split by element (i18n/pl/*.ts); uk.ts must have the whole of it
import plAccount from '../../widget/src/i18n/pl/account.js';
import plAccountSteps from '../../widget/src/i18n/pl/account-steps.js';
import plErrors from '../../widget/src/i18n/pl/errors.js';
import plForms from '../../widget/src/i18n/pl/forms.js';
import plFormErrors from '../../widget/src/i18n/pl/form-errors.js';
import plLogin from '../../widget/src/i18n/pl/login.js';
import plPasskeys from '../../widget/src/i18n/pl/passkeys.js';
import plPasswordReset from '../../widget/src/i18n/pl/password-reset.js';
import plPhoneVerification from '../../widget/src/i18n/pl/phone-verification.js';
import plPortal from '../../widget/src/i18n/pl/portal.js';
import plRegister from '../../widget/src/i18n/pl/register.js';
import portalPl from '../../widget/src/i18n/portal/pl.js';
import portalUk from '../../widget/src/i18n/portal/uk.js';
import accountPl from '../../widget/src/i18n/account/pl.js';
import accountUk from '../../widget/src/i18n/account/uk.js';
import passkeysPl from '../../widget/src/i18n/passkeys/pl.js';
import passkeysUk from '../../widget/src/i18n/passkeys/uk.js';
import adminPl from '../../widget/src/i18n/admin/pl.js';
import adminUk from '../../widget/src/i18n/admin/uk.js';
import reportsPl from '../../widget/src/i18n/reports/pl.js';
import reportsUk from '../../widget/src/i18n/reports/uk.js';
import sessionEndPl from '../../widget/src/i18n/session-end/pl.js';
import sessionEndUk from '../../widget/src/i18n/session-end/uk.js';

type Dict = Record<string, string>;
const BUNDLES: Array<[string, Dict, Dict]> = [
  [
    '',
    {
      ...corePl,
      ...plAccount,
      ...plAccountSteps,
      ...plErrors,
      ...plForms,
      ...plFormErrors,
      ...plLogin,
      ...plPasskeys,
      ...plPasswordReset,
      ...plPhoneVerification,
      ...plPortal,
      ...plRegister,
    },
    coreUk,
  ],
  ['portal/', portalPl, portalUk],
  ['account/', accountPl, accountUk],
  ['passkeys/', passkeysPl, passkeysUk],
  ['admin/', adminPl, adminUk],
  ['reports/', reportsPl, reportsUk],
  ['session-end/', sessionEndPl, sessionEndUk],
];

let apiUrl: string;

describe('Ukrainian (uk)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });

  // (that the Ukrainian chunks stay off the first screen is measured on the build: bench/widget.bench.mjs)
  it('the portal offers Ukrainian beside PL/EN/DE and switches its menu to it', async () => {
    signOutLocally(apiUrl);
    document.body.innerHTML = `<civic-portal lang="pl" api-url="${apiUrl}"></civic-portal>`;
    const portal = document.body.firstElementChild as HTMLElement;
    await waitFor(() => portal.shadowRoot?.querySelector('.nav-item'), 'portal rendered');
    const uk = [...portal.shadowRoot!.querySelectorAll<HTMLButtonElement>('.lang')].find((b) => b.lang === 'uk');
    assert(uk, 'a Ukrainian button in the switch');
    uk.click();
    await waitFor(() => text(portal).includes('Карта звернень'), 'the menu in Ukrainian');
    for (const label of ['Оголошення', 'Додати звернення', 'Сповіщення', 'Статистика', 'Увійти']) assert(text(portal).includes(label), label);
    equal(uk.getAttribute('aria-pressed'), 'true');
  });

  for (const [dir, pl, uk] of BUNDLES) {
    it(`i18n/${dir}uk.ts has every text of i18n/${dir}pl.ts, none empty, with the same {placeholders}`, () => {
      const missing = Object.keys(pl).filter((k) => !uk[k]?.trim());
      equal(missing.join(', '), '', 'missing Ukrainian texts:');
      // the {placeholders} of each text survive translation
      for (const [k, v] of Object.entries(pl)) {
        const want = [...v.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1])
          .sort()
          .join(',');
        const got = [...uk[k]!.matchAll(/\{(\w+)\}/g)]
          .map((m) => m[1])
          .sort()
          .join(',');
        equal(got, want, `placeholders of ${k}:`);
      }
    });
  }

  it('English dates are European (6 Dec 2026), not US', () => {
    const s = new Intl.DateTimeFormat(intlLocale('en'), { dateStyle: 'medium' }).format(new Date('2026-12-06T10:00:00Z'));
    equal(s, '6 Dec 2026');
  });
});
