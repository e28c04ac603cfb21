/* eslint-disable no-control-regex -- these match control characters on purpose: text carrying them is refused */

/** Any C0 control character or DEL: never in one-line text (names, titles, search terms). */
export const CONTROL_CHAR = /[\u0000-\u001f\u007f]/;
/** C0 controls and DEL except tab, LF and CR: never in text that may span lines. */
export const CONTROL_CHAR_IN_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Whole one-line text free of control characters (for Joi's pattern()). */
export const NO_CONTROL_CHARS = /^[^\u0000-\u001f\u007f]*$/;
/** Whole multi-line text free of control characters other than tab and line breaks (for Joi's pattern()). */
export const NO_CONTROL_CHARS_IN_LINES = /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/;
