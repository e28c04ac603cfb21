import { css } from 'lit';

export const styles = css`
  .filters .row {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: flex-end;
  }
  .filters .field {
    margin: 0;
  }
  .map-slot {
    margin: var(--_space) 0;
  }
  .list li {
    border-bottom: 1px solid #b1b4b6;
    padding: 0.5em 0;
  }
  .badge--resolved {
    color: #00703c;
  }
  .card {
    border: 2px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
    margin: var(--_space) 0;
  }
`;
