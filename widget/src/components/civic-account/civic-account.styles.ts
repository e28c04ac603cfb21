import { css } from 'lit';

export const styles = css`
  .details {
    margin: 0 0 var(--_space);
  }
  .details div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.5em;
    padding: 0.35em 0;
    border-bottom: 1px solid var(--civic-color-divider, #b1b4b6);
  }
  .details dt {
    font-weight: 700;
    min-width: 10em;
  }
  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  section section {
    margin-top: calc(var(--_space) * 2);
  }
  .button--danger {
    color: var(--civic-color-on-danger, #ffffff);
    background: var(--civic-color-danger, #b00020);
  }
  .danger-zone {
    border-inline-start: 6px solid var(--civic-color-danger, #b00020);
    padding-inline-start: var(--_space);
  }
  .identities {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .identities li {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em 1em;
    padding: 0.5em 0;
    border-bottom: 1px solid var(--civic-color-divider, #b1b4b6);
  }
  .identity-name {
    font-weight: 700;
  }
  .identity-meta {
    flex: 1 1 12em;
  }
  h3:focus {
    outline: none;
  }
`;
