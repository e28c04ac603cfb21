import type { Request } from '@hapi/hapi';

/** Who a signed-in request acts for: what the `session` strategy (plugins/accounts) puts in request.auth.credentials. */
export interface Credentials {
  id: string;
  role: 'resident' | 'staff' | 'admin';
  department?: string;
  scope: string[];
}

/** The signed-in account's id, on routes with the `session` strategy. */
export const userId = (request: Request) => (request.auth.credentials as unknown as Credentials).id;
