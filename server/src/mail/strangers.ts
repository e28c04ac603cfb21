import type { Concurrency } from '../db/concurrency.js';
import type { MunicipalityProfile } from '../profile/schema.js';

const HOUR = 3_600_000;

/**
 * Every email a stranger's request can cause to be sent to an address (a registration, a reset, an
 * email change, an anonymous report's contact address) spends a slot per address and per client in
 * the hour, in every domain alike: the city's name cannot be used to flood a mailbox.
 */
export class StrangerMail {
  private readonly perAddress;
  private readonly perClient;

  constructor(cc: Concurrency, limits: MunicipalityProfile['limits']) {
    this.perAddress = cc.slots({ name: 'mail-address', limit: limits.emailsPerAddressPerHour, windowMs: HOUR });
    this.perClient = cc.slots({ name: 'mail-client', limit: limits.emailsPerClientPerHour, windowMs: HOUR });
  }

  /** True when one more email to `address` caused by `clientIp` is within both limits (both slots are spent). */
  async mayMail(address: string, clientIp: string): Promise<boolean> {
    const [perAddress, perClient] = await Promise.all([this.perAddress.take(address.trim().toLowerCase()), this.perClient.take(clientIp)]);
    return perAddress.ok && perClient.ok;
  }
}
