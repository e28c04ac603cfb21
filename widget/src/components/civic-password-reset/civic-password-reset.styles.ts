import { css } from 'lit';

export const styles = css`
  .back {
    margin-top: calc(var(--_space) * 1.5);
  }
`;
