import type { Reports, StatsRow } from '../reports/index.js';

const MONTHS = 12;
const CACHE_MS = 10 * 60_000;
/** Bounded: a year of a large city's reports, projected to four small fields. */
const MAX_ROWS = 100_000;

type Row = StatsRow;

export function median(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const monthOf = (d: Date) => d.toISOString().slice(0, 7);
const hours = (from: Date, to: Date) => (to.getTime() - from.getTime()) / 3_600_000;
const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

/** Hours from creation to the first step out of `new` (accepted or further) and to the first `resolved`. */
function durations(r: Row): { accept?: number; resolve?: number } {
  const accepted = r.history.find((h) => h.status === 'accepted' || h.status === 'in_progress' || h.status === 'resolved');
  const resolved = r.history.find((h) => h.status === 'resolved');
  return { accept: accepted ? hours(r.createdAt, accepted.at) : undefined, resolve: resolved ? hours(r.createdAt, resolved.at) : undefined };
}

/**
 * The public statistics page (contract §4b, where the profile's `publicStats` allows): reports per
 * category and month over the last twelve months, and median hours to accept and to resolve. Computed
 * from one projected scan and kept for ten minutes: the figures move slowly and the scan is not cheap.
 */
export class Statistics {
  private cached?: { until: number; value: Promise<ReturnType<Statistics['compute']>> };

  constructor(private readonly reports: Reports) {}

  get published(): boolean {
    return this.reports.config.profile.publicStats;
  }

  get() {
    if (!this.cached || this.cached.until < Date.now()) {
      const value = this.reports.queries.forStats(this.since(), MAX_ROWS).then((rows) => this.compute(rows));
      value.catch(() => (this.cached = undefined));
      this.cached = { until: Date.now() + CACHE_MS, value };
    }
    return this.cached.value;
  }

  private since(): Date {
    const now = new Date();
    return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1), 1));
  }

  private compute(rows: Row[]) {
    const since = this.since();
    const months = Array.from({ length: MONTHS }, (_, i) => monthOf(new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + i, 1))));
    const categories = this.reports.categories().map((c) => {
      const mine = rows.filter((r) => r.categoryId === c.id);
      const counts = Object.fromEntries(months.map((m) => [m, 0]));
      for (const r of mine) counts[monthOf(r.createdAt)]! += 1;
      const d = mine.map(durations);
      return {
        categoryId: c.id,
        name: c.name,
        counts: months.map((m) => counts[m]!),
        total: mine.length,
        medianHoursToAccept: round1(median(d.flatMap((x) => (x.accept === undefined ? [] : [x.accept])))),
        medianHoursToResolve: round1(median(d.flatMap((x) => (x.resolve === undefined ? [] : [x.resolve])))),
      };
    });
    const all = rows.map(durations);
    return {
      months,
      categories,
      total: rows.length,
      medianHoursToAccept: round1(median(all.flatMap((x) => (x.accept === undefined ? [] : [x.accept])))),
      medianHoursToResolve: round1(median(all.flatMap((x) => (x.resolve === undefined ? [] : [x.resolve])))),
      generatedAt: new Date().toISOString(),
    };
  }
}
