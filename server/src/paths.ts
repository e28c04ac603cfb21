import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, from server/src (tsx) and dist/server (compiled) alike. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
