/** Builds the embedded database binary ahead of time (npm start and npm test also do it on first use). */
import { ensureFerretDB } from '../server/src/db/embedded.js';

const bin = await ensureFerretDB((m) => console.log(m));
console.log(`FerretDB ready: ${bin}`);
