import { property, state } from 'lit/decorators.js';
import { AccountFlows } from '../core/account-flows.js';
import { EmbedController } from '../core/embed.js';
import { EmailLinkController } from '../core/email-link.js';
import type { SessionChange } from '../core/session.js';
import { ReportElement } from './report-element.js';
import type { Report } from './types.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** A report list opened (`id`) or closed (`''`) a report. */
    'civic-report-shown': CustomEvent<{ id: string }>;
  }
}

/**
 * A signed-in list of reports with one open at a time (civic-my-reports, civic-staff-console): loads
 * when connected and on sign-in, forgets everything on sign-out, and opens the report a notification
 * email links to (`civic_action=report&id=…`).
 */
export abstract class ReportListElement extends ReportElement {
  protected readonly embed = new EmbedController(this);
  protected readonly flows = new AccountFlows(this, this.embed);
  /** A notification's `civic_action=report&id=…` opens the report here, ahead of other elements. */
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows, {
    priority: (action) => (action === 'report' ? 4 : 1),
    handle: (a) => (a.action === 'report' ? this.openFromEmail(a.id) : this.emailLink.handleDefault(a)),
  });

  /** The gate's "log in". */
  protected readonly signIn = (): void => this.embed.goTo('login', 'civic-login');

  /** A report to open once the list is loaded (e.g. from a notification email's link). */
  @property({ attribute: 'report-id' }) reportId = '';

  @state() protected reports?: Report[];
  @state() protected open?: Report;

  /** Loads the list (the next page with `more`), then opens `reportId` if one is waiting. */
  protected abstract load(more?: boolean): Promise<void>;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCategories();
    void this.session.ready().then(() => this.load());
  }

  private openFromEmail(id: string): void {
    this.reportId = id;
    void this.session.ready().then(() => this.load());
  }

  /** Opens a report of the list (loading it if needed), or with no id goes back to the list (the portal's Back/Forward). */
  showReport(id?: string): void {
    if (!id) {
      this.open = undefined;
      return;
    }
    if (this.open?.id === id) return;
    this.reportId = id;
    if (this.reports) void this.load();
  }

  /** Tells a hosting portal which report is open, so the page address can name it. */
  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (changed.has('open') && (changed.get('open') as Report | undefined)?.id !== this.open?.id) {
      this.dispatchEvent(new CustomEvent('civic-report-shown', { detail: { id: this.open?.id ?? '' }, bubbles: true, composed: true }));
    }
  }

  protected override sessionChanged(change: SessionChange): void {
    this.open = undefined;
    this.reports = undefined;
    if (change.status === 'signed-in') void this.load();
  }
}
