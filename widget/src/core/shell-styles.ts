import { css } from 'lit';

/**
 * Default theme, the part every element shows (the portal's shell too): the --civic-* custom properties, text,
 * buttons, focus, notices. Forms' styles are in core/styles.ts, which only elements with forms load (issue 20:
 * the portal's first screen has none). Every colour meets 4.5:1 on its background (checked in
 * test/widget/a11y.test.ts by axe); cities override the --civic-* custom properties. Fonts are inherited from the page.
 */
export const shellStyles = css`
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
  :focus-visible {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
    outline-offset: 2px;
    box-shadow: 0 0 0 6px var(--_focus);
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
