// Size baseline: the smallest useful Lit element, built exactly like the widget.
import { LitElement, html, css } from 'lit';

class BareElement extends LitElement {
  static override styles = css`:host { display: block; }`;
  override render() {
    return html`<p>Hello</p>`;
  }
}
customElements.define('bare-element', BareElement);
