import { LitElement, css, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';

export interface LocationViewTexts {
  heading: string;
  map: string;
  address: string;
  coordinates: string;
  openInMap: string;
  zoomIn: string;
  zoomOut: string;
}

/**
 * @tagname civic-location-view
 * @summary Where a report is: a small map with the pin (the report form's tile map, fixed on the
 * point), the address, the coordinates and an "open in a map" link. Used inside the report views
 * (staff console, my reports, tracker), loaded with the first report shown so the first screen
 * stays small. Texts come in as a property in the host's language; this element needs only Lit (the map
 * is civic-location-map by tag name: the report elements load its chunk with this one).
 *
 * @csspart map - The map.
 * @csspart details - The address and coordinates.
 * @csspart link - The "open in a map" link.
 */
export class CivicLocationView extends LitElement {
  static override styles = css`
    :host {
      display: block;
      margin: 0 0 1em;
      --civic-map-height: 12rem;
    }
    h4 {
      margin: 0 0 0.5em;
    }
    dl {
      display: grid;
      grid-template-columns: max-content 1fr;
      gap: 0.25em 1em;
      margin: 0.5em 0;
    }
    dl div {
      display: contents;
    }
    dt {
      font-weight: 700;
    }
    dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    a {
      color: var(--civic-color-link, #1d4f91);
    }
    a:focus-visible {
      outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
      background: var(--civic-color-focus, #ffdd00);
      color: #0b0c0c;
    }
  `;

  @property({ type: Number }) lat = 0;
  @property({ type: Number }) lng = 0;
  @property() address = '';
  /** Tile URL template; empty: no map, the rest still shows. */
  @property({ attribute: false }) tileUrl = '';
  @property({ attribute: false }) attribution = '';
  @property({ type: Number }) zoom = 16;
  @property({ attribute: false }) texts: LocationViewTexts = {
    heading: 'Location',
    map: 'Map',
    address: 'Address',
    coordinates: 'Coordinates',
    openInMap: 'Open in a map',
    zoomIn: '+',
    zoomOut: '−',
  };

  /** The tiles could not load (no network, a CSP): the map goes, the details stay. */
  @state() private mapFailed = false;

  /** OpenStreetMap shows any point without a key; a pin (`mlat`, `mlon`) marks it. */
  get mapLink(): string {
    const lat = this.lat.toFixed(6);
    const lng = this.lng.toFixed(6);
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=18/${lat}/${lng}`;
  }

  override render() {
    const x = this.texts;
    const coords = `${this.lat.toFixed(5)}, ${this.lng.toFixed(5)}`;
    return html`<h4>${x.heading}</h4>
      ${
        this.tileUrl && !this.mapFailed
          ? html`<civic-location-map part="map" fixed .tileUrl=${this.tileUrl} .attribution=${this.attribution}
            .lat=${this.lat} .lng=${this.lng} .zoom=${this.zoom}
            .texts=${{ label: `${x.map}: ${this.address || coords}`, hint: '', zoomIn: x.zoomIn, zoomOut: x.zoomOut }}
            @civic-map-error=${(e: Event) => {
              e.stopPropagation();
              this.mapFailed = true;
            }}></civic-location-map>`
          : nothing
      }
      <dl part="details">
        ${this.address ? html`<div><dt>${x.address}</dt><dd>${this.address}</dd></div>` : nothing}
        <div><dt>${x.coordinates}</dt><dd class="coords">${coords}</dd></div>
      </dl>
      <a part="link" href=${this.mapLink} target="_blank" rel="noopener">${x.openInMap}</a>`;
  }
}

if (!customElements.get('civic-location-view')) customElements.define('civic-location-view', CivicLocationView);

declare global {
  interface HTMLElementTagNameMap {
    'civic-location-view': CivicLocationView;
  }
}
