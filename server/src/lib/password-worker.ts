import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * The expensive half of the password policy, zxcvbn, in a form that runs both here and in the
 * worker threads of lib/passwords.ts (this file is also the worker's entry point).
 *
 * Bounded: zxcvbn's cost grows steeply with length and with l33t substitutions (a 128-character
 * keyboard walk took ~1–3 s of CPU), so it reads only the first ANALYSED_LENGTH characters and tries
 * at most 10 l33t substitutions. A password whose first 40 characters are strong is strong; one
 * whose first 40 are a walk or a repeated word is refused, whatever follows.
 */
export const ANALYSED_LENGTH = 40;

// Polish words residents reach for; zxcvbn's bundled dictionaries are English.
const polish = [
  'haslo',
  'hasło',
  'kochanie',
  'polska',
  'zaq12wsx',
  'qwerty',
  'misiaczek',
  'monika',
  'marcin',
  'agnieszka',
  'mateusz',
  'bartek',
  'kasia',
  'kacper',
  'siemianowice',
  'krakow',
  'kraków',
  'warszawa',
  'samsung',
  'lolek',
  'slonce',
  'słońce',
  'zaq1xsw2',
  'legia',
  'wisla',
  'cracovia',
  'mamusia',
  'tatusiek',
  'piotrek',
  'tomek',
];

let zxcvbn: ZxcvbnFactory | undefined;

/** True when zxcvbn rates the password guessable (score < 3, under ~10^8 guesses), context words counting against it. */
export function guessable(password: string, context: string[]): boolean {
  zxcvbn ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary, polish },
    maxLength: ANALYSED_LENGTH,
    l33tMaxSubstitutions: 10,
  });
  return (
    zxcvbn.check(
      password,
      context.filter(Boolean).map((s) => s.toLowerCase().slice(0, 100)),
    ).score < 3
  );
}

export interface StrengthJob {
  id: number;
  password: string;
  context: string[];
}

export const WORKER_MARK = 'civickit-password-worker';

if (!isMainThread && parentPort && workerData === WORKER_MARK) {
  const port = parentPort;
  port.on('message', ({ id, password, context }: StrengthJob) => {
    try {
      port.postMessage({ id, guessable: guessable(password, context) });
    } catch (err) {
      port.postMessage({ id, error: (err as Error).message });
    }
  });
}
