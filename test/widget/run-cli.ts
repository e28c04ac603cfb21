// Runs the real CLI (server/src/cli/index.ts). Started through this file because server/src/index.ts
// treats any entry script named index.ts as itself and would also start a server (see report).
import '../../server/src/cli/index.js';
