import mongoose from 'mongoose';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken, newToken } from '../../lib/tokens.js';
import { DEFAULT_RATE_LIMIT, type ApiKeyRow, type Open311Models } from './model.js';

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
  constructor(private readonly models: Open311Models) {}

  async issue(name: string, rateLimit: number = DEFAULT_RATE_LIMIT): Promise<{ key: string; apiKey: ApiKeyView }> {
    const trimmed = name.trim();
    if (!trimmed) throw invalid({ name: 'required' });
    if (trimmed.length > 100 || /[\u0000-\u001f\u007f]/.test(trimmed)) throw invalid({ name: trimmed.length > 100 ? 'too_long' : 'invalid' });
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

  /**
   * Counts one POST against the key's per-minute limit: 0 when allowed, else seconds to wait. The hit is
   * inserted first and the window counted after, so of concurrent requests at the limit none slips
   * through (at worst both are refused); a refused request takes its hit back.
   */
  async spend(key: ApiKeyRow): Promise<number> {
    const now = Date.now();
    const hit = await this.models.KeyHit.create({ keyId: key._id, at: new Date(now) });
    const window = { keyId: key._id, at: { $gt: new Date(now - WINDOW_MS) } };
    const count = await this.models.KeyHit.countDocuments(window);
    if (count <= key.rateLimit) return 0;
    await this.models.KeyHit.deleteOne({ _id: hit._id });
    const oldest = await this.models.KeyHit.findOne(window, { at: 1 }).sort({ at: 1 }).lean();
    return Math.max(1, Math.ceil(((oldest?.at.getTime() ?? now) + WINDOW_MS - now) / 1000));
  }

  /** Hits older than the window no longer count (runs periodically). */
  async purge(): Promise<void> {
    await this.models.KeyHit.deleteMany({ at: { $lt: new Date(Date.now() - 2 * WINDOW_MS) } });
  }
}
