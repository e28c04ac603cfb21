import type { Concurrency } from '../../db/concurrency.js';
import { fail } from '../../lib/errors.js';
import { StrangerMail } from '../../mail/strangers.js';
import type { MunicipalityProfile } from '../../profile/schema.js';

/**
 * What an anonymous reporter may cause: a number of reports per client and hour (each one emails the
 * department's staff), and emails to a contact address within the per-address and per-client limits
 * every stranger-caused email shares (mail/strangers.ts). Refused before anything is written.
 */
export class AnonymousReportLimits {
  private readonly perClient;
  private readonly mail: StrangerMail;

  constructor(cc: Concurrency, limits: MunicipalityProfile['limits']) {
    this.perClient = cc.slots({ name: 'reports-anonymous-client', limit: limits.anonymousReportsPerClientPerHour, windowMs: 3_600_000 });
    this.mail = new StrangerMail(cc, limits);
  }

  async admit(contactEmail: string | undefined, clientIp: string): Promise<void> {
    const slot = await this.perClient.take(clientIp);
    if (!slot.ok) throw fail('too_many_attempts', 'Too many reports from this network; sign in or try again later', { retryAfter: slot.retryAfter });
    if (contactEmail && !(await this.mail.mayMail(contactEmail, clientIp))) {
      throw fail('too_many_attempts', 'Too many emails were sent to this contact address; try again later', { retryAfter: 3600 });
    }
  }
}
