import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { startTestServer, type TestContext } from '../support/app.js';
import { multipart, phoneJpeg, reportParts, type Part } from './helpers/reports.js';

/** CRC-32 as PNG chunks need it. */
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** A valid 20000×20000 one-bit PNG of ~50 kB that decodes to 400 million pixels: a decompression bomb. */
function pixelBomb(): Buffer {
  const side = 20_000;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(side, 0);
  ihdr.writeUInt32BE(side, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc(side * (1 + side / 8)); // filter byte + 2500 bytes per row, all zero
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('reports: photos', () => {
  let ctx: TestContext;
  before(async () => (ctx = await startTestServer()));
  after(async () => ctx?.stop());

  const files = () => ctx.app.conn.db!.collection('report_photos.files').countDocuments();
  const send = async (photos: Part[]) => {
    const body = await multipart([...reportParts(), ...photos]);
    return ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: body.payload, headers: body.headers });
  };
  const photo = (value: Buffer, filename = 'photo.jpg', type = 'image/jpeg'): Part => ({ name: 'photos', value, filename, type });

  it('accepts JPEG, PNG and WebP by content, re-encoded upright, served without EXIF or GPS, cacheable and nosniff', async () => {
    const jpeg = await phoneJpeg(640, 480);
    const original = await sharp(jpeg).metadata();
    assert.equal(original.orientation, 6, 'the test photo carries an orientation tag');
    assert.ok(original.exif?.includes(Buffer.from([0x25, 0x88])), 'the test photo carries a GPS IFD');
    const png = await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0.5 } } })
      .png()
      .toBuffer();
    const webp = await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#0a0' } })
      .webp()
      .toBuffer();
    // names and declared types lie; only the bytes count
    const res = await send([photo(jpeg), photo(png, 'scan.gif', 'application/octet-stream'), photo(webp, 'x.txt', 'text/plain')]);
    assert.equal(res.statusCode, 201, res.payload);
    const view = await ctx.inject({ method: 'GET', url: `/api/v1/reports/${res.json.id}` });
    assert.equal(view.json.photoCount, 3);
    assert.equal(view.json.photos[0].url, `http://api.test/api/v1/reports/${res.json.id}/photos/0`);

    const served = await ctx.server.inject({ method: 'GET', url: `/api/v1/reports/${res.json.id}/photos/0` });
    assert.equal(served.statusCode, 200);
    assert.equal(served.headers['content-type'], 'image/jpeg');
    assert.equal(served.headers['x-content-type-options'], 'nosniff');
    // moderation may withdraw a photo, so caches revalidate (API.md §4b; staff-photos.test.ts)
    assert.equal(served.headers['cache-control'], 'public, no-cache');
    const data = served.rawPayload;
    const meta = await sharp(data).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.deepEqual([meta.width, meta.height], [480, 640], 'turned upright by its orientation tag');
    assert.equal(meta.exif, undefined, 'no EXIF (and so no GPS) left');
    assert.equal(meta.orientation, undefined);
    assert.equal(meta.xmp, undefined);
    for (const secret of ['TestPhone', 'Secret Model X', 'Jan Kowalski']) assert.ok(!data.includes(secret), `${secret} survived`);

    const second = await ctx.server.inject({ method: 'GET', url: `/api/v1/reports/${res.json.id}/photos/1` });
    assert.equal((await sharp(second.rawPayload).metadata()).format, 'jpeg');
    const third = await sharp((await ctx.server.inject({ method: 'GET', url: `/api/v1/reports/${res.json.id}/photos/2` })).rawPayload).metadata();
    assert.deepEqual([third.width, third.height], [2048, 683], 'large photos are scaled down');
  });

  it('accepts AVIF (HEIF) photos', async () => {
    const avif = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#888' } })
      .avif()
      .toBuffer();
    const res = await send([photo(avif, 'IMG_0001.HEIC', 'image/heic')]);
    assert.equal(res.statusCode, 201, res.payload);
  });

  it('refuses HTML or SVG disguised as a JPEG with 415 and stores nothing', async () => {
    const reports = await ctx.app.reports.models.Report.countDocuments();
    const before = await files();
    const html = Buffer.from('<!doctype html><html><script>alert(document.cookie)</script></html>');
    const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="10" height="10"/></svg>');
    for (const fake of [html, svg]) {
      const res = await send([photo(await phoneJpeg(), 'ok.jpg'), photo(fake, 'photo.jpg', 'image/jpeg')]);
      assert.equal(res.statusCode, 415);
      assert.equal(res.json.code, 'unsupported_media_type');
      assert.match(res.json.message, /Photo 2/);
    }
    // a JPEG header on something that is not a JPEG
    const forged = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>'.repeat(4))]);
    assert.equal((await send([photo(forged)])).statusCode, 415);
    const heicBrand = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), randomBytes(200)]);
    assert.equal((await send([photo(heicBrand, 'x.heic', 'image/heic')])).statusCode, 415);
    assert.equal(await ctx.app.reports.models.Report.countDocuments(), reports);
    assert.equal(await files(), before);
  });

  it('refuses a decompression bomb (pixel limit) with 413 without decoding it', async () => {
    const bomb = pixelBomb();
    assert.ok(bomb.length < 200_000, `bomb is ${bomb.length} bytes`);
    const before = await files();
    const res = await send([photo(bomb, 'bomb.png', 'image/png')]);
    assert.equal(res.statusCode, 413);
    assert.equal(res.json.code, 'payload_too_large');
    assert.match(res.json.message, /million pixels/);
    assert.equal(await files(), before);
  });

  it('refuses a photo over 10 MB with 413, more than 5 photos with 400, and photos in JSON with 400', async () => {
    const big = Buffer.concat([await phoneJpeg(), randomBytes(10 * 1024 * 1024)]);
    const res = await send([photo(big)]);
    assert.equal(res.statusCode, 413);
    assert.equal(res.json.code, 'payload_too_large');
    const small = await phoneJpeg(64, 48);
    const six = await send(Array.from({ length: 6 }, () => photo(small)));
    assert.equal(six.statusCode, 400);
    assert.equal(six.json.fields.photos, 'too_long');
    const json = await ctx.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload: { ...Object.fromEntries(reportParts().map((p) => [p.name, p.value])), location: { lat: 50, lng: 19 }, photos: ['AAAA'] },
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json.fields['photos.0'] ?? json.json.fields.photos, 'invalid');
  });

  it('multipart location must be valid JSON with a position', async () => {
    const body = await multipart([...reportParts().filter((p) => p.name !== 'location'), { name: 'location', value: '{"lat":"north"}' }]);
    const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: body.payload, headers: body.headers });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json.fields.location, 'invalid');
  });

  it('unknown photos are 404', async () => {
    const created = await send([photo(await phoneJpeg(64, 48))]);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.json.id}/photos/1` })).statusCode, 404);
    assert.equal((await ctx.inject({ method: 'GET', url: '/api/v1/reports/aaaaaaaaaaaaaaaaaaaaaaaa/photos/0' })).statusCode, 404);
    assert.equal((await ctx.inject({ method: 'GET', url: `/api/v1/reports/${created.json.id}/photos/9` })).statusCode, 400);
  });
});
