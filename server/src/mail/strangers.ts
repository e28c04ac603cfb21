import type { Concurrency } from '../db/concurrency.js';
import { rollingSlots, type RollingSlots } from '../db/rolling.js';
import { canonicalEmail, clientNetwork } from '../lib/email-address.js';
import type { MunicipalityProfile } from '../profile/schema.js';

export const STRANGER_WINDOW_MS = 24 * 3_600_000;

/**
 * The one stranger email budget (contract §4b). Every email that someone other than the mailbox's
 * owner can cause (a registration or its notice, a resend, a reset, an email change's confirmation,
 * an alert confirmation, an anonymous report's receipt) spends one slot of the address and one of
 * the client network, in any 24 hours, whatever the route: the city's name cannot be used to flood
 * a mailbox, nor one network to mail many. Callers answer exactly as if the email had gone (no
 * oracle); a refused slot only means nothing is sent.
 */
export class StrangerMail {
  private readonly perAddress: RollingSlots;
  private readonly perNetwork: RollingSlots;

  constructor(cc: Concurrency, limits: MunicipalityProfile['limits']) {
    this.perAddress = rollingSlots(cc, { name: 'stranger-mail-address', limit: limits.strangerEmailsPerAddressPerDay, windowMs: STRANGER_WINDOW_MS });
    this.perNetwork = rollingSlots(cc, { name: 'stranger-mail-network', limit: limits.strangerEmailsPerNetworkPerDay, windowMs: STRANGER_WINDOW_MS });
  }

  /**
   * True when one more email to `address` caused by `clientIp` is within both budgets; both slots are
   * then spent. The network's slot is taken first, so a network over its budget cannot also use up
   * the address's.
   */
  async mayMail(address: string, clientIp: string): Promise<boolean> {
    if (!(await this.perNetwork.take(clientNetwork(clientIp))).ok) return false;
    return (await this.perAddress.take(canonicalEmail(address))).ok;
  }

  /**
   * The address's budget alone, for an integrator holding an admin-issued Open311 key: its end users
   * are strangers to the address, but its server is one client network for a whole city's app.
   */
  async mayMailAddress(address: string): Promise<boolean> {
    return (await this.perAddress.take(canonicalEmail(address))).ok;
  }
}

/** One budget per concurrency layer (per database): every domain that mails strangers spends from the same one. */
const budgets = new WeakMap<Concurrency, StrangerMail>();
export function strangerMail(cc: Concurrency, limits: MunicipalityProfile['limits']): StrangerMail {
  let budget = budgets.get(cc);
  if (!budget) budgets.set(cc, (budget = new StrangerMail(cc, limits)));
  return budget;
}
