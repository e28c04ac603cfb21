/**
 * A small slippy map for choosing a point: `<img>` tiles in Web Mercator, the chosen point is the
 * centre (under a fixed marker). Drag or click with a pointer; arrows pan and +/− zoom from the
 * keyboard. Loaded only when a report form shows a map (its own chunk, ~2 KB gzipped, instead of
 * Leaflet's ~40 KB). Plain `<img>` tiles need no CORS and no canvas; when a tile cannot load
 * (no network, a city's img-src CSP) the map reports `civic-map-error` and the form falls back to
 * the address field, which is always there.
 *
 * Positions are set through the CSSOM (`element.style.setProperty`, the `at` directive), never style
 * attributes, so a strict style-src CSP does not break it (lit's styleMap writes a style attribute on
 * its first render, which `style-src 'self'` refuses: 8 reports and misplaced tiles before issue 20). Used by tag name inside the report elements (reports/filters.ts loads it): texts come in
 * as properties, so this module needs nothing but Lit.
 */
import { LitElement, css, html, noChange, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { Directive, PartType, directive, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { LatLng, MapPin } from '../../reports/types.js';

const TILE = 256;
const MIN_ZOOM = 3;
const MAX_ZOOM = 19;
const PAN = 64;

/** Places its element at (x, y) px through the CSSOM, which CSP allows (a style attribute it refuses). */
class At extends Directive {
  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('at() goes on an element');
  }

  render(_x: number, _y: number): unknown {
    return noChange;
  }

  override update(part: ElementPart, [x, y]: [number, number]): unknown {
    const style = (part.element as HTMLElement).style;
    style.setProperty('left', `${Math.round(x)}px`);
    style.setProperty('top', `${Math.round(y)}px`);
    return noChange;
  }
}
const at = directive(At);

/** Close pins at the current zoom, grouped into one button (FixMyStreet #1462: crowded maps). */
export interface PinGroup {
  pins: MapPin[];
  x: number;
  y: number;
}

const GROUP_PX = 36;

/**
 * Groups pins closer than GROUP_PX on screen (each joins the first group whose first pin is that close;
 * no fixed grid, so two close pins are never split by a cell border); the group sits at their mean.
 */
export function groupPins(pins: MapPin[], zoom: number, origin: { x: number; y: number }): PinGroup[] {
  const groups: Array<{ at: { x: number; y: number }; pins: MapPin[]; pts: Array<{ x: number; y: number }> }> = [];
  for (const p of pins) {
    const pt = project(p, zoom);
    const near = groups.find((g) => Math.abs(g.at.x - pt.x) < GROUP_PX && Math.abs(g.at.y - pt.y) < GROUP_PX);
    if (near) {
      near.pins.push(p);
      near.pts.push(pt);
    } else groups.push({ at: pt, pins: [p], pts: [pt] });
  }
  return groups.map((g) => ({
    pins: g.pins,
    x: g.pts.reduce((n, p) => n + p.x, 0) / g.pts.length - origin.x,
    y: g.pts.reduce((n, p) => n + p.y, 0) / g.pts.length - origin.y,
  }));
}

const worldSize = (z: number) => TILE * 2 ** z;

export function project({ lat, lng }: LatLng, z: number): { x: number; y: number } {
  const s = worldSize(z);
  const r = (Math.max(-85.05112878, Math.min(85.05112878, lat)) * Math.PI) / 180;
  return { x: ((lng + 180) / 360) * s, y: ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * s };
}

export function unproject(x: number, y: number, z: number): LatLng {
  const s = worldSize(z);
  const lng = (x / s) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / s))) * 180) / Math.PI;
  return { lat, lng: ((((lng + 180) % 360) + 360) % 360) - 180 };
}

export class CivicLocationMap extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
    .viewport {
      position: relative;
      overflow: hidden;
      height: var(--civic-map-height, 18rem);
      background: #dde3e8;
      border: 2px solid var(--_border, #505a5f);
      border-radius: var(--_radius, 4px);
      touch-action: none;
      cursor: grab;
    }
    .viewport--readonly {
      cursor: default;
    }
    .viewport:focus-visible {
      outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
      outline-offset: 2px;
      box-shadow: 0 0 0 6px var(--civic-color-focus, #ffdd00);
    }
    img {
      position: absolute;
      width: 256px;
      height: 256px;
      max-width: none;
      user-select: none;
      -webkit-user-drag: none;
    }
    .marker {
      position: absolute;
      left: 50%;
      top: 50%;
      width: 28px;
      height: 28px;
      margin: -28px 0 0 -14px;
      pointer-events: none;
    }
    .attribution {
      position: absolute;
      right: 0;
      bottom: 0;
      padding: 0 0.35em;
      font-size: 0.75em;
      color: #1b1b1b;
      background: rgba(255, 255, 255, 0.9);
    }
    .controls {
      position: absolute;
      top: 0.5em;
      right: 0.5em;
      display: flex;
      flex-direction: column;
      gap: 0.25em;
    }
    button {
      width: 2.75rem;
      height: 2.75rem;
      font: inherit;
      font-size: 1.25em;
      font-weight: 700;
      color: #1b1b1b;
      background: #ffffff;
      border: 2px solid #505a5f;
      border-radius: 4px;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid #0b0c0c;
      box-shadow: 0 0 0 6px #ffdd00;
    }
    .hint {
      color: var(--_muted, #505a5f);
      margin: 0 0 0.25em;
    }
    [hidden] {
      display: none;
    }
    .controls button {
      position: relative;
    }
    .pin {
      position: absolute;
      width: 2rem;
      height: 2rem;
      margin: -1rem 0 0 -1rem;
      padding: 0;
      font-size: 0.95em;
      color: #ffffff;
      background: #b00020;
      border: 2px solid #ffffff;
      border-radius: 50%;
      box-shadow: 0 0 0 1px #1b1b1b;
    }
    .pin--group {
      width: 2.5rem;
      height: 2.5rem;
      margin: -1.25rem 0 0 -1.25rem;
      background: #1d3f6e;
    }
    .pin--fixed {
      background: #00703c;
    }
  `;

  /** Tile URL template with {z}, {x}, {y} (and optionally {s}). */
  @property({ attribute: false }) tileUrl = '';
  @property({ attribute: false }) attribution = '';
  @property({ type: Number }) lat = 0;
  @property({ type: Number }) lng = 0;
  @property({ type: Number }) zoom = 14;
  /**
   * A map that only shows the point (a report's location): no panning, so the marker stays on the
   * place; zoom buttons remain. Not a keyboard stop of its own.
   */
  @property({ type: Boolean }) fixed = false;
  /** Accessible name of the map, hint and button labels (the form passes them in its language). */
  @property({ attribute: false }) texts = { label: 'Map', hint: '', zoomIn: '+', zoomOut: '−' };
  /** Points to show (civic-reports-map); with pins the centre marker is hidden unless `marker` is set. */
  @property({ attribute: false }) pins?: MapPin[];
  /** The label of a group of pins, e.g. "3 reports here". */
  @property({ attribute: false }) groupLabel: (n: number) => string = (n) => String(n);

  @state() private width = 0;
  @state() private height = 0;
  private loaded = 0;
  private failed = false;
  private drag?: { id: number; x: number; y: number; moved: boolean };
  private readonly resize = new ResizeObserver(([e]) => {
    this.width = Math.round(e.contentRect.width);
    this.height = Math.round(e.contentRect.height);
  });

  override firstUpdated(): void {
    const viewport = this.renderRoot.querySelector<HTMLElement>('.viewport')!;
    // measured now too: a page in a background tab gets no ResizeObserver callbacks until shown
    this.width = viewport.clientWidth;
    this.height = viewport.clientHeight;
    this.resize.observe(viewport);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resize.disconnect();
  }

  /** The visible area as minLng, minLat, maxLng, maxLat (undefined until measured). */
  bounds(): [number, number, number, number] | undefined {
    if (!this.width || !this.height) return undefined;
    const c = project(this, this.zoom);
    const nw = unproject(c.x - this.width / 2, c.y - this.height / 2, this.zoom);
    const se = unproject(c.x + this.width / 2, c.y + this.height / 2, this.zoom);
    return [nw.lng, se.lat, se.lng, nw.lat];
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (['lat', 'lng', 'zoom', 'width', 'height'].some((k) => changed.has(k)) && this.bounds()) {
      this.dispatchEvent(new CustomEvent('civic-map-view', { detail: { bbox: this.bounds()!, zoom: this.zoom }, bubbles: true, composed: true }));
    }
  }

  private renderPins() {
    if (!this.pins || !this.width) return nothing;
    const c = project(this, this.zoom);
    const origin = { x: c.x - this.width / 2, y: c.y - this.height / 2 };
    return groupPins(this.pins, this.zoom, origin)
      .filter((g) => g.x >= 0 && g.y >= 0 && g.x <= this.width && g.y <= this.height)
      .map((g) => {
        const one = g.pins.length === 1;
        const fixed = g.pins.every((p) => p.fixed);
        return html`<button type="button" class="pin ${one ? '' : 'pin--group'} ${fixed ? 'pin--fixed' : ''}" part="pin"
          ${at(g.x, g.y)}
          aria-label=${one ? g.pins[0]!.label : this.groupLabel(g.pins.length)} title=${one ? g.pins[0]!.label : this.groupLabel(g.pins.length)}
          @pointerdown=${(e: Event) => e.stopPropagation()}
          @click=${() => this.dispatchEvent(new CustomEvent('civic-map-pin', { detail: { ids: g.pins.map((p) => p.id) }, bubbles: true, composed: true }))}>
          ${one ? (fixed ? '✓' : '!') : g.pins.length}</button>`;
      });
  }

  private moveBy(dx: number, dy: number): void {
    const c = project(this, this.zoom);
    this.setCenter(unproject(c.x + dx, c.y + dy, this.zoom));
  }

  private setCenter(p: LatLng): void {
    this.lat = p.lat;
    this.lng = p.lng;
    this.dispatchEvent(new CustomEvent<LatLng>('civic-map-move', { detail: { lat: p.lat, lng: p.lng }, bubbles: true, composed: true }));
  }

  private setZoom(z: number): void {
    this.zoom = Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, z));
  }

  private readonly handleKeyDown = (e: KeyboardEvent): void => {
    if (this.fixed) return;
    const step = e.shiftKey ? TILE : PAN;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) this.moveBy(...moves[e.key]);
    else if (e.key === '+' || e.key === '=') this.setZoom(this.zoom + 1);
    else if (e.key === '-' || e.key === '_') this.setZoom(this.zoom - 1);
    else return;
    e.preventDefault();
  };

  private readonly handlePointerDown = (e: PointerEvent): void => {
    if (this.fixed || e.button !== 0 || (e.target as Element).closest('button')) return;
    (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
    this.drag = { id: e.pointerId, x: e.clientX, y: e.clientY, moved: false };
  };

  private readonly handlePointerMove = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < 4) return;
    d.moved = true;
    d.x = e.clientX;
    d.y = e.clientY;
    this.moveBy(-dx, -dy);
  };

  private readonly handlePointerUp = (e: PointerEvent): void => {
    const d = this.drag;
    if (!d || d.id !== e.pointerId) return;
    this.drag = undefined;
    if (d.moved) return;
    // a click (or tap) chooses that point: it becomes the centre
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    this.moveBy(e.clientX - box.left - box.width / 2, e.clientY - box.top - box.height / 2);
  };

  private readonly handleTileLoad = (): void => {
    this.loaded++;
  };

  /** Nothing loaded yet and a tile failed: the tile server is unreachable or blocked. */
  private readonly handleTileError = (): void => {
    if (this.loaded || this.failed) return;
    this.failed = true;
    this.dispatchEvent(new CustomEvent('civic-map-error', { bubbles: true, composed: true }));
  };

  private tiles() {
    if (!this.width || !this.height || !this.tileUrl) return [];
    const z = this.zoom;
    const c = project(this, z);
    const left = c.x - this.width / 2;
    const top = c.y - this.height / 2;
    const n = 2 ** z;
    const out = [];
    for (let ty = Math.floor(top / TILE); ty <= Math.floor((top + this.height) / TILE); ty++) {
      if (ty < 0 || ty >= n) continue;
      for (let tx = Math.floor(left / TILE); tx <= Math.floor((left + this.width) / TILE); tx++) {
        const x = ((tx % n) + n) % n;
        const src = this.tileUrl
          .replace('{z}', String(z))
          .replace('{x}', String(x))
          .replace('{y}', String(ty))
          .replace('{s}', 'abc'[(x + ty) % 3]);
        out.push({ key: `${z}/${tx}/${ty}`, src, left: Math.round(tx * TILE - left), top: Math.round(ty * TILE - top) });
      }
    }
    return out;
  }

  override render() {
    const x = this.texts;
    return html`${x.hint ? html`<p id="hint" class="hint">${x.hint}</p>` : nothing}
      <div class="viewport ${this.fixed ? 'viewport--readonly' : ''}" part="map" tabindex=${this.fixed ? nothing : '0'}
        role=${this.fixed ? 'group' : 'application'} aria-roledescription=${this.fixed ? nothing : x.label}
        aria-label=${x.label} aria-describedby=${x.hint ? 'hint' : nothing}
        @keydown=${this.handleKeyDown} @pointerdown=${this.handlePointerDown} @pointermove=${this.handlePointerMove}
        @pointerup=${this.handlePointerUp} @pointercancel=${() => (this.drag = undefined)}>
        ${this.tiles().map(
          (t) => html`<img src=${t.src} alt="" draggable="false" ${at(t.left, t.top)}
            @load=${this.handleTileLoad} @error=${this.handleTileError} />`,
        )}
        ${this.renderPins()}
        <svg class="marker" ?hidden=${!!this.pins} viewBox="0 0 28 28" aria-hidden="true"><path d="M14 27C14 27 3 16 3 10a11 11 0 0 1 22 0c0 6-11 17-11 17z"
          fill="#b00020" stroke="#ffffff" stroke-width="2"/><circle cx="14" cy="10" r="4" fill="#ffffff"/></svg>
        <div class="controls">
          <button type="button" aria-label=${x.zoomIn} title=${x.zoomIn} @click=${() => this.setZoom(this.zoom + 1)}>+</button>
          <button type="button" aria-label=${x.zoomOut} title=${x.zoomOut} @click=${() => this.setZoom(this.zoom - 1)}>−</button>
        </div>
        ${this.attribution ? html`<div class="attribution">${this.attribution}</div>` : nothing}
      </div>`;
  }
}

if (!customElements.get('civic-location-map')) customElements.define('civic-location-map', CivicLocationMap);

declare global {
  interface HTMLElementTagNameMap {
    'civic-location-map': CivicLocationMap;
  }
  interface GlobalEventHandlersEventMap {
    'civic-map-move': CustomEvent<LatLng>;
    'civic-map-error': CustomEvent<void>;
    'civic-map-view': CustomEvent<{ bbox: [number, number, number, number]; zoom: number }>;
    'civic-map-pin': CustomEvent<{ ids: string[] }>;
  }
}
