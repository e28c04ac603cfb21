/**
 * Issue 14, item 9: the admin console as an administrator lives it: departments and what an account
 * submitted by name, a search without Polish letters finds the name with them, and on a phone the
 * results table keeps words whole. 320 px and desktop, pl/en/de, axe-clean.
 */
import { setViewport } from '@web/test-runner-commands';
import '../../widget/src/components/civic-admin-console/civic-admin-console.js';
import { getSession } from '../../widget/src/core/session.js';
import { assert, axe, button, createUser, env, equal, field, fixture, includes, setValue, text, waitFor } from './helpers.js';
import { createReport, signInAs } from './report-helpers.js';

let apiUrl: string;

const T = {
  pl: { search: 'Szukaj konta', go: 'Szukaj', found: 'Znalezione konta: 1', roads: 'Wydział Dróg', litter: 'Zaśmiecony teren', status: 'Nowe' },
  en: { search: 'Find an account', go: 'Search', found: 'Accounts found: 1', roads: 'Roads Department', litter: 'Litter', status: 'New' },
  de: { search: 'Konto suchen', go: 'Suchen', found: 'Gefundene Konten: 1', roads: 'Straßenamt', litter: 'Müll', status: 'Neu' },
} as const;

const letters = () => Array.from({ length: 6 }, () => 'abcdefghijkmnoprstuwyz'[Math.floor(Math.random() * 22)]).join('');

/** Whether `word` inside `el` is laid out on one line (not broken mid-word). */
function onOneLine(el: Element, word: string): boolean {
  const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.includes(word))!;
  const range = document.createRange();
  const at = node.textContent!.indexOf(word);
  range.setStart(node, at);
  range.setEnd(node, at + word.length);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size === 1;
}

describe('issue 14: the admin console (item 9)', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
  });
  after(() => setViewport({ width: 800, height: 600 }));

  for (const lang of ['pl', 'en', 'de'] as const) {
    for (const width of [320, 1280]) {
      it(`in ${lang} at ${width}px: "wisniewski" finds "Wiśniewski"; departments and submitted reports by name; whole words`, async () => {
        await setViewport({ width, height: 900 });
        const first = `Zdzisław${letters()}`;
        const { email, password } = await createUser({ firstName: first, lastName: 'Wiśniewski' });
        await getSession(apiUrl).login(email, password);
        await createReport(apiUrl, { categoryId: 'litter', title: undefined }, true);
        await signInAs(apiUrl, 'admin');
        const t = T[lang];
        const el = await fixture('civic-admin-console', { lang, 'api-url': apiUrl });
        await waitFor(() => el.shadowRoot!.querySelector('#admin-search-form'), 'search form');
        setValue(field(el, t.search), `${first.toLowerCase().replace('ł', 'l')} wisniewski`);
        button(el, t.go).click();
        const hit = await waitFor(
          () => text(el).includes(t.found) && el.shadowRoot!.querySelector<HTMLButtonElement>('tbody button[data-id]'),
          'the one account, found without Polish letters',
        );
        includes(hit.textContent, 'Wiśniewski');
        assert(onOneLine(hit, 'Wiśniewski'), 'the name is not broken mid-word');
        const over = document.documentElement.scrollWidth - document.documentElement.clientWidth;
        assert(over <= 0, `the page scrolls sideways by ${over}px`);
        await axe(el);

        hit.click();
        const select = await waitFor(() => el.shadowRoot!.querySelector<HTMLSelectElement>('select[name=department]'), 'department select');
        const roads = [...select.options].find((o) => o.value === 'roads')!;
        equal(roads.textContent!.trim(), t.roads, 'department by name');
        const submitted = await waitFor(() => el.shadowRoot!.querySelector('#submitted-title')?.parentElement?.querySelector('li'), 'submitted report');
        includes(submitted.textContent, t.litter);
        includes(submitted.textContent, t.status);
        assert(!submitted.textContent!.includes('litter (new)'), submitted.textContent!);
        await axe(el);
      });
    }
  }
});
