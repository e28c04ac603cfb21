import Joi from 'joi';
import { idString, isoTime, nullable } from '../../lib/responses.js';

/**
 * The JSON form of each GeoReport v2 document (service.ts returns one value for both formats; render.ts wraps
 * it in the root element). Documentation only: render() answers with serialised text, which hapi does
 * not check, and test/server/open311*.test.ts hold the documents to the specification.
 */

export const Open311Errors = Joi.array()
  .items(Joi.object({ code: Joi.number().integer().required(), description: Joi.string().required() }).label('Open311Error'))
  .label('Open311Errors');

export const Discovery = Joi.object({
  changeset: isoTime().required(),
  contact: Joi.string().required(),
  key_service: Joi.string().required(),
  endpoints: Joi.array()
    .items(
      Joi.object({
        specification: Joi.string().required(),
        url: Joi.string().required(),
        changeset: isoTime().required(),
        type: Joi.string().valid('production', 'test').required(),
        formats: Joi.array().items(Joi.string()).required(),
      }).label('Open311Endpoint'),
    )
    .required(),
}).label('Open311Discovery');

export const Services = Joi.array()
  .items(
    Joi.object({
      service_code: Joi.string().required(),
      service_name: Joi.string().required(),
      description: nullable(Joi.string()).required(),
      metadata: Joi.boolean().required(),
      type: Joi.string().valid('realtime', 'batch', 'blackbox').required(),
      keywords: nullable(Joi.string()).required(),
      group: nullable(Joi.string()).required(),
    }).label('Open311Service'),
  )
  .label('Open311Services');

export const ServiceDefinition = Joi.object({
  service_code: Joi.string().required(),
  attributes: Joi.array()
    .items(
      Joi.object({
        variable: Joi.boolean().required(),
        code: Joi.string().required(),
        datatype: Joi.string().valid('string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist').required(),
        required: Joi.boolean().required(),
        datatype_description: nullable(Joi.string()).required(),
        order: Joi.number().integer().min(1).required(),
        description: Joi.string().required(),
        values: Joi.array().items(Joi.object({ key: Joi.string().required(), name: Joi.string().required() }).label('Open311AttributeValue')),
      }).label('Open311Attribute'),
    )
    .required(),
}).label('Open311ServiceDefinition');

export const ServiceRequests = Joi.array()
  .items(
    Joi.object({
      service_request_id: idString().required(),
      status: Joi.string().valid('open', 'closed').required(),
      status_notes: nullable(Joi.string()).required(),
      service_name: Joi.string().required(),
      service_code: Joi.string().required(),
      description: Joi.string().required(),
      agency_responsible: nullable(Joi.string()).required(),
      service_notice: nullable(Joi.string()).required(),
      requested_datetime: isoTime().required(),
      updated_datetime: isoTime().required(),
      expected_datetime: nullable(isoTime()).required(),
      address: nullable(Joi.string()).required(),
      address_id: nullable(Joi.string()).required(),
      zipcode: nullable(Joi.string()).required(),
      lat: nullable(Joi.number()).required(),
      long: nullable(Joi.number()).required(),
      media_url: nullable(Joi.string()).required(),
    }).label('Open311ServiceRequest'),
  )
  .label('Open311ServiceRequests');

export const CreatedRequests = Joi.array()
  .items(
    Joi.object({
      service_request_id: idString().required(),
      service_notice: nullable(Joi.string()).required(),
      account_id: nullable(Joi.string()).required(),
    }).label('Open311CreatedRequest'),
  )
  .label('Open311CreatedRequests');

export const Tokens = Joi.array()
  .items(Joi.object({ service_request_id: idString().required(), token: Joi.string().required() }).label('Open311Token'))
  .label('Open311Tokens');

export const RequestUpdates = Joi.array()
  .items(
    Joi.object({
      update_id: idString().required(),
      service_request_id: idString().required(),
      status: Joi.string().valid('open', 'closed').required(),
      updated_datetime: isoTime().required(),
      description: nullable(Joi.string()).required(),
      media_url: nullable(Joi.string()).required(),
    }).label('Open311RequestUpdate'),
  )
  .label('Open311RequestUpdates');

/** Admin API for integrator keys (JSON, the contract's error shape). */
export const ApiKey = Joi.object({
  id: idString().required(),
  name: Joi.string().required(),
  prefix: Joi.string().required(),
  rateLimit: Joi.number().integer().min(1).required().description('POST requests per minute'),
  active: Joi.boolean().required(),
  createdAt: isoTime().required(),
  revokedAt: isoTime(),
}).label('ApiKey');

export const IssuedApiKey = Joi.object({ key: Joi.string().required().description('shown this once'), apiKey: ApiKey.required() }).label('IssuedApiKey');
