import { ApiError } from './api.js';
import type { CivicElement, CivicEventMap } from './civic-element.js';
import type { EmbedController } from './embed.js';

type PhoneVerifiedDetail = CivicEventMap['civic-phone-verified']['detail'];

/** Why the SMS step is shown: it words its introduction accordingly. */
export type PhoneStepContext = 'register' | 'activation' | 'login' | 'change';

/** The flows of each host, so its forms (core/form.ts) can turn a `pending_phone` refusal into the SMS step. */
const byHost = new WeakMap<CivicElement, AccountFlows>();

export function accountFlowsOf(host: CivicElement): AccountFlows | undefined {
  return byHost.get(host);
}

const steps = () => import('./account-steps.js');

/**
 * The account steps any element may have to run in place of its content: activation and email-change
 * links, the return from an external sign-in, and the SMS-code step (registration, activation, sign-in).
 */
export class AccountFlows {
  constructor(
    private readonly host: CivicElement,
    private readonly embed: EmbedController,
    /** After the SMS code; by default a notice saying what is left to do (and, once active, the way back to where the registration began). */
    private readonly phoneVerified: (status: string, detail: PhoneVerifiedDetail) => void = (_status, detail) => {
      void steps().then((s) => s.phoneVerifiedNotice(host, detail));
    },
  ) {
    byHost.set(host, this);
  }

  /** Back from login.gov.pl or the city's SSO: the code from the URL becomes this page's session. */
  async finishExternalSignIn(code: string): Promise<void> {
    return (await steps()).finishExternalSignIn(this.host, code);
  }

  /** `civic_action=signin_error`: why signing in did not work. */
  async signinError(reason: string): Promise<void> {
    (await steps()).signinError(this.host, reason);
  }

  /** The activation link; resolves to the account's status, undefined when it failed. */
  async activate(token: string): Promise<string | undefined> {
    return (await steps()).activate(this.host, token, (t) => void this.showPhoneStep(t, 'activation'));
  }

  /** The link sent to a new email address (POST /auth/confirm-email); true when the address changed. */
  async confirmEmail(token: string): Promise<boolean> {
    return (await steps()).confirmEmail(this.host, token);
  }

  /** The reset confirmation's link: every passkey and linked identity goes (POST /auth/remove-sign-in-methods). */
  async removeMethods(token: string): Promise<boolean> {
    return (await steps()).removeMethods(this.host, token);
  }

  /** A sign-in refused with `pending_phone` (and its registration token): shows the SMS step instead of an error. */
  offerPhoneStep(err: unknown): boolean {
    const token = err instanceof ApiError && err.body.status === 'pending_phone' ? err.body.registrationToken : undefined;
    if (!token) return false;
    void this.showPhoneStep(token, 'login');
    return true;
  }

  /**
   * The one SMS-code step (civic-phone-verification, loaded on first use) in place of the host's
   * content; registration, activation and sign-in all come here.
   */
  async showPhoneStep(registrationToken: string, context: PhoneStepContext, phone = '', cooldown = 0): Promise<void> {
    const el = await this.embed.show('civic-phone-verification', { registrationToken, context, phone, cooldown });
    el?.addEventListener('civic-phone-verified', (e) => {
      this.embed.clear();
      this.phoneVerified(e.detail.status, e.detail);
    });
  }
}
