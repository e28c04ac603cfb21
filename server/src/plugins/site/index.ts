import path from 'node:path';
import { existsSync } from 'node:fs';
import type { Plugin } from '@hapi/hapi';
import type { Config } from '../../config.js';
import { ROOT } from '../../paths.js';

const WIDGET_DIR = path.join(ROOT, 'dist/widget');
const DEMO_DIR = path.join(ROOT, 'examples/demo');

/**
 * The widget script (/widget/…) and the demo municipal portal (/). Fingerprinted files
 * (civickit.<hash>.js, chunks) are immutable; civickit.js itself is revalidated hourly so cities
 * that paste the plain URL get updates.
 */
export const sitePlugin: Plugin<{ config: Config }> = {
  name: 'civickit-site',
  register(server) {
    server.route({
      method: 'GET',
      path: '/widget/{file*}',
      options: {
        cors: { origin: ['*'], credentials: false },
        handler: (request, h) => {
          const file = String(request.params.file ?? '');
          if (!existsSync(WIDGET_DIR)) return h.response('The widget is not built yet: run npm run build').code(503).type('text/plain');
          const response = h.file(file, { confine: WIDGET_DIR, lookupCompressed: true, etagMethod: 'hash' });
          const immutable = /\.[0-9a-f]{8,}\.(js|css)$/.test(file) || file.startsWith('chunks/');
          return response
            .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=3600, must-revalidate')
            .header('cross-origin-resource-policy', 'cross-origin');
        },
      },
    });
    server.route({
      method: 'GET',
      path: '/{file*}',
      options: {
        handler: {
          directory: { path: DEMO_DIR, index: ['index.html'], listing: false, redirectToSlash: false },
        },
      },
    });
  },
};
