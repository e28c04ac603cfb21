import { css } from 'lit';

export const styles = css`
  .forgot {
    margin-top: calc(var(--_space) * -0.5);
  }
  .passkey {
    margin-top: var(--_space);
  }
`;
