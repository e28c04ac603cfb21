// Links from report notifications: civic_action=track&code=… and civic_action=report&id=….
import { boot } from '../../widget/src/civickit.js';
import { assert, env, includes, signOutLocally, text, waitFor } from './helpers.js';
import { createReport, signInAs } from './report-helpers.js';

let apiUrl: string;

function open(query: string, html: string): HTMLElement {
  history.replaceState(null, '', `${location.pathname}?keep=1&${query}`);
  document.body.innerHTML = html.replaceAll('API', apiUrl);
  return document.body.firstElementChild as HTMLElement;
}

describe('links from report notifications', () => {
  before(async () => {
    apiUrl = (await env()).apiUrl;
    boot({ apiUrl });
  });
  after(() => history.replaceState(null, '', location.pathname));

  it('track: the tracker fills in the code, looks it up, and the code leaves the address bar', async () => {
    signOutLocally(apiUrl);
    const title = `Śledzenie ${Date.now()}`;
    const { trackingCode } = await createReport(apiUrl, { title });
    const tracker = open(
      `civic_action=track&code=${encodeURIComponent(trackingCode)}`,
      '<civic-report-tracker lang="pl" api-url="API"></civic-report-tracker>',
    );
    await waitFor(() => text(tracker).includes(title), 'the report found by its code');
    assert(!location.search.includes('code='), 'tracking code removed from the URL');
    includes(location.search, 'keep=1');
  });

  it('track: in the portal, the tracker view opens with the report', async () => {
    signOutLocally(apiUrl);
    const title = `Portal ${Date.now()}`;
    const { trackingCode } = await createReport(apiUrl, { title });
    const portal = open(`civic_action=track&code=${encodeURIComponent(trackingCode)}`, '<civic-portal lang="pl" api-url="API"></civic-portal>');
    await waitFor(() => text(portal).includes(title), 'tracker view in the portal');
  });

  it('report: the reporter sees the report opened in "Moje zgłoszenia"', async () => {
    await signInAs(apiUrl, 'resident');
    const title = `Moje ${Date.now()}`;
    const { id } = await createReport(apiUrl, { title }, true);
    const mine = open(`civic_action=report&id=${id}`, '<civic-my-reports lang="pl" api-url="API"></civic-my-reports>');
    await waitFor(() => mine.shadowRoot?.querySelector('#my-report-title')?.textContent?.includes(title), 'the report opened');
    assert(!location.search.includes('civic_action'), 'link removed from the URL');
  });

  it('report: staff get it in their console, through the portal', async () => {
    const title = `Dla pracownika ${Date.now()}`;
    signOutLocally(apiUrl);
    const { id } = await createReport(apiUrl, { title, categoryId: 'pothole' });
    await signInAs(apiUrl, 'staff', 'roads');
    const portal = open(`civic_action=report&id=${id}`, '<civic-portal lang="pl" api-url="API"></civic-portal>');
    await waitFor(() => portal.getAttribute('view') === 'staff', 'staff view');
    await waitFor(() => text(portal).includes(title) && text(portal).includes('Zmień status'), 'the report opened in the console');
  });
});
