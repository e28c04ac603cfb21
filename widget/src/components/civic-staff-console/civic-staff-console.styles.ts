import { css } from 'lit';

export const styles = css`
  .filters {
    max-width: none;
    margin: 0 0 var(--_space);
  }
  .filters .field {
    flex: 1 1 12em;
    margin: 0;
  }
  .item-title {
    font-size: 1.0625em;
    font-weight: 700;
    text-align: start;
  }
  .status-change {
    margin-top: var(--_space);
    padding-top: var(--_space);
    border-top: 1px solid var(--civic-color-divider, #b1b4b6);
  }
`;
