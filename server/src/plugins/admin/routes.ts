import Joi from 'joi';
import type { Request, ServerRoute } from '@hapi/hapi';
import { ROLES } from '../accounts/index.js';
import type { Credentials } from '../../lib/credentials.js';
import { invalid } from '../../lib/errors.js';
import { objectId, text } from '../../lib/validation.js';
import { BODY_ERRORS, responses } from '../../lib/responses.js';
import { AdminUser, AdminUserDetail, AdminUserPage, AuditPage, ImportResult, OutboxPage } from './schemas.js';
import type { Actor, AdminService } from './service.js';

const auth = { strategy: 'session', access: { scope: ['admin'] } };
const tags = ['api', 'admin'];
const paging = { page: Joi.number().integer().min(1).max(10_000).default(1), limit: Joi.number().integer().min(1).max(100).default(20) };
const reason = () => text(500).min(3);
/** Signed out (401), not an admin (403), database down (503). */
const ADMIN = [401, 403, 503];

async function actorOf(request: Request, admin: AdminService): Promise<Actor> {
  const { id } = request.auth.credentials as unknown as Credentials;
  const user = await admin.getUser(id).catch(() => undefined);
  return { id, email: user?.email };
}

/** Contract §6: /api/v1/admin, admin role only (403 forbidden for everyone else). */
export function adminRoutes(admin: AdminService): ServerRoute[] {
  return [...userRoutes(admin), ...queueAndAuditRoutes(admin)];
}

/** The accounts: find, view, block and roles, deletion, sessions, activation, import. */
// eslint-disable-next-line max-lines-per-function -- a route table, one declarative object per route: long by nature, read route by route
function userRoutes(admin: AdminService): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/admin/users',
      options: {
        auth,
        tags,
        description: 'Find accounts by email, phone, PESEL or name (exact match)',
        validate: { query: Joi.object({ q: text(200).allow(''), ...paging }) },
        ...responses({ 200: AdminUserPage }, [400, ...ADMIN]),
        handler: (request) => {
          const { q, page, limit } = request.query as { q?: string; page: number; limit: number };
          return admin.search(q, page, limit);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/users/{id}',
      options: {
        auth,
        tags,
        description: 'An account with its reports, supports and messages',
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 200: AdminUserDetail }, [400, 404, ...ADMIN]),
        handler: (request) => admin.view(request.params.id as string),
      },
    },
    {
      method: 'PATCH',
      path: '/api/v1/admin/users/{id}',
      options: {
        auth,
        tags,
        description: 'Block or unblock (reason required to block), change role and department',
        validate: {
          params: Joi.object({ id: objectId().required() }),
          payload: Joi.object({
            blocked: Joi.boolean(),
            reason: reason(),
            role: Joi.string().valid(...ROLES),
            department: Joi.string().max(64).allow(null),
          }).or('blocked', 'role', 'department'),
        },
        ...responses({ 200: AdminUser }, [...BODY_ERRORS, ...ADMIN, 404, 409]),
        handler: async (request) => admin.update(await actorOf(request, admin), request.params.id as string, request.payload as never),
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/admin/users/{id}',
      options: {
        auth,
        tags,
        description: 'Delete an account; cascade=true removes its reports, supports and messages too. A reason is required.',
        validate: {
          params: Joi.object({ id: objectId().required() }),
          query: Joi.object({ cascade: Joi.boolean().default(false), reason: reason() }),
          payload: Joi.object({ reason: reason() }).allow(null),
        },
        ...responses({ 204: null }, [...BODY_ERRORS, ...ADMIN, 404, 409]),
        handler: async (request, h) => {
          const why = (request.payload as { reason?: string } | null)?.reason ?? (request.query as { reason?: string }).reason;
          if (!why) throw invalid({ reason: 'required' }, 'Say why the account is deleted');
          await admin.remove(await actorOf(request, admin), request.params.id as string, (request.query as { cascade: boolean }).cascade, why);
          return h.response().code(204);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/users/{id}/revoke-sessions',
      options: {
        auth,
        tags,
        description: 'Sign the account out everywhere',
        validate: { params: Joi.object({ id: objectId().required() }), payload: Joi.object({ reason: reason() }).allow(null) },
        ...responses({ 204: null }, [...BODY_ERRORS, ...ADMIN, 404]),
        handler: async (request, h) => {
          await admin.revokeSessions(await actorOf(request, admin), request.params.id as string, (request.payload as { reason?: string } | null)?.reason);
          return h.response().code(204);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/users/{id}/resend-activation',
      options: {
        auth,
        tags,
        description: 'Send the activation (or re-verification) email again',
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 202: null }, [...BODY_ERRORS, ...ADMIN, 404, 409]),
        handler: async (request, h) => {
          await admin.resendActivation(await actorOf(request, admin), request.params.id as string);
          return h.response().code(202);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/users/import',
      options: {
        auth,
        tags,
        description: 'Import legacy accounts from CSV (email,firstName,lastName,phone[,district,pesel,locale]); each gets a re-verification email',
        payload: { allow: ['text/csv', 'text/plain'], maxBytes: 5 * 1024 * 1024, parse: true },
        ...responses({ 200: ImportResult }, [...BODY_ERRORS, ...ADMIN]),
        handler: async (request) => admin.importUsers(await actorOf(request, admin), String(request.payload ?? '')),
      },
    },
  ];
}

/** The outbound queue (dead letters and retries) and the audit log. */
function queueAndAuditRoutes(admin: AdminService): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/admin/outbox',
      options: {
        auth,
        tags,
        description: 'Outbound email and SMS by status (dead letters by default)',
        validate: { query: Joi.object({ status: Joi.string().valid('dead', 'pending', 'sending', 'sent').default('dead'), ...paging }) },
        ...responses({ 200: OutboxPage }, [400, ...ADMIN]),
        handler: (request) => {
          const { status, page, limit } = request.query as { status: 'dead'; page: number; limit: number };
          return admin.outbox(status, page, limit);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/outbox/{id}/retry',
      options: {
        auth,
        tags,
        description: 'Queue a dead letter again',
        validate: { params: Joi.object({ id: objectId().required() }) },
        ...responses({ 202: null }, [...BODY_ERRORS, ...ADMIN, 404, 409]),
        handler: async (request, h) => {
          await admin.retryMessage(await actorOf(request, admin), request.params.id as string);
          return h.response().code(202);
        },
      },
    },
    {
      method: 'GET',
      path: '/api/v1/admin/audit',
      options: {
        auth,
        tags,
        description: 'The audit log of admin actions, newest first',
        validate: { query: Joi.object({ targetId: Joi.string().max(64), action: Joi.string().max(64), ...paging }) },
        ...responses({ 200: AuditPage }, [400, ...ADMIN]),
        handler: (request) => {
          const { targetId, action, page, limit } = request.query as { targetId?: string; action?: string; page: number; limit: number };
          return admin.audit({ targetId, action }, page, limit);
        },
      },
    },
  ];
}
