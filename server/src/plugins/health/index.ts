import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import Joi from 'joi';
import { fail } from '../../lib/errors.js';
import { responses } from '../../lib/responses.js';

const Health = Joi.object({ status: Joi.string().valid('ok').required() }).label('Health');

/** Liveness (the process runs) and readiness (the database answers within 2 s). */
export const healthPlugin: Plugin<{ conn: Connection }> = {
  name: 'civickit-health',
  register(server, { conn }) {
    server.route([
      {
        method: 'GET',
        path: '/health/live',
        options: { tags: ['api', 'health'], description: 'The process runs', ...responses({ 200: Health }, []), handler: () => ({ status: 'ok' }) },
      },
      {
        method: 'GET',
        path: '/health/ready',
        options: {
          tags: ['api', 'health'],
          description: 'The database answers',
          ...responses({ 200: Health }, [503]),
          handler: async () => {
            const ping = conn.db?.admin().ping();
            const ok = await Promise.race([
              (ping ?? Promise.reject(new Error('not connected'))).then(() => true),
              new Promise<boolean>((r) => setTimeout(() => r(false), 2000).unref()),
            ]).catch(() => false);
            if (!ok) throw fail('service_unavailable', 'The database does not answer', { retryAfter: 5 });
            return { status: 'ok' };
          },
        },
      },
    ]);
  },
};
