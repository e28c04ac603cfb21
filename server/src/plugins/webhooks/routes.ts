import Joi from 'joi';
import type { ServerRoute } from '@hapi/hapi';
import { isoTime, pageOf, responses } from '../../lib/responses.js';
import type { WebhooksService } from './service.js';

const auth = { strategy: 'session', scope: ['admin'] };
const tags = ['api', 'admin', 'webhooks'];
const paging = { page: Joi.number().integer().min(1).max(10_000).default(1), limit: Joi.number().integer().min(1).max(100).default(20) };

const Delivery = Joi.object({
  id: Joi.string().required().description('the webhook-id, the same on every attempt'),
  webhook: Joi.string().required(),
  type: Joi.string().required(),
  status: Joi.string().valid('pending', 'delivered', 'failed').required(),
  attempts: Joi.array()
    .items(Joi.object({ at: isoTime().required(), httpStatus: Joi.number().integer(), error: Joi.string() }).label('WebhookAttempt'))
    .required(),
  nextAttemptAt: isoTime(),
  createdAt: isoTime().required(),
}).label('WebhookDelivery');

export function webhookRoutes(service: WebhooksService): ServerRoute[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/admin/webhooks/deliveries',
      options: {
        tags,
        description: 'Webhook messages, newest first: status, every attempt, the next one',
        auth,
        validate: { query: Joi.object(paging) },
        ...responses({ 200: pageOf(Delivery, 'WebhookDeliveries') }, [400, 401, 403, 503]),
        handler: (request) => {
          const { page, limit } = request.query as { page: number; limit: number };
          return service.list(page, limit);
        },
      },
    },
    {
      method: 'POST',
      path: '/api/v1/admin/webhooks/deliveries/{id}/resend',
      options: {
        tags,
        description: 'Send a delivered or failed message again, with the same webhook-id and body',
        auth,
        validate: {
          params: Joi.object({
            id: Joi.string()
              .pattern(/^msg_[A-Za-z0-9_-]{1,64}$/)
              .required(),
          }),
        },
        ...responses({ 202: null }, [400, 401, 403, 404, 409, 503]),
        handler: async (request, h) => {
          await service.resend(request.params.id as string);
          return h.response().code(202);
        },
      },
    },
  ];
}
