import Joi from 'joi';

/**
 * Free text that may span lines (report descriptions, messages, announcements): like text() it refuses
 * control characters, except line breaks and tabs. Windows line ends are normalised to \n.
 */
export const multilineText = (max: number) =>
  Joi.string()
    .trim()
    .replace(/\r\n?/g, '\n')
    .max(max)
    .pattern(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/);
