import type { Types } from 'mongoose';
import { insertUnique } from '../../db/unique.js';
import { keyedHash, sealer } from '../../lib/tokens.js';
import type { AccountModels, UserDoc } from './model.js';

/**
 * PESEL storage: a keyed hash (HMAC-SHA-256 with DATA_KEY) for exact-match lookups and uniqueness,
 * and an AES-GCM sealed copy for the resident's export and an admin's identity check. Someone who
 * reads the database (or a backup) without DATA_KEY sees neither; the 11-digit space is small, so an
 * unkeyed hash would not do.
 */
export class PeselStore {
  private readonly seal;
  constructor(
    private readonly models: AccountModels,
    private readonly dataKey: string,
  ) {
    this.seal = sealer(dataKey, 'pesel');
  }

  hash(pesel: string): string {
    return keyedHash(this.dataKey, 'pesel', pesel);
  }

  /** Reserves the PESEL for the account; false when another account holds it. */
  async claim(pesel: string, userId: Types.ObjectId): Promise<boolean> {
    return (await insertUnique(this.models.PeselRegistry, { _id: this.hash(pesel), userId })).created;
  }

  fields(pesel: string) {
    return { peselHash: this.hash(pesel), peselSealed: this.seal.seal(pesel) };
  }

  async release(userId: Types.ObjectId | string): Promise<void> {
    await this.models.PeselRegistry.deleteMany({ userId });
  }

  /** Frees every PESEL the account holds but `keep` (a corrected PESEL replaces the old one). */
  async releaseExcept(userId: Types.ObjectId | string, keep: string): Promise<void> {
    await this.models.PeselRegistry.deleteMany({ userId, _id: { $ne: keep } });
  }

  async findUserId(pesel: string): Promise<Types.ObjectId | undefined> {
    const row = await this.models.PeselRegistry.findById(this.hash(pesel)).lean();
    return row?.userId;
  }

  reveal(user: UserDoc): string | undefined {
    return user.peselSealed ? this.seal.open(user.peselSealed) : undefined;
  }
}
