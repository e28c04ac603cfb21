import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Config } from '../../config.js';
import { fail, invalid } from '../../lib/errors.js';
import { hashToken, keyedHash, newToken, numericCode } from '../../lib/tokens.js';
import type { Outbox } from '../../outbox/outbox.js';
import type { Language } from '../../profile/schema.js';
import type { AccountModels, UserDoc } from './model.js';

const CODE_TTL_MS = 10 * 60_000;
const MAX_TRIES = 5;
const RESEND_COOLDOWN_MS = 60_000;
/** Against SMS pumping: codes per phone number and per client address in an hour. */
const PER_NUMBER_PER_HOUR = 5;
const PER_CLIENT_PER_HOUR = 10;
const REGISTRATION_TOKEN_TTL_MS = 48 * 3_600_000;

const smsText: Record<Language, (site: string, code: string) => string> = {
  pl: (site, code) => `${site}: Twój kod weryfikacyjny to ${code}. Kod jest ważny 10 minut. Nie podawaj go nikomu.`,
  en: (site, code) => `${site}: your verification code is ${code}. It is valid for 10 minutes. Do not share it.`,
  de: (site, code) => `${site}: Ihr Bestätigungscode lautet ${code}. Er ist 10 Minuten gültig. Geben Sie ihn nicht weiter.`,
};

/** E.164 from what residents type ("600 100 200", "+48600100200"); Polish numbers by default. */
export function normalizePhone(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'PL');
  return parsed?.isValid() ? parsed.number : undefined;
}

/** Which proof ran out, for the widget's wording: the code (ask for a new one) or the registration (start again). */
function withReason<E extends { output: { payload: object } }>(err: E, reason: 'code_expired' | 'too_many_tries' | 'registration_expired'): E {
  Object.assign(err.output.payload, { reason });
  return err;
}

/** A mobile number where SMS verification is required; E.164 either way. */
export function mobileNumber(raw: string): string | undefined {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'PL');
  if (!parsed?.isValid()) return undefined;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined ? parsed.number : undefined;
}

/**
 * SMS codes (Kraków profile): 6 digits from a CSPRNG, stored as a keyed hash, valid 10 minutes,
 * single use, dead after 5 wrong tries; sends limited per account (cooldown), per number and per
 * client. Tries and use are counted with claims (unique inserts), which stay exact under concurrency.
 */
export class PhoneVerification {
  constructor(
    private readonly models: AccountModels,
    private readonly config: Config,
    private readonly outbox: Outbox,
  ) {}

  private codeHash(codeId: string, code: string): string {
    return keyedHash(this.config.dataKey, `sms:${codeId}`, code);
  }

  /** A token that lets the registering browser verify the phone before the email link is clicked. */
  async registrationToken(user: UserDoc): Promise<string> {
    const token = newToken();
    await this.models.AccountToken.create({ userId: user._id, purpose: 'phone', tokenHash: hashToken(token), expiresAt: new Date(Date.now() + REGISTRATION_TOKEN_TTL_MS) });
    return token;
  }

  async userForRegistrationToken(token: string): Promise<UserDoc> {
    const found = await this.models.AccountToken.findOne({ tokenHash: hashToken(token), purpose: 'phone', usedAt: null, expiresAt: { $gt: new Date() } });
    const user = found && (await this.models.User.findById(found.userId));
    if (!user) throw withReason(fail('invalid_token', 'This registration has expired; register again or use the activation link'), 'registration_expired');
    return user;
  }

  /** The hourly limits per number and per client (429 with Retry-After); registration checks them before writing anything. */
  async assertWithinLimits(phone: string, clientIp: string): Promise<void> {
    const hourAgo = new Date(Date.now() - 3_600_000);
    const clientKey = keyedHash(this.config.dataKey, 'client', clientIp);
    const [perNumber, perClient] = await Promise.all([
      this.models.PhoneCode.countDocuments({ phone, createdAt: { $gt: hourAgo } }),
      this.models.PhoneCode.countDocuments({ clientKey, createdAt: { $gt: hourAgo } }),
    ]);
    if (perNumber >= PER_NUMBER_PER_HOUR || perClient >= PER_CLIENT_PER_HOUR) {
      throw fail('too_many_attempts', 'Too many codes were requested; try again in an hour', { retryAfter: 3600 });
    }
  }

  /** Sends a new code to `phone` for `purpose`, enforcing cooldown and limits (429 with Retry-After). */
  async send(user: UserDoc, phone: string, purpose: 'register' | 'change', clientIp: string): Promise<void> {
    const now = Date.now();
    const clientKey = keyedHash(this.config.dataKey, 'client', clientIp);
    const last = await this.models.PhoneCode.findOne({ userId: user._id }).sort({ createdAt: -1 }).lean();
    const lastAt = (last as { createdAt?: Date } | null)?.createdAt?.getTime() ?? 0;
    if (now - lastAt < RESEND_COOLDOWN_MS) {
      throw fail('too_many_attempts', 'Please wait before asking for another code', { retryAfter: (lastAt + RESEND_COOLDOWN_MS - now) / 1000 });
    }
    await this.assertWithinLimits(phone, clientIp);
    // one new code after the previous one, even for concurrent requests
    if (!(await this.models.claims.take(`sms:${String(user._id)}:after:${last ? String(last._id) : 'none'}`))) {
      throw fail('too_many_attempts', 'Please wait before asking for another code', { retryAfter: RESEND_COOLDOWN_MS / 1000 });
    }
    const code = numericCode(6);
    const doc = new this.models.PhoneCode({ userId: user._id, purpose, phone, clientKey, expiresAt: new Date(now + CODE_TTL_MS) });
    doc.codeHash = this.codeHash(String(doc._id), code);
    await doc.save();
    const lang = (user.locale as Language) ?? this.config.profile.defaultLanguage;
    await this.outbox.enqueue({ channel: 'sms', to: phone, kind: `sms_code_${purpose}`, dedupeKey: `sms:${String(doc._id)}`, text: smsText[lang](this.config.profile.name, code) });
  }

  /** Checks a code for the newest code of `purpose`; returns the verified phone number. */
  async verify(user: UserDoc, purpose: 'register' | 'change', code: string): Promise<string> {
    const current = await this.models.PhoneCode.findOne({ userId: user._id, purpose }).sort({ createdAt: -1 });
    if (!current || current.usedAt || current.expiresAt.getTime() <= Date.now()) throw withReason(fail('invalid_token', 'The code has expired; ask for a new one'), 'code_expired');
    const id = String(current._id);
    let tryNumber = 0;
    for (let i = 1; i <= MAX_TRIES && !tryNumber; i++) if (await this.models.claims.take(`smstry:${id}:${i}`)) tryNumber = i;
    if (!tryNumber) throw withReason(fail('invalid_token', 'Too many wrong codes; ask for a new one'), 'too_many_tries');
    if (current.codeHash !== this.codeHash(id, code)) {
      throw invalid({ code: 'invalid' }, tryNumber === MAX_TRIES ? 'Wrong code; ask for a new one' : 'Wrong code');
    }
    if (!(await this.models.claims.take(`smsused:${id}`))) throw withReason(fail('invalid_token', 'The code was already used'), 'code_expired');
    await this.models.PhoneCode.updateOne({ _id: current._id }, { $set: { usedAt: new Date() } });
    return current.phone;
  }
}
