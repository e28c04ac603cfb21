import { css } from 'lit';

export const styles = css`
  h2:focus,
  h3:focus {
    outline: none;
  }
  .button[aria-disabled='true'] {
    cursor: not-allowed;
    border-style: dashed;
  }
  .countdown {
    margin: 0.5em 0 0;
    min-height: 1.5em;
  }
`;
