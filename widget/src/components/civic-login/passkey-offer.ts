/**
 * civic-login's passkey offer: "Zaloguj się kluczem dostępu" and the passkeys in the email field's autofill
 * (conditional mediation), renewed before the server's challenge runs out. Loaded after the first screen, with
 * the passkey helpers (issue 20): the form never waits for it.
 */
import { ApiError } from '../../core/api.js';
import type { Notice } from '../../core/civic-element.js';
import { errorText, type Translator } from '../../core/i18n.js';
import { conditionalPossible, isCancelled, passkeyErrorKey, passkeysPossible } from '../../core/passkeys.js';
import type { Session, User } from '../../core/session.js';

/** What the offer needs of its civic-login. */
export interface PasskeyHost {
  readonly isConnected: boolean;
  readonly session: Session;
  readonly updateComplete: Promise<boolean>;
  readonly t: Translator;
  notice?: Notice;
  /** What this browser can do with passkeys on this page: nothing, a button, or the button and the autofill. */
  passkeys: 'none' | 'button' | 'autofill';
  signedIn(user: User): void;
}

export class PasskeyOffer {
  private busy = false;
  /** Bumped by every request; an older (replaced) request's failure is not reported. */
  private run = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly host: PasskeyHost) {}

  /** Shows the button (and the autofill where the browser has it) when passkeys work on this page. */
  async detect(): Promise<void> {
    if (!passkeysPossible()) return;
    this.host.passkeys = (await conditionalPossible()) ? 'autofill' : 'button';
    await this.host.session.ready();
    await this.host.updateComplete;
    this.start();
  }

  /**
   * Offers the page's passkeys in the email field's autofill: a request with mediation "conditional"
   * waits there, renewed before its server challenge (5 minutes) runs out.
   */
  start(renew = false): void {
    const h = this.host;
    if (h.passkeys !== 'autofill' || !h.isConnected || h.session.status === 'signed-in') return;
    if (this.timer !== undefined && !renew) return; // one is waiting already
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.start(true), 270_000);
    void this.request(true);
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.run++;
    if (this.host.passkeys === 'autofill') void import('../../passkeys/webauthn.js').then((m) => m.cancelPasskeyRequest());
  }

  /** One passkey request (a new one replaces a waiting one); true when it signed in. */
  private async request(conditional: boolean): Promise<boolean> {
    const run = ++this.run;
    const h = this.host;
    try {
      const { signInWithPasskey } = await import('../../passkeys/webauthn.js');
      h.signedIn(await signInWithPasskey(h.session, conditional));
      return true;
    } catch (err) {
      // a request replaced by a newer one, or a waiting autofill the resident never used, says nothing
      if (run !== this.run || (conditional && isCancelled(err))) return false;
      const key = passkeyErrorKey(err);
      h.notice = { kind: isCancelled(err) ? 'info' : 'error', text: key ? h.t(key) : errorText(h.t, err) };
      // the server refused a passkey the resident picked: offer the autofill again (anything else would only fail again)
      if (conditional && err instanceof ApiError) this.start(true);
      return false;
    }
  }

  /** "Zaloguj się kluczem dostępu" pressed. */
  async press(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.host.notice = undefined;
    try {
      // the dialog replaced the waiting autofill request: offer it again
      if (!(await this.request(false))) this.start(true);
    } finally {
      this.busy = false;
    }
  }
}
