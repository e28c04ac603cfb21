import { css } from 'lit';

/**
 * Default theme. Every colour meets 4.5:1 on its background (checked in test/widget/a11y.test.ts
 * by axe); cities override the --civic-* custom properties. Fonts are inherited from the page.
 */
export const baseStyles = css`
  :host {
    display: block;
    box-sizing: border-box;
    color: var(--civic-color-text, #1b1b1b);
    font-family: var(--civic-font-family, inherit);
    font-size: var(--civic-font-size, inherit);
    line-height: 1.5;
    --_primary: var(--civic-color-primary, #0b5cab);
    --_on-primary: var(--civic-color-on-primary, #ffffff);
    --_error: var(--civic-color-error, #b00020);
    --_success: var(--civic-color-success, #1e6b30);
    --_muted: var(--civic-color-muted, #505a5f);
    --_border: var(--civic-color-border, #505a5f);
    --_surface: var(--civic-color-surface, #ffffff);
    --_radius: var(--civic-radius, 4px);
    --_space: var(--civic-spacing, 1rem);
    --_focus: var(--civic-color-focus, #ffdd00);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  h2,
  h3 {
    margin: 0 0 var(--_space);
    line-height: 1.25;
  }
  h2 {
    font-size: 1.5em;
  }
  h3 {
    font-size: 1.125em;
  }
  p {
    margin: 0 0 var(--_space);
  }
  a {
    color: var(--civic-color-link, #0b5cab);
    text-decoration: underline;
    text-underline-offset: 0.15em;
  }
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
  .button,
  .toggle,
  .link-button {
    font: inherit;
    cursor: pointer;
    border-radius: var(--_radius);
  }
  .button {
    min-height: 2.75em;
    padding: 0.5em 1.25em;
    font-weight: 700;
    color: var(--_on-primary);
    background: var(--_primary);
    border: 2px solid transparent;
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
  :focus-visible {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
    outline-offset: 2px;
    box-shadow: 0 0 0 6px var(--_focus);
  }
  .error-summary:focus {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
    outline-offset: 2px;
  }
  .notice {
    padding: 0.75em var(--_space);
    border-inline-start: 6px solid var(--_primary);
    background: var(--civic-color-notice-bg, #eef4fb);
    margin: 0 0 var(--_space);
  }
  .notice--success {
    border-color: var(--_success);
    background: var(--civic-color-success-bg, #eaf4ec);
  }
  .notice--error {
    border-color: var(--_error);
    background: var(--civic-color-error-bg, #fbeaec);
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px !important;
    height: 1px !important;
    margin: 0 !important;
    padding: 0 !important;
    overflow: hidden !important;
    clip: rect(0 0 0 0) !important;
    clip-path: inset(50%) !important;
    border: 0 !important;
    white-space: nowrap !important;
  }
  @media (prefers-reduced-motion: no-preference) {
    .button,
    .toggle {
      transition: background-color 0.15s ease, box-shadow 0.15s ease;
    }
  }
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }
  }
`;
