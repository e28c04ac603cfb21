import type { Server } from '@hapi/hapi';
import { nameSchemas } from './openapi-names.js';

const isJson = (type: string) => /[/+]json\b/.test(type);

/**
 * Finishing touches on the OpenAPI 3.0 document hapi-swagger generates, applied as it is served:
 * - Joi `.meta({format})` becomes `format` (hapi-swagger maps it for numbers only; lib/responses.ts
 *   `isoTime` uses it for `date-time`), and the remaining `x-meta` copies of Joi metadata are dropped;
 * - hapi-swagger lists every media type a route produces under every response: a binary body (a photo)
 *   keeps only the non-JSON types, and any other body only the JSON ones (a photo route's errors are JSON).
 */
export function finishDocument(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(finishDocument);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'x-meta') {
      const format = (value as { format?: unknown }).format;
      if (typeof format === 'string') out.format = format;
    } else if (key === 'content' && value && typeof value === 'object' && !Array.isArray(value)) {
      out.content = finishDocument(narrowContent(value as Record<string, { schema?: { type?: string; format?: string } }>));
    } else {
      out[key] = finishDocument(value);
    }
  }
  return out;
}

function narrowContent(content: Record<string, { schema?: { type?: string; format?: string } }>) {
  const types = Object.keys(content);
  if (types.length < 2) return content;
  const binary = Object.values(content).some((c) => c.schema?.type === 'string' && c.schema.format === 'binary');
  const kept = types.filter((type) => isJson(type) !== binary);
  return kept.length ? Object.fromEntries(kept.map((type) => [type, content[type]])) : content;
}

export function registerDocumentFinish(server: Server, jsonPath: string): void {
  server.ext('onPostHandler', (request, h) => {
    const response = request.response as { source?: unknown; isBoom?: boolean };
    if (request.path === jsonPath && !response.isBoom && response.source && typeof response.source === 'object')
      response.source = finishDocument(nameSchemas(response.source as Record<string, unknown>));
    return h.continue;
  });
}
