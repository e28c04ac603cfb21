import Joi from 'joi';
import { isoTime, nullable, pageOf } from '../../lib/responses.js';
import { NextStatuses, ReportListItem, ReportPublic, STATUSES } from '../reports/index.js';

/** Response bodies of the back-office routes. */

const staffExtras = {
  district: Joi.string().description('the profile district holding the location'),
  statusSince: isoTime().required().description('when the report entered its current status'),
  hidden: Joi.boolean().required(),
  nextStatuses: NextStatuses,
};

export const QueueItem = ReportListItem.keys({
  ...staffExtras,
  hoursInStatus: Joi.number().integer().min(0).required(),
  flagCount: Joi.number().integer().min(0).required().description('open flags from residents (e.g. personal data)'),
}).label('QueueItem');

export const QueuePage = pageOf(QueueItem, 'QueuePage');

export const StatusCounts = Joi.object(Object.fromEntries(STATUSES.map((s) => [s, Joi.number().integer().min(0).required()]))).label('StatusCounts');

export const StaffReport = ReportPublic.keys({
  ...staffExtras,
  trackingCode: Joi.string().description('the code the reporter tracks the report with (staff may read it out on the phone)'),
  reporter: Joi.object({
    anonymous: Joi.boolean().required(),
    name: Joi.string(),
    email: Joi.string(),
    phone: Joi.string(),
    deleted: Joi.boolean().description('the account was deleted since'),
  })
    .required()
    .label('ReporterContact')
    .description('how the office may reach the reporter: name, email and phone of an account, or an anonymous reporter’s contactEmail'),
  staffPhotos: Joi.array()
    .items(
      Joi.object({
        n: Joi.number().integer().min(0).required(),
        url: Joi.string().required().description('staff-only URL (needs the session)'),
        width: Joi.number().integer().required(),
        height: Joi.number().integer().required(),
        hidden: Joi.boolean().required().description('taken off the public report by moderation'),
      }).label('StaffPhoto'),
    )
    .required(),
  moderation: Joi.object({
    reason: Joi.string(),
    originalDescription: Joi.string().description('the text before redaction (staff only)'),
    hiddenPhotoCount: Joi.number().integer().min(0).required(),
    at: isoTime().required(),
  }).label('Moderation'),
  flags: Joi.array()
    .items(Joi.object({ reason: Joi.string().required(), createdAt: isoTime().required(), resolved: Joi.boolean().required() }).label('Flag'))
    .required(),
}).label('StaffReport');

const localized = Joi.object({ pl: Joi.string().required(), en: Joi.string().required(), de: Joi.string().required(), uk: Joi.string() });
const hours = () => nullable(Joi.number().min(0)).required();

export const Stats = Joi.object({
  months: Joi.array()
    .items(Joi.string().pattern(/^\d{4}-\d{2}$/))
    .required(),
  categories: Joi.array()
    .items(
      Joi.object({
        categoryId: Joi.string().required(),
        name: localized.required(),
        counts: Joi.array().items(Joi.number().integer().min(0)).required().description('one per month, in the order of `months`'),
        total: Joi.number().integer().min(0).required(),
        medianHoursToAccept: hours(),
        medianHoursToResolve: hours(),
      }).label('CategoryStats'),
    )
    .required(),
  total: Joi.number().integer().min(0).required(),
  medianHoursToAccept: hours(),
  medianHoursToResolve: hours(),
  generatedAt: isoTime().required(),
}).label('Stats');
