import type { Types } from 'mongoose';
import type { Status } from './workflow.js';
import { listItem, type ListRow } from './views.js';

/** One report as public lists, the map and "nearby" filter and show it. */
export interface ListEntry {
  id: string;
  at: number;
  status: Status;
  categoryId: string;
  lat: number;
  lng: number;
  /** Hidden by moderation (never listed publicly) and the profile district the report lies in. */
  hidden?: boolean;
  district?: string;
  /** SHA-256 of the tracking code: finds the report's _id without a scan on engines that scan. */
  trackingHash?: string;
  item: ReturnType<typeof listItem>;
}

/** What the snapshot reads: the list fields plus the tracking hash. */
export type SnapshotRow = ListRow & { trackingHash?: string };

interface Source {
  /** Every report's list fields: one scan, off the request path. */
  all(): Promise<SnapshotRow[]>;
  /** One report's list fields by _id (a unique-index look-up on every engine), null once it is gone. */
  one(id: Types.ObjectId | string): Promise<SnapshotRow | null>;
}

const newestFirst = (a: ListEntry, b: ListEntry) => b.at - a.at || (b.id < a.id ? -1 : b.id > a.id ? 1 : 0);

/**
 * Public lists, the map and "nearby" answered from memory: every report's list fields, newest first,
 * served stale-while-revalidate. A read older than `maxAgeMs` is answered at once from what is held
 * while one refresh per node runs in the background, so a slow engine (FerretDB scans every sorted or
 * filtered query) never puts a scan on the request path. This node's own writes are applied at once
 * (read-your-writes); other nodes' show within `maxAgeMs` (or twice the load time, if longer) plus one refresh.
 *
 * It also maps tracking hashes to ids, so a tracking-code look-up is a look-up by _id (the one index
 * FerretDB 1.x uses); a hash it does not know yet (another node's report of the last seconds) is asked
 * of the database by its unique index.
 *
 * Memory: about 1 KB per report (50,000 reports: ~50 MB per node).
 */
export class ListSnapshot {
  private entries: ListEntry[] = [];
  private loadedAt = 0;
  /** How long the last full load took: refreshes are spaced so they keep the database at most a third busy. */
  private loadMs = 0;
  private loading?: Promise<void>;
  /** Local changes made while a refresh runs, re-applied over its result (null: removed). */
  private changedDuringLoad?: Map<string, SnapshotRow | null>;
  private byTracking = new Map<string, string>();

  constructor(
    private readonly source: Source,
    private readonly publicUrl: string,
    private readonly maxAgeMs: number,
  ) {}

  /** Every report, newest first. Only the first read of a node (or after drop()) waits for the database. */
  async read(): Promise<readonly ListEntry[]> {
    if (!this.loadedAt) await this.refresh();
    else if (Date.now() - this.loadedAt > Math.max(this.maxAgeMs, 2 * this.loadMs)) void this.refresh().catch(() => {}); // served stale meanwhile
    return this.entries;
  }

  /** Forgets everything: the next read waits for a fresh load (after writes this node cannot name). */
  drop(): void {
    this.loadedAt = 0;
  }

  /** The _id of the report with this tracking hash, as far as this node knows (undefined: ask the database). */
  async idByTrackingHash(hash: string): Promise<string | undefined> {
    await this.read();
    return this.byTracking.get(hash);
  }

  /** A report this node just wrote, as written. */
  put(row: SnapshotRow): void {
    this.changedDuringLoad?.set(String(row._id), row);
    this.apply(String(row._id), row);
  }

  /** Re-reads reports this node changed (by _id) and applies them. */
  async reload(ids: Array<Types.ObjectId | string>): Promise<void> {
    for (const id of ids) {
      const row = await this.source.one(id);
      this.changedDuringLoad?.set(String(id), row);
      this.apply(String(id), row);
    }
  }

  private refresh(): Promise<void> {
    // one refresher per node: concurrent readers share the load in flight
    this.loading ??= (async () => {
      const started = Date.now();
      this.changedDuringLoad = new Map();
      try {
        const entries = (await this.source.all()).map((r) => this.entry(r)).sort(newestFirst);
        this.entries = entries;
        this.byTracking = new Map(entries.filter((e) => e.trackingHash).map((e) => [e.trackingHash!, e.id]));
        for (const [id, row] of this.changedDuringLoad) this.apply(id, row);
        this.loadedAt = Date.now();
        this.loadMs = this.loadedAt - started;
      } finally {
        this.changedDuringLoad = undefined;
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private entry(r: SnapshotRow): ListEntry {
    return {
      id: String(r._id),
      at: r.createdAt.getTime(),
      status: r.status as Status,
      categoryId: r.categoryId,
      lat: r.location.lat,
      lng: r.location.lng,
      hidden: r.hidden ?? undefined,
      district: r.district ?? undefined,
      trackingHash: r.trackingHash,
      item: listItem(r, this.publicUrl),
    };
  }

  private apply(id: string, row: SnapshotRow | null): void {
    const at = this.entries.findIndex((e) => e.id === id);
    if (at >= 0) {
      const [old] = this.entries.splice(at, 1);
      if (old!.trackingHash) this.byTracking.delete(old!.trackingHash);
    }
    if (!row) return;
    const entry = this.entry(row);
    if (entry.trackingHash) this.byTracking.set(entry.trackingHash, id);
    // binary search for its place, newest first
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newestFirst(this.entries[mid]!, entry) < 0) lo = mid + 1;
      else hi = mid;
    }
    this.entries.splice(lo, 0, entry);
  }
}
