import { css } from 'lit';

/** Styles shared by the report elements, on top of core's baseStyles. */
export const reportStyles = css`
  textarea.input {
    min-height: 6em;
    resize: vertical;
  }
  .muted {
    color: var(--_muted);
  }
  .meta {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25em 1em;
    margin: 0 0 var(--_space);
  }
  .meta div {
    display: contents;
  }
  .meta dt {
    font-weight: 700;
  }
  .meta dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .badge {
    display: inline-block;
    padding: 0.1em 0.6em;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    font-weight: 700;
  }
  .description,
  .comment,
  .message__body {
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  h4 {
    font-size: 1em;
    margin: var(--_space) 0 0.5em;
  }
  .list,
  .history,
  .messages,
  .photos {
    margin: 0 0 var(--_space);
    padding: 0;
    list-style: none;
  }
  .list > li,
  .messages > li {
    border: 1px solid var(--civic-color-divider, #b1b4b6);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 0.75);
    margin: 0 0 calc(var(--_space) * 0.5);
  }
  .list p,
  .messages p,
  .history p {
    margin: 0 0 0.25em;
  }
  .history > li {
    border-inline-start: 4px solid var(--_primary);
    padding-inline-start: 0.75em;
    margin: 0 0 0.75em;
  }
  .message--staff {
    background: var(--civic-color-notice-bg, #eef4fb);
  }
  .photos {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .photos img {
    display: block;
    width: 8em;
    height: 6em;
    object-fit: cover;
    border-radius: var(--_radius);
  }
  .code,
  .code-inline {
    font-family: var(--civic-font-family-mono, ui-monospace, 'DejaVu Sans Mono', monospace);
    letter-spacing: 0.08em;
  }
  .code {
    display: inline-block;
    font-size: 1.75em;
    font-weight: 700;
    padding: 0.25em 0.5em;
    border: 3px dashed var(--_success);
    border-radius: var(--_radius);
    overflow-wrap: anywhere;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_space) * 0.5) var(--_space);
    align-items: flex-end;
  }
  .row > .field {
    flex: 1 1 12em;
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: 0 0 var(--_space);
    min-width: 0;
  }
  legend {
    font-weight: 700;
    font-size: 1.125em;
    padding: 0;
    margin-bottom: 0.25em;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
  }
`;
