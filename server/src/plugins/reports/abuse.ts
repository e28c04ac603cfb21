import type { Concurrency } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import { strangerMail, type StrangerMail } from '../../mail/strangers.js';
import type { MunicipalityProfile } from '../../profile/schema.js';

/**
 * What an anonymous reporter may cause: a number of reports per client and hour (each one emails the
 * department's staff; refused with 429 before anything is written), and a receipt to a contact
 * address within the one stranger email budget (mail/strangers.ts).
 */
export class AnonymousReportLimits {
  private readonly perClient;
  private readonly mail: StrangerMail;

  constructor(cc: Concurrency, limits: MunicipalityProfile['limits']) {
    this.perClient = cc.slots({ name: 'reports-anonymous-client', limit: limits.anonymousReportsPerClientPerHour, windowMs: 3_600_000 });
    this.mail = strangerMail(cc, limits);
  }

  async admit(clientIp: string): Promise<void> {
    const slot = await this.perClient.take(clientIp);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many reports from this network; sign in or try again later', { retryAfter: slot.retryAfter });
  }

  /**
   * Whether the contact address may get the receipt (a slot of the stranger budget is spent when it
   * may); for an Open311 key (`trusted`) only the address's budget counts, not its server's network.
   */
  mayMail(contactEmail: string, clientIp: string, trusted = false): Promise<boolean> {
    return trusted ? this.mail.mayMailAddress(contactEmail) : this.mail.mayMail(contactEmail, clientIp);
  }
}
