import type { FieldCode } from '../../lib/errors.js';
import { checkPasswordAsync } from '../../lib/passwords.js';
import { isPlaceholderEmail, normalizeEmail } from './model.js';

/** Whose password it is, as far as known: at registration the form's fields, later the account's. */
export interface PasswordOwner {
  email?: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

/**
 * The one judgement of a new password's strength (registration, reset, change, operators): guessable
 * from the owner's email, its local part or names, or common. The length is the routes' cheap check.
 */
export function passwordWeakness(password: string, owner: PasswordOwner): Promise<FieldCode | undefined> {
  const email = owner.email && !isPlaceholderEmail(owner.email) ? normalizeEmail(owner.email) : '';
  const inputs = [email, email.split('@')[0]!, owner.firstName ?? '', owner.lastName ?? ''].filter(Boolean);
  return checkPasswordAsync(password, inputs);
}
