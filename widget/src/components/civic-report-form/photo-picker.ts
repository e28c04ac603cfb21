/** civic-report-form's photos: choosing (with client-side hints), previews, removing; the files go with the report. */
import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { ReportTranslator } from '../../reports/report-element.js';

/** Client-side hints only; the server decides (it sniffs and re-encodes every photo). */
const PHOTOS = { max: 5, maxMb: 10, types: ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'image/avif'] };

interface Photo {
  file: File;
  url: string;
}

interface Host extends ReactiveControllerHost {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly t: ReportTranslator;
}

export class PhotoPicker {
  private photos: Photo[] = [];
  private error?: string;

  constructor(private readonly host: Host) {}

  get files(): File[] {
    return this.photos.map((p) => p.file);
  }

  private readonly handleFiles = (e: Event): void => {
    const input = e.target as HTMLInputElement;
    const t = this.host.t;
    let error: string | undefined;
    const added: Photo[] = [];
    for (const file of input.files ?? []) {
      if (this.photos.length + added.length >= PHOTOS.max) error = t('photoTooMany', { max: PHOTOS.max });
      else if (file.type && !PHOTOS.types.includes(file.type)) error = t('photoWrongType', { name: file.name });
      else if (file.size > PHOTOS.maxMb * 1024 * 1024) error = t('photoTooBig', { name: file.name, mb: PHOTOS.maxMb });
      else added.push({ file, url: URL.createObjectURL(file) });
    }
    input.value = ''; // the same file can be chosen again after removing it
    this.photos = [...this.photos, ...added];
    this.error = error;
    this.host.requestUpdate();
  };

  private remove(i: number): void {
    URL.revokeObjectURL(this.photos[i].url);
    this.photos = this.photos.filter((_, n) => n !== i);
    this.error = undefined;
    this.host.requestUpdate();
    this.host.renderRoot.querySelector<HTMLElement>('#report-photos')?.focus();
  }

  clear(): void {
    this.photos.forEach((p) => URL.revokeObjectURL(p.url));
    this.photos = [];
    this.error = undefined;
    this.host.requestUpdate();
  }

  render(): TemplateResult {
    const t = this.host.t;
    const err = this.error;
    return html`<div class="field ${err ? 'field--error' : ''}" part="field">
      <label for="report-photos" part="label">${t('photos')} <span class="optional">${t('optional')}</span></label>
      <div id="report-photos-hint" class="hint">${t('photosHint', { max: PHOTOS.max, mb: PHOTOS.maxMb })}</div>
      ${err ? html`<p id="report-photos-error" class="error-message"><span class="visually-hidden">${t('errorPrefix')}</span> ${err}</p>` : nothing}
      <input id="report-photos" class="file ${this.photos.length ? 'file--attached' : ''}" type="file" accept=${PHOTOS.types.join(',')} multiple
        ?disabled=${this.photos.length >= PHOTOS.max}
        aria-describedby=${err ? 'report-photos-hint report-photos-error' : 'report-photos-hint'} @change=${this.handleFiles} />
      ${
        this.photos.length
          ? html`<ul class="previews" part="photos">
            ${this.photos.map(
              (p, i) => html`<li>
                <img src=${p.url} alt=${t('photoPreview', { n: i + 1, name: p.file.name })} />
                <span class="name">${p.file.name}</span>
                <button type="button" class="link-button" @click=${() => this.remove(i)}>${t('removePhoto', { n: i + 1 })}</button>
              </li>`,
            )}
          </ul>`
          : nothing
      }
    </div>`;
  }
}
