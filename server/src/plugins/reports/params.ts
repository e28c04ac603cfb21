import Joi from 'joi';
import { rule } from '../../lib/validation.js';
import { isStatus } from './workflow.js';

/** Request parts the reports routes share with the back office's. */

/** The header an anonymous reporter proves themselves with (never in URLs or access logs). */
export const TRACKING_HEADER = 'x-tracking-code';

/** "new,accepted" -> ['new', 'accepted']. */
export const statusList = rule<string>(Joi.string().max(200), (value) => {
  const list = value.split(',').map((s) => s.trim());
  return list.every(isStatus) ? { value: list } : 'invalid';
});
