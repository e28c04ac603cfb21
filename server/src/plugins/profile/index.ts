import type { Plugin } from '@hapi/hapi';
import type { Config } from '../../config.js';
import { PublicProfile, publicProfile } from '../../profile/schema.js';
import { responses } from '../../lib/responses.js';
import { publicConfigRoute } from './public-config.js';

/** GET /api/v1/profile: the public part of the municipality profile the widget builds its forms from. */
export const profilePlugin: Plugin<{ config: Config }> = {
  name: 'civickit-profile',
  register(server, { config }) {
    const body = publicProfile(config.profile);
    server.route({
      method: 'GET',
      path: '/api/v1/profile',
      options: {
        tags: ['api', 'profile'],
        description: 'The public municipality profile',
        cache: { expiresIn: 300_000, privacy: 'public' },
        ...responses({ 200: PublicProfile }, []),
        handler: () => body,
      },
    });
    server.route(publicConfigRoute(config));
  },
};
