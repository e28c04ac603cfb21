import { availableParallelism } from 'node:os';
import mongoose, { type Connection, type Types } from 'mongoose';
import sharp, { type Metadata } from 'sharp';
import { fail } from '../../lib/errors.js';
import { Gate } from '../../lib/gate.js';

/** Per report; each photo as sent (phones send 2–8 MB); decoded size (a 50 MP photo is ~8700×5800). */
export const PHOTO_LIMITS = {
  maxPhotos: 5,
  maxBytes: 10 * 1024 * 1024,
  maxInputPixels: 50_000_000,
  /**
   * What one photo may take once decoded (width × height × channels × bytes per sample, from the
   * header): a 50 MP 8-bit photo with alpha (200 MB) fits; a 7000×7000 16-bit PNG (294 MB, a few
   * hundred kB on the wire) does not.
   */
  maxDecodedBytes: 200_000_000,
  /** Stored size: longest side, enough to see a pothole, small enough for a phone on 3G. */
  maxSide: 2048,
} as const;

type Kind = 'jpeg' | 'png' | 'webp' | 'heif';

/** HEIF container brands: HEIC from iPhones, and AVIF. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1', 'avif', 'avis']);

/** What the bytes are, by their magic numbers only: never by file name or declared type. */
export function sniff(buf: Buffer): Kind | undefined {
  if (buf.length < 12) return undefined;
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WEBP') return 'webp';
  if (buf.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(buf.toString('latin1', 8, 12))) return 'heif';
  return undefined;
}

export interface PreparedPhoto {
  data: Buffer;
  contentType: 'image/jpeg';
  width: number;
  height: number;
}

const unsupported = (index: number, why: string) => fail('unsupported_media_type', `Photo ${index + 1} ${why}; send JPEG, PNG, WebP or HEIC/AVIF photos`);

/**
 * Checks one photo and re-encodes it: the content must be an image we accept, within the byte and
 * pixel limits (refusing decompression bombs before decoding), and what we store is a fresh JPEG,
 * turned upright by its EXIF orientation, with all metadata (EXIF, GPS, XMP, ICC) left behind.
 */
export async function preparePhoto(input: Buffer, index: number): Promise<PreparedPhoto> {
  if (input.length > PHOTO_LIMITS.maxBytes) throw fail('payload_too_large', `Photo ${index + 1} is larger than ${PHOTO_LIMITS.maxBytes / 1024 / 1024} MB`);
  const kind = sniff(input);
  if (!kind) throw unsupported(index, 'is not an image we accept');
  const options = { limitInputPixels: PHOTO_LIMITS.maxInputPixels, failOn: 'error' as const };
  let meta: Metadata;
  try {
    meta = await sharp(input, options).metadata();
  } catch (err) {
    throw pixelLimit(err, index) ?? unsupported(index, kind === 'heif' ? 'is a HEIF variant this server cannot decode' : 'cannot be read');
  }
  // the container must say what the magic numbers said (a PNG header on something else is refused)
  if (meta.format !== kind || !meta.width || !meta.height) throw unsupported(index, 'cannot be read');
  if (meta.width * meta.height > PHOTO_LIMITS.maxInputPixels) throw tooManyPixels(index);
  const decoded = decodedBytes(meta);
  if (decoded > PHOTO_LIMITS.maxDecodedBytes) {
    throw fail(
      'payload_too_large',
      `Photo ${index + 1} would take ${Math.round(decoded / 1e6)} MB when decoded (at most ${PHOTO_LIMITS.maxDecodedBytes / 1e6} MB); send an ordinary 8-bit photo`,
    );
  }
  // the gate's 503 passes through; only sharp's own failures become 413/415
  return decoding.run(decoded, async () => {
    try {
      const { data, info } = await sharp(input, options)
        .rotate()
        .resize({ width: PHOTO_LIMITS.maxSide, height: PHOTO_LIMITS.maxSide, fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      return { data, contentType: 'image/jpeg' as const, width: info.width, height: info.height };
    } catch (err) {
      throw pixelLimit(err, index) ?? unsupported(index, kind === 'heif' ? 'is a HEIF variant this server cannot decode' : 'cannot be read');
    }
  });
}

const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** The decoded size from the header alone (nothing is decoded): pixels × channels × bytes per sample. */
export function decodedBytes(meta: Metadata): number {
  const channels = meta.channels ?? 4;
  const bytes = BYTES_PER_SAMPLE[meta.depth ?? ''] ?? 4; // an unknown depth counts as the widest common one
  return (meta.width ?? 0) * (meta.height ?? 0) * channels * bytes; // only the first frame of an animation is decoded
}

/**
 * Server-wide: decoding is CPU- and memory-heavy, so at most one decode per core but one, and at most
 * DECODE_BUDGET decoded bytes, run at once in this process; up to 16 more photos wait, and beyond
 * that a report is answered 503 service_unavailable with Retry-After instead of taking the node.
 */
export const DECODE_LIMITS = { slots: Math.max(1, availableParallelism() - 1), budget: 400_000_000, maxWaiting: 16 } as const;
const decoding = new Gate({ ...DECODE_LIMITS, what: 'photo decoding', retryAfter: 5 });

const tooManyPixels = (index: number) =>
  fail('payload_too_large', `Photo ${index + 1} has more than ${PHOTO_LIMITS.maxInputPixels / 1_000_000} million pixels`);

function pixelLimit(err: unknown, index: number) {
  return /pixel limit/i.test(String((err as Error)?.message)) ? tooManyPixels(index) : undefined;
}

/** One at a time: decoding is CPU- and memory-heavy, and a request must not take the whole machine. */
export async function preparePhotos(inputs: Buffer[]): Promise<PreparedPhoto[]> {
  const out: PreparedPhoto[] = [];
  for (const [i, input] of inputs.entries()) out.push(await preparePhoto(input, i));
  return out;
}

/** Photos live in the database (GridFS), so a city runs no second storage system. */
export class PhotoStore {
  constructor(private readonly conn: Connection) {}

  private bucket() {
    if (!this.conn.db) throw fail('service_unavailable', 'The database is not connected', { retryAfter: 5 });
    return new mongoose.mongo.GridFSBucket(this.conn.db, { bucketName: 'report_photos' });
  }

  async save(reportId: Types.ObjectId, photos: PreparedPhoto[]) {
    const bucket = this.bucket();
    const saved = [];
    for (const [n, photo] of photos.entries()) {
      const fileId = new mongoose.Types.ObjectId();
      await new Promise<void>((resolve, reject) => {
        const upload = bucket.openUploadStreamWithId(fileId, `${reportId}-${n}.jpg`, { metadata: { reportId, n, contentType: photo.contentType } });
        upload.once('finish', () => resolve());
        upload.once('error', reject);
        upload.end(photo.data);
      });
      saved.push({ fileId, contentType: photo.contentType, width: photo.width, height: photo.height, bytes: photo.data.length });
    }
    return saved;
  }

  /** Whole file in memory: stored photos are a few hundred kB, and a missing chunk fails cleanly before any header is sent. */
  async read(fileId: Types.ObjectId): Promise<Buffer> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of this.bucket().openDownloadStream(fileId)) chunks.push(chunk as Buffer);
    } catch (err) {
      if (/FileNotFound|file not found/i.test(String((err as Error).message))) throw fail('not_found', 'No such photo');
      throw err;
    }
    return Buffer.concat(chunks);
  }

  async remove(fileIds: Types.ObjectId[]): Promise<void> {
    const bucket = this.bucket();
    for (const id of fileIds) await bucket.delete(id).catch(() => {}); // already gone is fine
  }
}
