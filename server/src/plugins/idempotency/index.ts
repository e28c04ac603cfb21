import { createHash } from 'node:crypto';
import type { Plugin, Request, ResponseToolkit } from '@hapi/hapi';
import { Schema, type Connection } from 'mongoose';
import { isDuplicateKey } from '../../db/unique.js';
import { clientIp } from '../../lib/client-ip.js';
import { fail } from '../../lib/errors.js';
import { sealer } from '../../lib/tokens.js';
import type { JobRegistry } from '../../housekeeping.js';

/**
 * `Idempotency-Key` on routes that create things (registration, reports): a client that retries after
 * a timeout gets the first answer again instead of a duplicate. A key is scoped to its client (the
 * account, or an anonymous request's client address, TRUST_PROXY-aware). The first request for a key claims it
 * with a unique insert (exact on FerretDB too); its 2xx answer is stored sealed (a report's tracking
 * code is a secret) and replayed for 24 hours to retries with the same body. A different body under
 * the same key is a 409; a retry while the first is still running is a 409 with Retry-After.
 * A request that died mid-way releases its key after two minutes.
 */
const recordSchema = new Schema(
  {
    _id: { type: String, required: true },
    requestHash: { type: String, required: true },
    state: { type: String, enum: ['pending', 'done'], default: 'pending' },
    statusCode: Number,
    sealed: String,
    createdAt: { type: Date, default: () => new Date(), index: true },
  },
  { collection: 'idempotency_keys', strict: true, versionKey: false },
);

const KEY = /^[A-Za-z0-9_-]{8,128}$/;
interface StoredAnswer {
  requestHash: string;
  state: 'pending' | 'done';
  statusCode?: number;
  sealed?: string;
  createdAt: Date;
}
const STALE_MS = 120_000;
const KEEP_MS = 24 * 3_600_000;

declare module '@hapi/hapi' {
  interface PluginSpecificConfiguration {
    idempotency?: boolean;
  }
  interface RequestApplicationState {
    idempotencyId?: string;
  }
}

function digest(value: unknown): string {
  const hash = createHash('sha256');
  const walk = (v: unknown): void => {
    if (Buffer.isBuffer(v)) hash.update(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v).sort()) {
        hash.update(`${k}=`);
        walk((v as Record<string, unknown>)[k]);
      }
    else hash.update(JSON.stringify(v ?? null));
  };
  walk(value);
  return hash.digest('base64url');
}

export const idempotencyPlugin: Plugin<{ conn: Connection; dataKey: string; housekeeping: JobRegistry; trustProxy?: number }> = {
  name: 'civickit-idempotency',
  register(server, { conn, dataKey, housekeeping, trustProxy = 0 }) {
    const Record = conn.models.IdempotencyKey ?? conn.model('IdempotencyKey', recordSchema);
    const seal = sealer(dataKey, 'idempotency');
    housekeeping.register({ name: 'idempotency-keys', everyMs: 60_000, firstAfterMs: 0, run: () => purgeIdempotencyKeys(conn) });

    server.ext('onPreHandler', async (request: Request, h: ResponseToolkit) => {
      if (!request.route.settings.plugins?.idempotency) return h.continue;
      const key = request.headers['idempotency-key'] as string | undefined;
      if (key === undefined) return h.continue;
      if (!KEY.test(key))
        throw fail('validation_failed', 'Idempotency-Key must be 8–128 letters, digits, - or _', { fields: { 'Idempotency-Key': 'invalid' } });
      // a key belongs to the client that made it (§4): the account, or for anonymous requests the client
      // address, so a key replayed from elsewhere is a new request and never sees the first answer
      const account = (request.auth.credentials as { id?: string } | null)?.id;
      const who = account ? `account:${account}` : `anonymous:${clientIp(request, trustProxy)}`;
      const id = digest([request.method, request.route.path, who, key]);
      const requestHash = digest(request.payload ?? null);
      for (let attempt = 0; attempt < 2; attempt++) {
        try {
          await Record.collection.insertOne({ _id: id as never, requestHash, state: 'pending', createdAt: new Date() });
          request.app.idempotencyId = id;
          return h.continue;
        } catch (err) {
          if (!isDuplicateKey(err)) throw err;
        }
        const existing = await Record.findById(id).lean<StoredAnswer>();
        if (!existing) continue;
        if (existing.requestHash !== requestHash) throw fail('conflict', 'This Idempotency-Key was used with a different request');
        if (existing.state === 'done') {
          return h
            .response(existing.sealed ? JSON.parse(seal.open(existing.sealed)) : undefined)
            .code(existing.statusCode ?? 200)
            .header('idempotent-replayed', 'true')
            .takeover();
        }
        if (Date.now() - existing.createdAt.getTime() < STALE_MS)
          throw fail('conflict', 'The first request with this Idempotency-Key is still being processed', { retryAfter: 2 });
        await Record.deleteOne({ _id: id, state: 'pending' }); // the first attempt died: let this one run
      }
      throw fail('conflict', 'The first request with this Idempotency-Key is still being processed', { retryAfter: 2 });
    });

    server.ext('onPreResponse', async (request: Request, h: ResponseToolkit) => {
      const id = request.app.idempotencyId;
      if (!id) return h.continue;
      const response = request.response as { isBoom?: boolean; statusCode?: number; source?: unknown };
      if (!response.isBoom && response.statusCode && response.statusCode < 300) {
        await Record.updateOne(
          { _id: id },
          {
            $set: {
              state: 'done',
              statusCode: response.statusCode,
              sealed: response.source === undefined || response.source === null ? undefined : seal.seal(JSON.stringify(response.source)),
            },
          },
        );
      } else {
        // failures are not remembered: fixing the request and retrying with the same key must work
        await Record.deleteOne({ _id: id });
      }
      return h.continue;
    });
  },
};

/** Housekeeping: answers are replayed for 24 hours. */
async function purgeIdempotencyKeys(conn: Connection): Promise<void> {
  const Record = conn.models.IdempotencyKey ?? conn.model('IdempotencyKey', recordSchema);
  await Record.deleteMany({ createdAt: { $lt: new Date(Date.now() - KEEP_MS) } });
}
