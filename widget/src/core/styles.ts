import { css } from 'lit';
import { shellStyles } from './shell-styles.js';

/** Forms (GOV.UK style: fields, hints, the error summary, show/hide): in the form chunk, after the shell's theme. */
const formStyles = css`
  form {
    max-width: 36em;
  }
  .field {
    margin: 0 0 var(--_space);
  }
  .field--error {
    border-inline-start: 4px solid var(--_error);
    padding-inline-start: calc(var(--_space) * 0.75);
  }
  label {
    display: block;
    font-weight: 700;
    margin-bottom: 0.25em;
  }
  .optional,
  .hint {
    font-weight: 400;
    color: var(--_muted);
  }
  .hint {
    margin-bottom: 0.25em;
  }
  .input {
    display: block;
    width: 100%;
    max-width: 100%;
    min-height: 2.75em;
    padding: 0.4em 0.5em;
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
  }
  [aria-invalid='true'] {
    border-color: var(--_error);
  }
  .password {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
  }
  .password .input {
    flex: 1 1 12em;
    width: auto;
  }
  .checkbox {
    display: flex;
    align-items: flex-start;
    gap: 0.5em;
  }
  .checkbox input {
    width: 1.5em;
    height: 1.5em;
    margin: 0.1em 0 0;
    flex: none;
    accent-color: var(--_primary);
  }
  .checkbox label {
    font-weight: 400;
  }
  .error-message {
    color: var(--_error);
    font-weight: 700;
    margin: 0 0 0.25em;
  }
  .error-summary {
    border: 4px solid var(--_error);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0 0 var(--_space);
  }
  .error-summary__list {
    margin: 0;
    padding-inline-start: 1.25em;
  }
  .error-summary a {
    color: var(--_error);
    font-weight: 700;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space);
    margin-top: var(--_space);
  }
  .button--secondary {
    color: var(--_primary);
    background: var(--_surface);
    border-color: var(--_primary);
  }
  .toggle {
    padding: 0.4em 0.75em;
    color: var(--_primary);
    background: var(--_surface);
    border: 2px solid var(--_primary);
  }
  .link-button {
    padding: 0;
    color: var(--civic-color-link, #0b5cab);
    background: none;
    border: 0;
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
  .error-summary:focus {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
    outline-offset: 2px;
  }
`;

/** Default theme of an element with forms: core/shell-styles.ts's theme and the forms' styles. */
export const baseStyles = [shellStyles, formStyles];
