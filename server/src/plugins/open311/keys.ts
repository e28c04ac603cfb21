import mongoose from 'mongoose';
import { concurrencyFor } from '../../db/concurrency.js';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { DEFAULT_RATE_LIMIT, type ApiKeyRow, type Open311Models } from './model.js';
import { CONTROL_CHAR } from '../../lib/control-chars.js';

/** Keys look like `civickit_` + 256 random bits (base64url), so a leaked one is easy to recognise in logs and scanners. */
export const KEY_PREFIX = 'civickit_';
const KEY_PATTERN = /^civickit_[A-Za-z0-9_-]{43}$/;
const WINDOW_MS = 60_000;
export const RATE_LIMIT_RANGE = { min: 1, max: 10_000 } as const;

export function apiKeyView(k: ApiKeyRow) {
  return {
    id: String(k._id),
    name: k.name,
    prefix: k.prefix,
    rateLimit: k.rateLimit,
    active: !k.revokedAt,
    createdAt: k.createdAt.toISOString(),
    revokedAt: k.revokedAt ? k.revokedAt.toISOString() : undefined,
  };
}
export type ApiKeyView = ReturnType<typeof apiKeyView>;

/** Integrator API keys: issued by an admin (CLI or admin API), shown once, stored as a hash, revocable. */
export class ApiKeys {
  /** Accepted POSTs per key and clock minute, exact on every node (db/concurrency.ts). */
  private readonly rate;
  constructor(private readonly models: Open311Models) {
    this.rate = concurrencyFor(models.ApiKey.db).slots({ name: 'open311-key', limit: DEFAULT_RATE_LIMIT, windowMs: WINDOW_MS });
  }

  async issue(name: string, rateLimit: number = DEFAULT_RATE_LIMIT): Promise<{ key: string; apiKey: ApiKeyView }> {
    const trimmed = name.trim();
    if (!trimmed) throw invalid({ name: 'required' });
    if (trimmed.length > 100 || CONTROL_CHAR.test(trimmed)) throw invalid({ name: trimmed.length > 100 ? 'too_long' : 'invalid' });
    if (!Number.isInteger(rateLimit) || rateLimit < RATE_LIMIT_RANGE.min || rateLimit > RATE_LIMIT_RANGE.max) throw invalid({ rateLimit: 'invalid' });
    const key = KEY_PREFIX + newToken();
    const row = await this.models.ApiKey.create({ name: trimmed, hash: hashToken(key), prefix: key.slice(0, KEY_PREFIX.length + 6), rateLimit });
    return { key, apiKey: apiKeyView(row.toObject() as ApiKeyRow) };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.models.ApiKey.find({}, { hash: 0 }).sort({ createdAt: -1, _id: -1 }).limit(1000).lean<ApiKeyRow[]>();
    return rows.map(apiKeyView);
  }

  /** Revoking is final and idempotent: a revoked key stays listed (for the record) and never works again. */
  async revoke(id: string): Promise<ApiKeyView> {
    const key = mongoose.isValidObjectId(id) ? await this.models.ApiKey.findById(id).lean<ApiKeyRow>() : null;
    if (!key) throw fail('not_found', 'No such API key');
    if (!key.revokedAt) await this.models.ApiKey.updateOne({ _id: key._id, revokedAt: { $exists: false } }, { $set: { revokedAt: new Date() } });
    return apiKeyView((await this.models.ApiKey.findById(id).lean<ApiKeyRow>())!);
  }

  /** The active key with this value, or null (unknown, malformed or revoked). */
  async verify(key: unknown): Promise<ApiKeyRow | null> {
    if (typeof key !== 'string' || !KEY_PATTERN.test(key.trim())) return null;
    return this.models.ApiKey.findOne({ hash: hashToken(key.trim()), revokedAt: { $exists: false } }).lean<ApiKeyRow>();
  }

  /** Counts one POST against the key's per-minute limit: 0 when allowed, else seconds to wait. */
  async spend(key: ApiKeyRow): Promise<number> {
    const slot = await this.rate.take(String(key._id), key.rateLimit);
    return slot.ok ? 0 : slot.retryAfter;
  }
}
