import { css } from 'lit';

export const styles = css`
  .terms {
    margin: 0.5em 0 0 2em;
  }
  .switch {
    margin-top: calc(var(--_space) * 1.5);
  }
  h2:focus {
    outline: none;
  }
`;
