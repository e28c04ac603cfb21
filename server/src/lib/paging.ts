import Joi from 'joi';

/** ?page=1&limit=20 on every list; deep pages are capped so a crawler cannot make the database skip millions. */
export const MAX_PAGE = 1000;
export const pagingQuery = (defaultLimit = 20, maxLimit = 100) => ({
  page: Joi.number().integer().min(1).max(MAX_PAGE).default(1),
  limit: Joi.number().integer().min(1).max(maxLimit).default(defaultLimit),
});

export interface Paging {
  page: number;
  limit: number;
}

/** Runs a query for one page plus one row: `hasMore` without a second count query. */
export async function pageOf<T>(paging: Paging, fetch: (skip: number, limit: number) => Promise<T[]>) {
  const rows = await fetch((paging.page - 1) * paging.limit, paging.limit + 1);
  return { items: rows.slice(0, paging.limit), page: paging.page, limit: paging.limit, hasMore: rows.length > paging.limit };
}
