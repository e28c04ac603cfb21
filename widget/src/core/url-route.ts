/**
 * Views addressable by URL: the portal's view (and the report open in it) is kept in the page
 * address, so Back/Forward move between views, a reload stays, and a link can be shared.
 *
 * Modes, so the widget never fights the host page's own router (docs/embedding.md "Addresses"):
 * - `query` (default): `?civic_view=announcements`, `?civic_view=my-reports&civic_report=ID`, `?civic_view=map&id=ID`; the page's own path, other
 *   parameters and hash are kept as they are;
 * - `hash`: `#civic/announcements/ID`, for pages whose server cannot take unknown parameters;
 * - `none`: the address is never touched (a single-page host that routes itself).
 * Set by the script's `data-routing` (or `configure({routing})`), or per portal with `routing`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getConfig, type RoutingMode } from './config.js';

export interface Route {
  view: string;
  /** A report open in the view (my reports, the staff console). */
  report?: string;
}

const VIEW = 'civic_view';
const REPORT = 'civic_report';
const HASH = '#civic/';

export class UrlRouteController implements ReactiveController {
  constructor(
    private readonly host: ReactiveControllerHost & { routing?: string },
    private readonly onRoute: (route: Route | undefined) => void,
  ) {
    host.addController(this);
  }

  get mode(): RoutingMode {
    const m = this.host.routing ?? getConfig().routing;
    return m === 'hash' || m === 'none' ? m : 'query';
  }

  hostConnected(): void {
    if (this.mode === 'none') return;
    window.addEventListener('popstate', this.handlePop);
    window.addEventListener('hashchange', this.handlePop);
  }

  hostDisconnected(): void {
    window.removeEventListener('popstate', this.handlePop);
    window.removeEventListener('hashchange', this.handlePop);
  }

  private readonly handlePop = (): void => this.onRoute(this.read());

  /** The route in the current address, if any. */
  read(): Route | undefined {
    if (this.mode === 'none') return undefined;
    if (this.mode === 'hash') {
      if (!location.hash.startsWith(HASH)) return undefined;
      const [view, report] = location.hash.slice(HASH.length).split('/').map(decodeURIComponent);
      return view ? { view, ...(report ? { report } : {}) } : undefined;
    }
    const p = new URLSearchParams(location.search);
    const view = p.get(VIEW);
    // one report on the public map has the short, documented `&id=` (API.md §7); in a list, `civic_report`
    const report = p.get(REPORT) ?? (view === 'map' ? p.get('id') : null);
    return view ? { view, ...(report ? { report } : {}) } : undefined;
  }

  /** Records a route: a new history entry, or in place of the current one (`replace`). Same route: nothing. */
  write(route: Route, replace = false): void {
    if (this.mode === 'none') return;
    const now = this.read();
    if (now?.view === route.view && now.report === route.report) return;
    if (!now && route.view === 'home' && !route.report) return; // the page as the host serves it is home
    const url = new URL(location.href);
    const home = route.view === 'home' && !route.report;
    if (this.mode === 'hash') {
      url.hash = home
        ? ''
        : HASH +
          [route.view, route.report]
            .filter(Boolean)
            .map((s) => encodeURIComponent(s!))
            .join('/');
    } else {
      url.searchParams.delete(VIEW);
      url.searchParams.delete(REPORT);
      if (now?.view === 'map') url.searchParams.delete('id');
      if (!home) url.searchParams.set(VIEW, route.view);
      if (route.report) url.searchParams.set(route.view === 'map' ? 'id' : REPORT, route.report);
    }
    const href = url.pathname + url.search + url.hash;
    if (replace) history.replaceState(history.state, '', href);
    else history.pushState(history.state, '', href);
  }
}
