import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import type { Config } from '../../config.js';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken, keyedHash, newToken, numericCode } from '../../lib/tokens.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import { SMS_MAX_TRIES, type AccountLimits } from './limits.js';
import type { AccountMail } from './mailer.js';
import type { AccountModels, UserDoc } from './model.js';

const CODE_TTL_MS = 10 * 60_000;
const REGISTRATION_TOKEN_TTL_MS = 48 * 3_600_000;

const smsText: Record<Language, (site: string, code: string) => string> = {
  pl: (site, code) => `${site}: Twój kod weryfikacyjny to ${code}. Kod jest ważny 10 minut. Nie podawaj go nikomu.`,
  en: (site, code) => `${site}: your verification code is ${code}. It is valid for 10 minutes. Do not share it.`,
  de: (site, code) => `${site}: Ihr Bestätigungscode lautet ${code}. Er ist 10 Minuten gültig. Geben Sie ihn nicht weiter.`,
  uk: (site, code) => `${site}: Ваш код підтвердження ${code}. Він дійсний 10 хвилин. Нікому його не повідомляйте.`,
};

/** E.164 from what residents type ("600 100 200", "+48600100200"); the city's country by default. */
export function normalizePhone(raw: string, country = 'PL'): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), country as CountryCode);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Which proof ran out, for the widget's wording: the code (ask for a new one) or the registration (start again). */
function withReason<E extends { output: { payload: object } }>(err: E, reason: 'code_expired' | 'too_many_tries' | 'registration_expired'): E {
  Object.assign(err.output.payload, { reason });
  return err;
}

/**
 * A mobile number where SMS verification is required; E.164 either way. Only numbers of the profile's
 * allowed countries (default: the city's own) can receive codes: premium and far-away ranges are the
 * currency of SMS-pumping fraud.
 */
export function mobileNumber(raw: string, country = 'PL', allowedCountries: string[] = [country]): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), country as CountryCode);
  if (!parsed?.isValid() || !parsed.country || !allowedCountries.includes(parsed.country)) return undefined;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined ? parsed.number : undefined;
}

/**
 * SMS codes (Kraków profile): 6 digits from a CSPRNG, stored as a keyed hash, valid 10 minutes,
 * single use, dead after 5 wrong tries; sends limited per account (cooldown), per number, per client
 * and city-wide per hour. Every limit is an exact slot of the concurrency layer (limits.ts).
 */
export class PhoneVerification {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly outbox: Outbox,
    private readonly limits: AccountLimits,
    private readonly findLive: AccountMail['findLive'],
  ) {}

  private codeHash(codeId: string, code: string): string {
    return keyedHash(this.config.dataKey, `sms:${codeId}`, code);
  }

  /** A token that lets the registering browser verify the phone before the email link is clicked. */
  async registrationToken(user: UserDoc): Promise<string> {
    const token = newToken();
    await this.models.AccountToken.create({
      userId: user._id,
      purpose: 'phone',
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + REGISTRATION_TOKEN_TTL_MS),
      linkVersion: user.linkVersion ?? 0,
    });
    return token;
  }

  async userForRegistrationToken(token: string): Promise<UserDoc> {
    const live = await this.findLive(token, 'phone');
    if (!live) throw withReason(fail('invalid_token', 'This registration has expired; register again or use the activation link'), 'registration_expired');
    return live.user;
  }

  /**
   * The hourly limits per number, per client and for the whole city (429 with Retry-After); each takes
   * its slot, so concurrent requests can never send more than the limits allow. Registration takes them
   * before it writes anything.
   */
  async takeSendSlots(phone: string, clientIp: string): Promise<void> {
    const results = await Promise.all([this.limits.smsPerNumber.take(phone), this.limits.smsPerClient.take(clientIp), this.limits.smsBudget.take('city')]);
    const refused = results.filter((r) => !r.ok) as Array<{ retryAfter: number }>;
    if (refused.length)
      throw fail('too_many_attempts', 'Too many codes were requested; try again later', { retryAfter: Math.max(...refused.map((r) => r.retryAfter)) });
  }

  /** The per-account cooldown between two codes (429 with Retry-After). */
  async takeCooldown(user: UserDoc): Promise<void> {
    const slot = await this.limits.smsCooldown.take(String(user._id));
    if (!slot.ok) throw fail('too_many_attempts', 'Please wait before asking for another code', { retryAfter: slot.retryAfter });
  }

  /** Sends a new code to `phone` for `purpose`, enforcing cooldown and limits (429 with Retry-After). */
  async send(user: UserDoc, phone: string, purpose: 'register' | 'change', clientIp: string, limitsTaken = false): Promise<void> {
    await this.takeCooldown(user);
    if (!limitsTaken) await this.takeSendSlots(phone, clientIp);
    const code = numericCode(6);
    const doc = new this.models.PhoneCode({ userId: user._id, purpose, phone, expiresAt: new Date(Date.now() + CODE_TTL_MS) });
    doc.codeHash = this.codeHash(String(doc._id), code);
    await doc.save();
    const lang = (user.locale as Language) ?? this.config.profile.defaultLanguage;
    await this.outbox.enqueue({
      channel: 'sms',
      to: phone,
      kind: `sms_code_${purpose}`,
      dedupeKey: `sms:${String(doc._id)}`,
      text: smsText[lang](this.config.profile.name, code),
    });
  }

  /** Checks a code for the newest code of `purpose`; returns the verified phone number. */
  async verify(user: UserDoc, purpose: 'register' | 'change', code: string): Promise<string> {
    const current = await this.models.PhoneCode.findOne({ userId: user._id, purpose }).sort({ createdAt: -1 });
    if (!current || current.usedAt || current.expiresAt.getTime() <= Date.now())
      throw withReason(fail('invalid_token', 'The code has expired; ask for a new one'), 'code_expired');
    const id = String(current._id);
    const attempt = await this.limits.smsTries.take(id);
    if (!attempt.ok) throw withReason(fail('invalid_token', 'Too many wrong codes; ask for a new one'), 'too_many_tries');
    if (current.codeHash !== this.codeHash(id, code)) {
      throw invalid({ code: 'invalid' }, attempt.n === SMS_MAX_TRIES ? 'Wrong code; ask for a new one' : 'Wrong code');
    }
    if (!(await this.limits.smsUsed.spend(id))) throw withReason(fail('invalid_token', 'The code was already used'), 'code_expired');
    await this.models.PhoneCode.updateOne({ _id: current._id }, { $set: { usedAt: new Date() } });
    return current.phone;
  }
}
