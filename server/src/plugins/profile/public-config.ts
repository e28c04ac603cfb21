import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import type { Config } from '../../config.js';
import { profileIdentity } from '../../profile/schema.js';
import { responses } from '../../lib/responses.js';

/** GET /api/v1/config: what a page needs to know before anything else works (docs/embedding.md). */
export const PublicConfig = Joi.object({
  ...profileIdentity,
  origin: Joi.string().allow(null).required().description("the calling page's origin, as the browser sent it (null when it sent none)"),
  originAllowed: Joi.boolean().required().description('whether that origin may call the rest of the API (CORS_ORIGINS, or this server itself)'),
}).label('PublicConfig');

/**
 * The one API route every origin may read (`Access-Control-Allow-Origin: *`, no credentials, a
 * simple GET with no preflight): a widget on a page whose origin is not in `CORS_ORIGINS` would
 * otherwise see nothing but a network failure, and blame the resident's connection. It says whether
 * the asking origin is allowed, so the widget can tell the webmaster what to set. The answer depends
 * on the `Origin` header: `Vary: Origin`, never stored by shared caches.
 */
export function publicConfigRoute(config: Config): ServerRoute {
  const allowed = new Set(config.corsOrigins);
  const own = new URL(config.publicUrl).origin;
  const { name, languages, defaultLanguage } = config.profile;
  return {
    method: 'GET',
    path: '/api/v1/config',
    options: {
      tags: ['api', 'profile'],
      description: 'Public configuration, readable from any origin: the city name and whether the calling origin is allowed',
      cors: { origin: ['*'], credentials: false },
      ...responses({ 200: PublicConfig }, []),
      handler: (request: Request, h) => {
        const origin = typeof request.headers.origin === 'string' ? request.headers.origin : null;
        const originAllowed = origin === null || origin === own || allowed.has(origin);
        return h.response({ name, languages, defaultLanguage, origin, originAllowed }).header('vary', 'origin');
      },
    },
  };
}
