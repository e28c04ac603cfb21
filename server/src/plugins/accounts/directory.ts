import type { Types } from 'mongoose';
import type { Language } from '../../profile/schema.js';
import type { AccountModels, Role } from './model.js';

/** What another domain may know of an account: how to reach it, and whether it may be reached. */
export interface DirectoryEntry {
  id: string;
  email: string;
  locale?: Language;
  role: Role;
  department?: string;
  /** Activated (status `active`); a pending account is never written to. */
  active: boolean;
  blocked: boolean;
}

/** A reporter as the office may contact them (never shown to the public). */
export interface ReporterContact {
  name?: string;
  email?: string;
  phone?: string;
}

const PROJECTION = { email: 1, locale: 1, role: 1, department: 1, status: 1, blockedAt: 1 } as const;

type Row = {
  _id: Types.ObjectId;
  email: string;
  locale?: string | null;
  role?: string | null;
  department?: string | null;
  status?: string | null;
  blockedAt?: Date | null;
};

const entry = (u: Row): DirectoryEntry => ({
  id: String(u._id),
  email: u.email,
  locale: (u.locale as Language | null) ?? undefined,
  role: (u.role as Role | null) ?? 'resident',
  department: u.department ?? undefined,
  active: u.status === 'active',
  blocked: Boolean(u.blockedAt),
});

/**
 * Read-only look-ups over the accounts for the domains that write to residents and staff (reports,
 * alerts): they read recipients here instead of the User model.
 */
export class UserDirectory {
  constructor(private readonly User: AccountModels['User']) {}

  async find(id: string | Types.ObjectId): Promise<DirectoryEntry | null> {
    const user = await this.User.findById(id, PROJECTION).lean<Row>();
    return user ? entry(user) : null;
  }

  /** The department's active, unblocked staff (the role index serves it). */
  async staffOf(department: string): Promise<DirectoryEntry[]> {
    const rows = await this.User.find({ role: 'staff', department, status: 'active', blockedAt: null }, PROJECTION).lean<Row[]>();
    return rows.map(entry);
  }

  /**
   * How the office may reach reporters (the staff view and CSV of reports the department handles):
   * name, email and phone of each account still there, keyed by id.
   */
  async contacts(ids: Array<string | Types.ObjectId>): Promise<Map<string, ReporterContact>> {
    if (!ids.length) return new Map();
    const rows = await this.User.find({ _id: { $in: ids } }, { email: 1, firstName: 1, lastName: 1, phone: 1 })
      .limit(ids.length)
      .lean<Array<{ _id: Types.ObjectId; email: string; firstName?: string | null; lastName?: string | null; phone?: string | null }>>();
    return new Map(
      rows.map((u) => [String(u._id), { name: [u.firstName, u.lastName].filter(Boolean).join(' ') || undefined, email: u.email, phone: u.phone || undefined }]),
    );
  }
}
