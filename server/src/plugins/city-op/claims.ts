import type { UserDoc } from '../accounts/index.js';

const PLACEHOLDER = /@unconfirmed\.invalid$/;

/**
 * Everything a client may learn of an account, by claim (oidc-provider keeps what the granted scopes
 * allow). The PESEL never leaves: only whether the account holds one a verifying provider asserted
 * (`pesel_verified`) and whether it holds a checked, unique one (`unique_person`, the Kraków rule).
 */
export function claimsOf(user: UserDoc): Record<string, unknown> {
  const email = PLACEHOLDER.test(user.email) ? undefined : user.email;
  return {
    sub: String(user._id),
    ...(email ? { email, email_verified: Boolean(user.emailVerifiedAt) } : {}),
    given_name: user.firstName || undefined,
    family_name: user.lastName || undefined,
    locale: user.locale ?? 'pl',
    ...(user.phone ? { phone_number: user.phone, phone_number_verified: Boolean(user.phoneVerifiedAt) } : {}),
    pesel_verified: Boolean(user.peselHash && user.verifiedIdentity?.verifiedAt),
    unique_person: Boolean(user.peselHash),
  };
}
