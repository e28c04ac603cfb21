import type { ReactiveController } from 'lit';
import { AccountFlows } from '../core/account-flows.js';
import { EmbedController } from '../core/embed.js';
import { EmailLinkController } from '../core/email-link.js';
import type { SessionChange } from '../core/session.js';
import type { ReportElement } from './report-element.js';
import type { Report } from './types.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** A report list opened (`id`) or closed (`''`) a report. */
    'civic-report-shown': CustomEvent<{ id: string }>;
  }
}

/** What a report list element (civic-my-reports, civic-staff-console) keeps and does itself. */
export interface ReportListHost extends ReportElement {
  /** A report to open once the list is loaded (e.g. from a notification email's link). */
  reportId: string;
  reports?: Report[];
  open?: Report;
  /** Loads the list (the next page with `more`), then opens `reportId` if one is waiting. */
  load(more?: boolean): Promise<void>;
}

/**
 * A signed-in list of reports with one open at a time: loads when connected and on sign-in, forgets
 * everything on sign-out, tells a hosting portal which report is open, and opens the report a
 * notification email links to (`civic_action=report&id=…`). Holds the host's in-place flows too.
 */
export class ReportListController implements ReactiveController {
  readonly embed: EmbedController;
  /** The access gate's "log in". */
  readonly signIn = (): void => this.embed.goTo('login', 'civic-login');
  private readonly emailLink: EmailLinkController;
  /** The open report's id as last told to the page (`civic-report-shown`). */
  private shownId = '';

  constructor(private readonly host: ReportListHost) {
    host.addController(this);
    this.embed = new EmbedController(host);
    // a notification's link opens the report here, ahead of other elements
    this.emailLink = new EmailLinkController(host, this.embed, new AccountFlows(host, this.embed), {
      priority: (action) => (action === 'report' ? 4 : 1),
      handle: (a) => void (a.action === 'report' ? this.openLater(a.id) : this.emailLink.handleDefault(a)),
    });
  }

  hostConnected(): void {
    void this.host.loadCategories();
    void this.host.session.ready().then(() => this.host.load());
  }

  /** Tells a hosting portal which report is open, so the page address can name it. */
  hostUpdated(): void {
    const id = this.host.open?.id ?? '';
    if (id === this.shownId) return;
    this.shownId = id;
    this.host.dispatchEvent(new CustomEvent('civic-report-shown', { detail: { id }, bubbles: true, composed: true }));
  }

  private openLater(id: string): void {
    this.host.reportId = id;
    void this.host.session.ready().then(() => this.host.load());
  }

  /** Opens a report of the list (loading it if needed), or with no id goes back to the list (the portal's Back/Forward). */
  show(id?: string): void {
    const host = this.host;
    if (!id) {
      host.open = undefined;
      return;
    }
    if (host.open?.id === id) return;
    host.reportId = id;
    if (host.reports) void host.load();
  }

  sessionChanged(change: SessionChange): void {
    this.host.open = undefined;
    this.host.reports = undefined;
    if (change.status === 'signed-in') void this.host.load();
  }
}
