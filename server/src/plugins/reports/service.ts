import type { Types } from 'mongoose';
import type { Config } from '../../config.js';
import { concurrencyFor } from '../../db/concurrency.js';
import type { Paging } from '../../lib/paging.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { UserDirectory } from '../accounts/index.js';
import { AnonymousReportLimits } from './abuse.js';
import { ReportsCore, type Actor } from './core.js';
import { ReportCreation, type CreateOptions, type NewReport } from './creation.js';
import type { ReportModels, ReportRow } from './model.js';
import { ReportReading, type ListFilters } from './reading.js';
import { StaffEdits } from './staff-edits.js';
import { StatusChanges, type EventInput, type StatusChange } from './status.js';
import { Supports } from './support.js';

export { LIST_CACHE_MS, type Actor, type ReportChange } from './core.js';
export type { NewReport } from './creation.js';
export type { ListFilters } from './reading.js';
export { distanceMetres, NEARBY } from './reading.js';
export type { EventInput, StatusChange } from './status.js';

/** The reports service as other domains see it: the models, the write lease and the list snapshot stay inside. */
export type Reports = Omit<ReportsService, 'models' | 'writes' | 'lists'>;

/** The reports domain's service: its jobs, each in its own file, behind one set of methods. */
export class ReportsService extends ReportsCore {
  /** The writes other domains ask for (district placement, moderation). */
  readonly edits = new StaffEdits(this);
  private readonly creation: ReportCreation;
  private readonly reading = new ReportReading(this);
  private readonly statuses = new StatusChanges(this);
  private readonly supports = new Supports(this);

  constructor(models: ReportModels, directory: UserDirectory, config: Config, outbox: Outbox, log?: (tags: string[], data: unknown) => void) {
    super(models, directory, config, outbox, log);
    const limits = new AnonymousReportLimits(concurrencyFor(models.Report.db), config.profile.limits);
    this.creation = new ReportCreation(this, limits, (code) => this.seal.seal(code));
  }

  create = (input: NewReport, actor: Actor | undefined, photos?: Buffer[], options?: CreateOptions) => this.creation.create(input, actor, photos, options);

  list = (filters: ListFilters, paging: Paging) => this.reading.list(filters, paging);
  nearby = (categoryId: string, at: { lat: number; lng: number }, radius?: number) => this.reading.nearby(categoryId, at, radius);
  view = (id: string, actor?: Actor) => this.reading.view(id, actor);
  findByTrackingCode = (code: string) => this.reading.findByTrackingCode(code);
  track = (code: string) => this.reading.track(code);
  mine = (userId: string, paging: Paging) => this.reading.mine(userId, paging);
  photo = (id: string, n: number) => this.reading.photo(id, n);

  changeStatus = (id: string, actor: Actor, change: StatusChange) => this.statuses.change(id, actor, change);
  appendEvent = (report: ReportRow, input: EventInput) => this.statuses.append(report, input);
  sweep = (olderThanMs?: number) => this.statuses.sweep(olderThanMs);

  support = (id: string, actor: Actor) => this.supports.support(id, actor);
  unsupport = (id: string, actor: Actor) => this.supports.unsupport(id, actor);
  dropSupport = (reportId: Types.ObjectId) => this.supports.drop(reportId);
}
