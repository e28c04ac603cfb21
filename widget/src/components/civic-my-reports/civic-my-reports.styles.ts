import { css } from 'lit';

export const styles = css`
  .item-title {
    font-size: 1.0625em;
    font-weight: 700;
    text-align: start;
  }
`;
