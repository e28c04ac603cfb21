import { css } from 'lit';

export const styles = css`
  form {
    max-width: 40em;
  }
  .location-tools {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em var(--_space);
    align-items: center;
    margin: 0.5em 0 var(--_space);
  }
  .map-slot {
    margin: 0 0 0.5em;
  }
  .previews {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    margin: 0.5em 0 0;
    padding: 0;
    list-style: none;
  }
  .previews li {
    display: flex;
    flex-direction: column;
    gap: 0.25em;
    max-width: 9em;
  }
  .previews img {
    width: 9em;
    height: 7em;
    object-fit: cover;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .previews .name {
    font-size: 0.875em;
    overflow-wrap: anywhere;
  }
  .file {
    font: inherit;
    max-width: 100%;
  }
  /* the browser's "No file chosen" beside attached photos would contradict the list below */
  .file--attached {
    color: transparent;
  }
  .file--attached::file-selector-button {
    color: var(--_text, #0b0c0c);
  }
  .nearby {
    border: 3px solid var(--_primary);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: 0 0 var(--_space);
  }
  .success {
    max-width: 40em;
  }
`;
