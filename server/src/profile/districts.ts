import type { MunicipalityProfile } from './schema.js';

type Point = { lat: number; lng: number };

/** Ray casting over the [lng, lat] outline; plenty precise at city scale. */
function inside(p: Point, ring: Array<[number, number]>): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p.lat !== yj > p.lat && p.lng < ((xj - xi) * (p.lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** The profile district whose boundary holds the point; '' when none does (or none has a boundary). */
export function districtOf(profile: Pick<MunicipalityProfile, 'districts'>, p: Point): string {
  return profile.districts.find((d) => d.boundary && inside(p, d.boundary))?.id ?? '';
}
