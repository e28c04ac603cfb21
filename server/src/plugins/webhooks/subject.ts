import type { WebhookEntry } from '../../profile/city-op.js';
import type { CityOpFace } from '../city-op/index.js';

/**
 * How a webhook names an account: its pairwise `sub` at the webhook's client, and then only when the
 * account used that client (null: not told); without a client, the account id (API.md §8).
 */
export async function accountSubject(cityOp: CityOpFace, hook: WebhookEntry, accountId: string): Promise<{ sub: string } | null> {
  if (!hook.client) return { sub: accountId };
  const used = await cityOp.clientsUsedBy(accountId);
  return used.includes(hook.client) ? { sub: cityOp.subFor(hook.client, accountId) } : null;
}
