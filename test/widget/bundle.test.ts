// The built classic script, exactly as a city embeds it: from the CivicKit server's /widget/
// (another origin than this page), without data-api-url, so the API defaults to the script's origin.
// (The test runner's own dev server rewrites JS, which SRI rightly refuses.)
import { assert, env, equal, text, waitFor } from './helpers.js';

function addScript(src: string): Promise<void> {
  return new Promise((res, rej) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = () => res();
    s.onerror = () => rej(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

describe('classic bundle (dist/widget/civickit.js)', () => {
  it('one script tag: defines the elements, adds no globals, and loading it twice is harmless', async () => {
    const { apiUrl } = await env();
    const globalsBefore = new Set(Object.getOwnPropertyNames(window));
    const errors: string[] = [];
    window.addEventListener('error', (e) => errors.push(e.message));
    document.body.innerHTML = '<civic-portal lang="en"></civic-portal>';
    await addScript(`${apiUrl}/widget/civickit.js`);
    await addScript(`${apiUrl}/widget/civickit.js`);
    const el = document.querySelector('civic-portal')!;
    await waitFor(() => el.shadowRoot && text(el).includes('Announcements'), 'portal rendered from the bundle');
    await waitFor(() => text(el).includes('Safe Siemianowice') || text(el).includes('Bezpieczne Siemianowice'), 'profile from data-api-url');
    const added = Object.getOwnPropertyNames(window).filter((k) => !globalsBefore.has(k));
    equal(added.join(','), '', 'no new globals');
    equal(errors.join(','), '', 'no errors');
    // The log-in chunk is not loaded until needed (lazy), then comes from the same origin.
    const before = performance.getEntriesByType('resource').map((r) => r.name);
    assert(!before.some((n) => /chunks\/civic-login-/.test(n)), 'civic-login not loaded for the first screen');
    [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Log in')!.click();
    await waitFor(() => customElements.get('civic-login'), 'civic-login defined on demand');
    const after = performance
      .getEntriesByType('resource')
      .map((r) => r.name)
      .filter((n) => /chunks\/civic-login-/.test(n));
    assert(after.length === 1 && after[0].startsWith(`${apiUrl}/widget/chunks/`), `chunk from the script's origin: ${after}`);
    // Preloads carry SRI.
    const preload = document.querySelector<HTMLLinkElement>('link[rel=modulepreload]');
    assert(preload?.integrity.startsWith('sha256-'), 'modulepreload with SHA-256 integrity');
  });
});
