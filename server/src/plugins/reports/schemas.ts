import Joi from 'joi';
import { idString, isoTime, pageOf } from '../../lib/responses.js';
import { STATUSES } from './workflow.js';

/** Response bodies of the reports routes: the shapes views.ts builds for each audience. */

const status = () => Joi.string().valid(...STATUSES);
const localized = Joi.object({ pl: Joi.string().required(), en: Joi.string().required(), de: Joi.string().required(), uk: Joi.string() }).label('Localized');

export const Category = Joi.object({ id: Joi.string().required(), name: localized.required(), department: Joi.string().required() }).label('Category');

export const ReportCreated = Joi.object({
  id: idString().required(),
  trackingCode: Joi.string().required().description('XXXX-XXXX-XXXX; the only key an anonymous reporter has'),
  status: Joi.string().valid('new').required(),
}).label('ReportCreated');

export const ReportListItem = Joi.object({
  id: idString().required(),
  categoryId: Joi.string().required(),
  title: Joi.string().allow(''),
  description: Joi.string().required(),
  location: Joi.object({ lat: Joi.number().required(), lng: Joi.number().required(), address: Joi.string().allow('') })
    .label('Location')
    .required(),
  status: status().required(),
  supportCount: Joi.number().integer().min(0).required(),
  photoCount: Joi.number().integer().min(0).required(),
  photos: Joi.array()
    .items(Joi.object({ url: Joi.string().required(), width: Joi.number().integer().required(), height: Joi.number().integer().required() }).label('PhotoLink'))
    .required(),
  createdAt: isoTime(),
  updatedAt: isoTime(),
}).label('ReportListItem');

export const NearbyReport = ReportListItem.keys({ distance: Joi.number().integer().min(0).required().description('metres') }).label('NearbyReport');

export const ReportPublic = ReportListItem.keys({
  statusHistory: Joi.array()
    .items(
      Joi.object({
        status: status().required(),
        comment: Joi.string().allow(''),
        department: Joi.string(),
        at: isoTime(),
        reopened: Joi.boolean().description('a resident said it is not fixed; the comment is their reason'),
      }).label('StatusChange'),
    )
    .required(),
  duplicateOf: idString(),
}).label('ReportPublic');

/** What staff may do next: the console offers exactly these (workflow.ts decides). */
export const NextStatuses = Joi.array()
  .items(status())
  .required()
  .label('NextStatuses')
  .description('the statuses the caller may set now (POST /api/v1/reports/{id}/status)');

/** The answer of a status change, for the staff member or admin who made it. */
export const ReportForStaff = ReportPublic.keys({ nextStatuses: NextStatuses }).label('ReportForStaff');

export const ReportViewed = ReportPublic.keys({
  viewer: Joi.object({ reporter: Joi.boolean().required(), staff: Joi.boolean().required(), supported: Joi.boolean().required() })
    .label('Viewer')
    .description('with a valid session'),
}).label('ReportViewed');

export const Message = Joi.object({
  id: idString().required(),
  reportId: idString().required(),
  from: Joi.string().valid('reporter', 'staff').required(),
  department: Joi.string(),
  body: Joi.string().required(),
  createdAt: isoTime(),
}).label('Message');

export const ReportForReporter = ReportPublic.keys({
  trackingCode: Joi.string(),
  emailUpdates: Joi.boolean().required(),
  messages: Joi.array().items(Message),
}).label('ReportForReporter');

export const ReportPage = pageOf(ReportListItem, 'ReportPage');
export const MyReportPage = pageOf(ReportForReporter, 'MyReportPage');

export const Support = Joi.object({ supportCount: Joi.number().integer().min(0).required(), supported: Joi.boolean().required() }).label('Support');

/** What the reports domain adds to a resident's export and to an admin's view of an account (privacy.ts). */
export const SubmittedByAccount = {
  reports: Joi.array().items(ReportForReporter).required(),
  supports: Joi.array()
    .items(Joi.object({ reportId: idString().required(), createdAt: isoTime() }).label('SupportGiven'))
    .required(),
  messages: Joi.array().items(Message).required(),
};
