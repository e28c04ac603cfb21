import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';
import type { FieldCode } from './errors.js';

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 128;

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

// Polish words residents reach for; zxcvbn's bundled dictionaries are English.
const polish = [
  'haslo', 'hasło', 'kochanie', 'polska', 'zaq12wsx', 'qwerty', 'misiaczek', 'monika', 'marcin', 'agnieszka',
  'mateusz', 'bartek', 'kasia', 'kacper', 'siemianowice', 'krakow', 'kraków', 'warszawa', 'samsung', 'lolek',
  'slonce', 'słońce', 'zaq1xsw2', 'legia', 'wisla', 'cracovia', 'mamusia', 'tatusiek', 'piotrek', 'tomek',
];

const zxcvbn = new ZxcvbnFactory({
  translations: en.translations,
  graphs: common.adjacencyGraphs,
  dictionary: { ...common.dictionary, ...en.dictionary, polish },
});

/**
 * Password policy (ASVS 2.1): 12–128 characters, anything allowed, no composition rules; refuse
 * passwords that zxcvbn finds in its offline common-password lists or rates as guessable
 * (score < 3, i.e. under ~10^8 guesses). Context words (the resident's name, email) count against it.
 */
export function checkPassword(password: string, context: string[] = []): FieldCode | undefined {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return 'too_short';
  if (length > PASSWORD_MAX) return 'too_long';
  const result = zxcvbn.check(password, context.filter(Boolean).map((s) => s.toLowerCase()));
  return result.score < 3 ? 'breached' : undefined;
}

export class PasswordHasher {
  private dummy?: Promise<string>;
  constructor(private readonly params: Argon2Params) {}

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id, ...this.params });
  }

  async verify(hash: string, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /** Spends the same time as a real verify, so a missing account cannot be told apart by timing. */
  async verifyDummy(password: string): Promise<false> {
    this.dummy ??= this.hash('civickit-dummy-password-for-timing');
    await argon2.verify(await this.dummy, password).catch(() => false);
    return false;
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, { ...this.params });
  }
}

/** The password policy's verdict, awaited: callers put every cheap check before it. */
export async function passwordProblem(password: string, userInputs: string[]): Promise<ReturnType<typeof checkPassword>> {
  return checkPassword(password, userInputs);
}
