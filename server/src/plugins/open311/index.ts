import Boom from '@hapi/boom';
import type { Plugin } from '@hapi/hapi';
import type { Connection } from 'mongoose';
import type { Config } from '../../config.js';
import type { Reports } from '../reports/index.js';
import { open311Models } from './model.js';
import { renderError } from './render.js';
import { PREFIX, apiKeyRoutes, open311Routes, type Audit } from './routes.js';
import { Open311Service } from './service.js';

export type { Open311Service } from './service.js';
export { CREATE_API_KEY_USAGE, createApiKeyCommand } from './cli.js';

/** Builds the Open311 domain on a connection (shared by the server and the CLI). */
export function createOpen311(conn: Connection, reports: Reports, config: Config): Open311Service {
  return new Open311Service(open311Models(conn), reports, config);
}

/**
 * Open311 GeoReport v2 under /open311/v2 (XML and JSON, the spec's error format) and the admin API for
 * integrator keys. Every failure on an /open311/ path, unknown paths included, is rendered here in the
 * spec's `errors` format; the server's contract-shaped error mapping leaves those paths alone.
 */
export const open311Plugin: Plugin<{ service: Open311Service; config: Config; audit?: Audit }> = {
  name: 'civickit-open311',
  dependencies: ['civickit-accounts', 'civickit-reports'],
  register(server, { service, config, audit }) {
    server.route([...open311Routes(service, config.profile.categories), ...apiKeyRoutes(service.keys, audit)]);
    server.ext('onPreResponse', (request, h) => {
      const response = request.response;
      if (!request.path.startsWith(PREFIX) || !Boom.isBoom(response)) return h.continue;
      return renderError(request, h, response);
    });
  },
};
