/** Small pieces shared by the report elements' filter forms and maps (civic-reports-map, civic-alerts, civic-staff-console, civic-report-form). */
import { html, type TemplateResult } from 'lit';

/** A labelled select of a filter form; `selected` picks the option shown. */
export function filterSelect(id: string, name: string, label: string, options: Array<{ value: string; label: string }>, selected: string): TemplateResult {
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} name=${name} class="input" part="input">
      ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === selected}>${o.label}</option>`)}
    </select>
  </div>`;
}

/** Fetches the tile map's own chunk (shared by every element with a map) the first time one is shown. */
export async function importLocationMap(): Promise<'ready' | 'failed'> {
  try {
    await import('../components/civic-location-map/civic-location-map.js');
    return 'ready';
  } catch {
    return 'failed';
  }
}
