import { SlotCounter, type Concurrency, type SlotResult, type SlotSpec } from './concurrency.js';

/**
 * At most `limit` per key in ANY span of `windowMs` (a rolling window), not per aligned window: with
 * aligned days, three emails at 23:59 and three at 00:01 would be six within two minutes.
 *
 * Built on the slot counter's unique inserts: a caller counts the previous aligned window's slots still
 * inside the span (that window takes no new slots any more, so the count only shrinks as time passes)
 * and may take current-window slots 1..limit-recent. Whoever inserts slot n holds it, so at any time
 * current + recent ≤ limit, however many race. Records are kept one window longer for that look-back.
 */
export class RollingSlots extends SlotCounter {
  /** The look-back needs each slot's time, so a rolling counter keeps slot records on every engine (as a sequence does). */
  protected override get counts(): boolean {
    return false;
  }

  override async take(rawKey: string, limit = this.spec.limit): Promise<SlotResult> {
    const key = this.layer.hashKey(rawKey);
    const now = Date.now();
    const { w, endsAt } = this.window(now);
    const previous = await this.taken(key, w - 1);
    const inSpan = previous.filter((s) => s.at.getTime() > now - this.spec.windowMs).sort((a, b) => a.at.getTime() - b.at.getTime());
    const seen = new Set((await this.taken(key, w)).map((s) => s.n));
    for (let n = 1; n <= limit - inSpan.length; n++) {
      if (seen.has(n)) continue;
      if (await this.insert(key, w, n, endsAt + this.spec.windowMs)) return { ok: true, n };
    }
    // the oldest slot still in the span frees a place when it leaves it (else the window's end does)
    const freesAt = inSpan.length ? inSpan[0]!.at.getTime() + this.spec.windowMs : endsAt;
    return { ok: false, retryAfter: Math.max(1, Math.ceil((freesAt - now) / 1000)) };
  }
}

/** A rolling-window counter in the layer's namespaces (registered like any slot counter, so names cannot collide). */
export function rollingSlots(cc: Concurrency, spec: SlotSpec): RollingSlots {
  if (!spec.windowMs) throw new Error(`rolling namespace ${spec.name} needs a window`);
  cc.slots(spec);
  return new RollingSlots(cc, spec);
}
