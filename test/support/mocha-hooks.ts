import { startTestDatabase, stopTestDatabase } from './database.js';

/** Root hooks: one database process for the whole mocha run. */
export const mochaHooks = {
  async beforeAll(this: { timeout(ms: number): void }) {
    this.timeout(300_000); // the first run on a machine builds FerretDB
    await startTestDatabase();
  },
  async afterAll() {
    await stopTestDatabase();
  },
};
