import sharp from 'sharp';
import type { TestContext } from '../../support/app.js';

/** A location in the demo town (Siemianowice Śląskie centre). */
export const HERE = { lat: 50.3265, lng: 19.0297 };

export function reportBody(overrides: Record<string, unknown> = {}) {
  return {
    categoryId: 'pothole',
    title: 'Dziura na Jana Pawła II',
    description: 'Głęboka dziura w jezdni przy przejściu dla pieszych.',
    location: { lat: HERE.lat, lng: HERE.lng, address: 'ul. Jana Pawła II 10' },
    ...overrides,
  };
}

export async function createReport(ctx: TestContext, overrides: Record<string, unknown> = {}, token?: string) {
  const res = await ctx.inject({ method: 'POST', url: '/api/v1/reports', payload: reportBody(overrides), token });
  if (res.statusCode !== 201) throw new Error(`create report failed: ${res.statusCode} ${res.payload}`);
  return res.json as { id: string; trackingCode: string; status: string };
}

export interface Part {
  name: string;
  value: string | Buffer;
  filename?: string;
  type?: string;
}

/** A real multipart/form-data body, encoded by the platform's own FormData (as a browser would send it). */
export async function multipart(parts: Part[]): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const p of parts) {
    if (typeof p.value === 'string' && !p.filename) form.append(p.name, p.value);
    else
      form.append(
        p.name,
        new Blob([typeof p.value === 'string' ? p.value : new Uint8Array(p.value)], { type: p.type ?? 'application/octet-stream' }),
        p.filename ?? 'file',
      );
  }
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { payload: Buffer.from(await request.arrayBuffer()), headers: { 'content-type': request.headers.get('content-type')! } };
}

export function reportParts(overrides: Record<string, unknown> = {}): Part[] {
  const body = reportBody(overrides);
  return Object.entries(body).map(([name, value]) => ({ name, value: typeof value === 'string' ? value : JSON.stringify(value) }));
}

/** A real JPEG as a phone makes it: EXIF with camera data, GPS position and an orientation tag (rotate 90°). */
export async function phoneJpeg(width = 640, height = 480): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 60, b: 40 } } })
    .jpeg({ quality: 90 })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestPhone', Model: 'Secret Model X', Artist: 'Jan Kowalski' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '50/1 19/1 3540/100', GPSLongitudeRef: 'E', GPSLongitude: '19/1 1/1 4692/100' },
    })
    .toBuffer();
}
