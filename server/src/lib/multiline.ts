import Joi from 'joi';
import { NO_CONTROL_CHARS_IN_LINES } from './control-chars.js';

/**
 * Free text that may span lines (report descriptions, messages, announcements): like text() it refuses
 * control characters, except line breaks and tabs. Windows line ends are normalised to \n.
 */
export const multilineText = (max: number) => Joi.string().trim().replace(/\r\n?/g, '\n').max(max).pattern(NO_CONTROL_CHARS_IN_LINES);
