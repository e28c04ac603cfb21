import { css } from 'lit';

export const styles = css`
  .providers {
    list-style: none;
    margin: 0 0 var(--_space);
    padding: 0;
    display: grid;
    gap: calc(var(--_space) * 0.5);
  }
  .provider {
    display: flex;
    align-items: center;
    justify-content: center;
    text-align: center;
    text-decoration: none;
    box-sizing: border-box;
    width: 100%;
  }
  .staff-providers {
    margin-top: calc(var(--_space) * 2);
  }
  .staff-providers .provider {
    color: var(--_primary);
    background: var(--_surface);
    border-color: var(--_primary);
  }
  .or {
    margin: 0 0 var(--_space);
  }
  .forgot {
    margin-top: calc(var(--_space) * -0.5);
  }
  .passkey {
    margin-top: var(--_space);
  }
`;
