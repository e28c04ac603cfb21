import mongoose, { type Types } from 'mongoose';
import type { Config } from '../../config.js';
import { fail } from '../../lib/errors.js';
import { concurrencyFor, type LeaseLock } from '../../db/concurrency.js';
import { sealer } from '../../lib/tokens.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { UserDirectory } from '../accounts/index.js';
import { ListSnapshot, type SnapshotRow } from './list-snapshot.js';
import type { EventRow, ReportModels, ReportRow } from './model.js';
import { ReportNotifier } from './notifications.js';
import { PhotoStore } from './photos.js';
import { ReportQueries } from './queries.js';
import { LIST_PROJECTION } from './views.js';
import { nextStatuses, type Status } from './workflow.js';

const SNAPSHOT_PROJECTION = { ...LIST_PROJECTION, trackingHash: 1 } as const;

/** Who is asking (the `session` credentials); staff carry their department. */
export interface Actor {
  id: string;
  role: 'resident' | 'staff' | 'admin';
  department?: string;
}

type Log = (tags: string[], data: unknown) => void;

/** What other domains (alerts, the back office) hear about, after the response; see ReportsService.changes. */
export type ReportChange = { kind: 'created'; report: ReportRow } | { kind: 'status'; report: ReportRow; event: EventRow };

export const LIST_CACHE_MS = 5_000;

/**
 * The reports domain: what it shares (models, the write lease, the list snapshot, routing by category)
 * lives here; each job lives in its own file (creation, reading, status, support, staff-edits) and is
 * reached through the methods below, which are the domain's service interface.
 */
/**
 * What every job of the reports domain stands on: the models, the write lease, the list snapshot, the
 * notifier, routing by category and who may manage a report. The jobs (creation, reading, status,
 * support, staff-edits) take this, and ReportsService (service.ts) puts them together.
 */
export class ReportsCore {
  readonly photos: PhotoStore;
  readonly notifier: ReportNotifier;
  /**
   * Every update of a report document goes through this lease: FerretDB applies an update as read,
   * change, write back, so two concurrent updates of one report (on any node) could lose one.
   */
  readonly writes: LeaseLock;
  /**
   * Public lists, the map and "nearby" are answered from memory, refreshed stale-while-revalidate by one
   * refresher per node: on FerretDB 1.x any filtered or sorted find decodes the whole collection.
   */
  readonly lists: ListSnapshot;
  /** The reads other domains make (back office, Open311, alerts). */
  readonly queries: ReportQueries;
  protected readonly seal;
  /** Listeners told of every new report and applied status change (run after the response, like emails). */
  readonly changes: Array<(change: ReportChange) => Promise<void>> = [];

  constructor(
    readonly models: ReportModels,
    /** Reporters' and staff's accounts: recipients for the notifier, contacts for the back office. */
    readonly directory: UserDirectory,
    readonly config: Config,
    outbox: Outbox,
    log: Log = () => {},
  ) {
    this.seal = sealer(config.dataKey, 'tracking-code');
    const cc = concurrencyFor(models.Report.db);
    this.writes = cc.lease({ name: 'report-write', ttlMs: 30_000, waitMs: 10_000 });
    this.photos = new PhotoStore(models.Report.db);
    this.queries = new ReportQueries(models);
    this.lists = new ListSnapshot(
      {
        all: () => models.Report.find({}, SNAPSHOT_PROJECTION).lean<SnapshotRow[]>(),
        one: (id) => models.Report.findById(id, SNAPSHOT_PROJECTION).lean<SnapshotRow>(),
      },
      config.publicUrl,
      LIST_CACHE_MS,
    );
    this.notifier = new ReportNotifier(models, directory, config, outbox, (sealed) => this.openCode(sealed), log);
  }

  /** Reverse proxies whose X-Forwarded-For the routes trust for the client's address. */
  get trustProxy(): number {
    return this.config.trustProxy;
  }

  openCode(sealed: string | undefined | null): string {
    if (!sealed) return '';
    try {
      return this.seal.open(sealed);
    } catch {
      return ''; // sealed under an older secret
    }
  }

  categories() {
    return this.config.profile.categories.map((c) => ({ id: c.id, name: c.name, department: c.department }));
  }

  /** Routing follows the current profile, so re-assigning a category moves its open reports too. */
  departmentOf(categoryId: string): string | undefined {
    return this.config.profile.categories.find((c) => c.id === categoryId)?.department;
  }

  canManage(actor: Actor | undefined, report: Pick<ReportRow, 'categoryId'>): boolean {
    if (!actor) return false;
    if (actor.role === 'admin') return true;
    return actor.role === 'staff' && !!actor.department && actor.department === this.departmentOf(report.categoryId);
  }

  /** The statuses `actor` may set on `report` now (none where they may not manage it). */
  nextStatusesFor(actor: Actor, report: Pick<ReportRow, 'categoryId' | 'status'>): Status[] {
    return this.canManage(actor, report) ? [...nextStatuses(report.status)] : [];
  }

  async find(id: string): Promise<ReportRow> {
    const report = mongoose.isValidObjectId(id) ? await this.models.Report.findById(id).lean<ReportRow>() : null;
    if (!report) throw fail('not_found', 'No such report');
    return report;
  }

  /**
   * Called after writes this node made to reports: with their ids they are re-read by _id; without,
   * the lists are reloaded before the next read.
   */
  async invalidateLists(ids?: Array<Types.ObjectId | string>): Promise<void> {
    if (ids) await this.lists.reload(ids);
    else this.lists.drop();
  }

  /** Tells the listeners; each one's failure is its own (logged by the notifier, never the caller's). */
  announce(change: ReportChange): void {
    for (const listener of this.changes) this.notifier.later(() => listener(change));
  }
}
