import { parseArgs } from 'node:util';
import { RATE_LIMIT_RANGE } from './keys.js';
import type { Open311Service } from './service.js';

export const CREATE_API_KEY_USAGE = `  create-api-key --name NAME [--rate-limit N]
      Issues an Open311 / integrator API key (N POST requests per minute, default 30). The key is
      printed once, alone on the last line; only its hash is stored.`;

// errors coded ERR_PARSE_ARGS_* are printed by the CLI with its usage text
const usageError = (message: string) => Object.assign(new Error(message), { code: 'ERR_PARSE_ARGS_USAGE' });

/** `npm run cli -- create-api-key --name NAME`: the same service the admin API uses. */
export async function createApiKeyCommand(app: { open311: Pick<Open311Service, 'keys'> }, args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, 'rate-limit': { type: 'string' } }, strict: true });
  if (!values.name?.trim()) throw usageError('create-api-key needs --name NAME');
  const rateLimit = values['rate-limit'] === undefined ? undefined : Number(values['rate-limit']);
  if (rateLimit !== undefined && !(Number.isInteger(rateLimit) && rateLimit >= RATE_LIMIT_RANGE.min && rateLimit <= RATE_LIMIT_RANGE.max)) {
    throw usageError(`--rate-limit must be a whole number from ${RATE_LIMIT_RANGE.min} to ${RATE_LIMIT_RANGE.max}`);
  }
  const { key, apiKey } = await app.open311.keys.issue(values.name, rateLimit);
  console.log(`API key "${apiKey.name}" (id ${apiKey.id}, ${apiKey.rateLimit} POST requests per minute). It is shown only this once; keep it secret:`);
  console.log(key);
}
