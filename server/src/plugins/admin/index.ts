import type { Plugin } from '@hapi/hapi';
import type { AdminService } from './service.js';
import { adminRoutes } from './routes.js';

export { AdminService, type Actor } from './service.js';
export { IMPORT_USAGE, importUsersCommand } from './cli.js';

/** Administration (contract §6). */
export const adminPlugin: Plugin<{ service: AdminService }> = {
  name: 'civickit-admin',
  register(server, { service }) {
    server.route(adminRoutes(service));
  },
};
