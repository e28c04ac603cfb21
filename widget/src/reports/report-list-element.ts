import { property, state } from 'lit/decorators.js';
import type { EmailAction, EmailActionKind } from '../core/email-link.js';
import type { SessionChange } from '../core/session.js';
import { ReportElement } from './report-element.js';
import type { Report } from './types.js';

/**
 * A signed-in list of reports with one open at a time (civic-my-reports, civic-staff-console): loads
 * when connected and on sign-in, forgets everything on sign-out, and opens the report a notification
 * email links to (`civic_action=report&id=…`).
 */
export abstract class ReportListElement extends ReportElement {
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

  override emailActionPriority(action: EmailActionKind): number {
    return action === 'report' ? 4 : 1;
  }

  override handleEmailAction(a: EmailAction): void {
    if (a.action !== 'report') return super.handleEmailAction(a);
    this.reportId = a.id;
    void this.session.ready().then(() => this.load());
  }

  protected override sessionChanged(change: SessionChange): void {
    this.open = undefined;
    this.reports = undefined;
    if (change.status === 'signed-in') void this.load();
  }
}
