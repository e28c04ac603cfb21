import { css } from 'lit';

export const styles = css`
  .tabs ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .tabs .toggle {
    transition: none;
  }
  .tabs .toggle[aria-current='page'] {
    color: var(--_on-primary);
    background: var(--_primary);
    font-weight: 700;
  }
  .table-wrap {
    overflow-x: auto;
    margin: 0 0 var(--_space);
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: 700;
    margin-bottom: 0.5em;
  }
  th,
  td {
    text-align: start;
    vertical-align: top;
    padding: 0.4em 0.6em;
    border-bottom: 1px solid var(--civic-color-divider, #b1b4b6);
    /* whole words on a phone: a long address breaks only where it must, and the table scrolls in its frame */
    overflow-wrap: break-word;
  }
  .table-wrap:focus-visible {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
    outline-offset: 2px;
  }
  .details {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0 0 var(--_space);
  }
  .details div {
    display: contents;
  }
  .details dt {
    font-weight: 700;
  }
  .details dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  section section {
    margin-top: calc(var(--_space) * 1.5);
  }
  .danger-zone {
    border-inline-start: 6px solid var(--civic-color-danger, #b00020);
    padding-inline-start: var(--_space);
  }
  .button--danger {
    color: var(--civic-color-on-danger, #ffffff);
    background: var(--civic-color-danger, #b00020);
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    align-items: flex-end;
    gap: var(--_space);
    max-width: none;
    margin: 0 0 var(--_space);
  }
  .inline-form .field {
    margin: 0;
  }
  h2:focus,
  h3:focus {
    outline: none;
  }
  textarea.input {
    min-height: 4em;
  }
`;
