import { css } from 'lit';

export const styles = css`
  :host {
    margin-top: calc(var(--_space) * 2);
  }
  .passkey-list {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
  }
  .passkey {
    padding: calc(var(--_space) * 0.75) 0;
    border-bottom: 1px solid var(--civic-color-divider, #b1b4b6);
  }
  .passkey p {
    margin: 0 0 0.25em;
  }
  .passkey__name {
    font-weight: 700;
    overflow-wrap: anywhere;
  }
  h3:focus {
    outline: none;
  }
`;
