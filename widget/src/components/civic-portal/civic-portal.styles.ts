import { css } from 'lit';

export const styles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: calc(var(--_space) * 0.5) var(--_space);
    padding: calc(var(--_space) * 0.75) var(--_space);
    color: var(--civic-header-color, #ffffff);
    background: var(--civic-header-bg, #0b3f75);
    border-radius: var(--_radius) var(--_radius) 0 0;
  }
  .brand {
    display: flex;
    align-items: center;
    gap: 0.5em;
    flex: 1 1 auto;
  }
  .title-h {
    margin: 0;
    font-size: 1em;
  }
  .title {
    font: inherit;
    font-size: 1.25em;
    font-weight: 700;
    line-height: 1.15;
    text-transform: uppercase;
    color: inherit;
    background: none;
    border: 0;
    padding: 0.25em 0;
    cursor: pointer;
    text-align: start;
  }
  .languages {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25em;
  }
  .lang,
  .nav-item {
    font: inherit;
    color: inherit;
    background: none;
    border: 2px solid transparent;
    border-radius: var(--_radius);
    padding: 0.35em 0.6em;
    cursor: pointer;
  }
  .lang[aria-pressed='true'] {
    border-color: currentColor;
    font-weight: 700;
  }
  .nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25em;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .nav-item {
    font-weight: 700;
    text-transform: uppercase;
    letter-spacing: 0.02em;
  }
  .nav-item[aria-current='page'] {
    border-bottom-color: currentColor;
  }
  .who {
    display: flex;
    align-items: center;
    padding: 0 0.35em;
  }
  .menu-toggle {
    display: none;
    font: inherit;
    font-weight: 700;
    color: inherit;
    background: none;
    border: 2px solid currentColor;
    border-radius: var(--_radius);
    padding: 0.35em 0.6em;
    cursor: pointer;
  }
  /* a narrow screen folds the menu behind "Menu" (at 320 px the open list took 60% of the screen) */
  @media (max-width: 40em) {
    .menu-toggle {
      display: inline-block;
    }
    .nav {
      flex-basis: 100%;
    }
    .nav:not(.nav--open) {
      display: none;
    }
    .nav ul {
      flex-direction: column;
    }
  }
  .header :focus-visible {
    outline-color: var(--civic-header-color, #ffffff);
  }
  .main {
    display: block;
    padding: var(--_space);
    border: 1px solid var(--civic-color-divider, #b1b4b6);
    border-top: 0;
    border-radius: 0 0 var(--_radius) var(--_radius);
  }
  .main:focus {
    outline: none;
  }
  .main:focus-visible {
    outline: 3px solid var(--civic-color-focus-ring, #0b0c0c);
  }
  .intro {
    max-width: 44em;
  }
  .intro .button {
    text-transform: uppercase;
  }
`;
