import { css, html, nothing, svg } from 'lit';
import { state } from 'lit/decorators.js';
import { ApiError } from '../../core/api.js';
import { defineElement } from '../../core/registry.js';
import { intlLocale } from '../../core/i18n.js';
import { baseStyles } from '../../core/styles.js';
import { ReportElement } from '../../reports/report-element.js';
import { reportStyles } from '../../reports/styles.js';
import type { components } from '../../core/api-types.js';
import { AccountFlows } from '../../core/account-flows.js';
import { EmbedController } from '../../core/embed.js';
import { EmailLinkController } from '../../core/email-link.js';

type Stats = components['schemas']['Stats'];

const W = 320;
const H = 120;

/**
 * @tagname civic-stats
 * @summary The public statistics page (where the city publishes it): reports per category and month
 * as an accessible table, a small inline SVG chart of the monthly totals, and the median hours to
 * accept and to resolve. No chart library.
 *
 * @csspart table - The table.
 * @csspart chart - The chart.
 * @csspart status - The live region.
 */
export class CivicStats extends ReportElement {
  static override styles = [
    baseStyles,
    reportStyles,
    css`
      .scroll {
        overflow-x: auto;
      }
      table {
        border-collapse: collapse;
        font-variant-numeric: tabular-nums;
      }
      th,
      td {
        border-bottom: 1px solid #b1b4b6;
        padding: 0.3em 0.5em;
        text-align: right;
      }
      th[scope='row'],
      thead th:first-child {
        text-align: left;
      }
      svg {
        max-width: 100%;
        height: auto;
      }
      .bar {
        fill: var(--civic-color-primary, #1d70b8);
      }
    `,
  ];
  private readonly embed = new EmbedController(this);
  private readonly flows = new AccountFlows(this, this.embed);
  protected readonly emailLink = new EmailLinkController(this, this.embed, this.flows);

  @state() private stats?: Stats;
  @state() private off = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadCategories();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.stats = await this.session.api.request<Stats>('GET', '/stats');
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) this.off = true;
      else this.notice = { kind: 'error', text: this.errorText(err) };
    }
  }

  private monthName(m: string): string {
    return new Intl.DateTimeFormat(intlLocale(this.t.lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${m}-01T00:00:00Z`));
  }

  private hours(n: number | null): string {
    return n === null ? this.t('noData') : this.t('hoursN', { n: new Intl.NumberFormat(this.t.lang, { maximumFractionDigits: 1 }).format(n) });
  }

  /** Monthly totals as bars; the table holds the same figures, so the chart is an image with a text alternative. */
  private renderChart(s: Stats) {
    const totals = s.months.map((_, i) => s.categories.reduce((n, c) => n + (c.counts[i] ?? 0), 0));
    const max = Math.max(1, ...totals);
    const bw = W / totals.length;
    const alt = this.t('chartLabel', { values: s.months.map((m, i) => `${this.monthName(m)}: ${totals[i]}`).join(', ') });
    return html`<svg part="chart" viewBox="0 0 ${W} ${H + 16}" width=${W} height=${H + 16} role="img" aria-label=${alt}>
      ${totals.map((v, i) => {
        // room above the tallest bar for its figure; months by name ("gru"), not a bare "12"
        const h = Math.round((v / max) * (H - 16));
        const month = new Intl.DateTimeFormat(intlLocale(this.t.lang), { month: 'short', timeZone: 'UTC' }).format(new Date(`${s.months[i]}-01T00:00:00Z`));
        return svg`<rect class="bar" x=${i * bw + 2} y=${H - h} width=${bw - 4} height=${h}></rect>
          <text x=${i * bw + bw / 2} y=${H - h - 3} font-size="9" text-anchor="middle" fill="currentColor">${v}</text>
          <text x=${i * bw + bw / 2} y=${H + 12} font-size="9" text-anchor="middle" fill="currentColor">${month}</text>`;
      })}
    </svg>`;
  }

  override render() {
    const t = this.t;
    const s = this.stats;
    return html`<section aria-labelledby="stats-title">
      <slot name="heading"><h2 id="stats-title">${t('statsTitle')}</h2></slot>
      ${this.renderNotice()}
      ${
        this.off
          ? html`<p>${t('statsOff')}</p>`
          : !s
            ? html`<p>${t('loading')}</p>`
            : html`<dl class="meta">
                <div><dt>${t('medianAccept')}</dt><dd>${this.hours(s.medianHoursToAccept)}</dd></div>
                <div><dt>${t('medianResolve')}</dt><dd>${this.hours(s.medianHoursToResolve)}</dd></div>
              </dl>
              ${this.renderChart(s)}
              <div class="scroll" tabindex="0" role="region" aria-labelledby="stats-caption">
                <table part="table">
                  <caption id="stats-caption">${t('statsCaption')}</caption>
                  <thead>
                    <tr><th scope="col">${t('category')}</th>${s.months.map((m) => html`<th scope="col">${this.monthName(m)}</th>`)}<th scope="col">${t('total')}</th>
                      <th scope="col">${t('medianAccept')}</th><th scope="col">${t('medianResolve')}</th></tr>
                  </thead>
                  <tbody>
                    ${s.categories.map(
                      (c) => html`<tr><th scope="row">${this.categoryName(c.categoryId)}</th>${c.counts.map((n) => html`<td>${n}</td>`)}<td>${c.total}</td>
                        <td>${this.hours(c.medianHoursToAccept)}</td><td>${this.hours(c.medianHoursToResolve)}</td></tr>`,
                    )}
                  </tbody>
                </table>
              </div>`
      }
      ${nothing}
    </section>`;
  }
}

defineElement('civic-stats', CivicStats);

declare global {
  interface HTMLElementTagNameMap {
    'civic-stats': CivicStats;
  }
}
