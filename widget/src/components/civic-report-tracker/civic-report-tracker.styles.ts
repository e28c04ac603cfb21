import { css } from 'lit';

export const styles = css`
  #track-code {
    max-width: 16em;
    font-family: var(--civic-font-family-mono, ui-monospace, 'DejaVu Sans Mono', monospace);
    letter-spacing: 0.08em;
    text-transform: uppercase;
  }
`;
