/** What the CLI prints for a failure: a sentence for the operator, never a stack or a raw Boom object. */

/** Field codes of the contract's error shape, said in words (the code stays in brackets for scripts). */
const FIELD_WORDS: Record<string, string> = {
  taken: 'is already used by another account',
  invalid: 'is not valid',
  required: 'is required',
  too_short: 'is too short',
  too_long: 'is too long',
  weak: 'is too weak or too common',
  unknown: 'is not one the profile knows',
};

export function friendlyError(err: unknown): string {
  const e = err as Error & { code?: string; path?: string; isBoom?: boolean; output?: { payload: { message: string; fields?: Record<string, string> } } };
  if (e.isBoom && e.output) {
    const { message, fields } = e.output.payload;
    const details = Object.entries(fields ?? {}).map(([field, code]) => `  ${field} ${FIELD_WORDS[code] ?? code} (${field} ${code})`);
    return [`Refused: ${message}`, ...details].join('\n');
  }
  if (e.code === 'ENOENT') return `No such file: ${e.path ?? e.message}`;
  if (e.code === 'EACCES') return `Not allowed to read ${e.path ?? 'the file'} (check its permissions)`;
  if (e.name === 'MongoServerSelectionError' || /ECONNREFUSED|server selection/i.test(e.message ?? ''))
    return `Cannot reach the database (${e.message}). Check MONGODB_URI, or unset it to use the embedded database in DATA_DIR.`;
  return `Failed: ${e.message ?? String(err)}`;
}
