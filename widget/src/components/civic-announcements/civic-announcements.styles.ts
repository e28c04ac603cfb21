import { css } from 'lit';

export const styles = css`
  .announcement h3 {
    margin-bottom: 0.25em;
  }
  .publish {
    margin-top: calc(var(--_space) * 2);
    padding-top: var(--_space);
    border-top: 1px solid var(--civic-color-divider, #b1b4b6);
  }
`;
