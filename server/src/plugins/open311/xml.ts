/**
 * A small XML writer for the GeoReport v2 documents. Their XML and JSON forms are one tree under the
 * spec's "Spark convention": JSON is the tree without the root element, and an array is written as
 * repeated child elements named by `items` (e.g. `services` -> `<service>`). So one value feeds both.
 */

export type Items = Record<string, string>;

// eslint-disable-next-line no-control-regex -- characters XML 1.0 cannot carry at all (C0 controls except tab/LF/CR, U+FFFE/FFFF, lone surrogates)
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const escapeXml = (text: string): string => text.replace(INVALID, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);

const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: unknown, items: Items, out: string[]): void {
  if (value === undefined) return; // an absent field is left out; null is an empty element
  if (!NAME.test(name)) throw new Error(`not an XML element name: ${name}`);
  if (value === null || value === '') {
    out.push(`<${name}/>`);
  } else if (Array.isArray(value)) {
    const item = items[name];
    if (!item) throw new Error(`no item element name for the array ${name}`);
    out.push(`<${name}>`);
    for (const v of value) element(item, v, items, out);
    out.push(`</${name}>`);
  } else if (value instanceof Date) {
    out.push(`<${name}>${value.toISOString()}</${name}>`);
  } else if (typeof value === 'object') {
    out.push(`<${name}>`);
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) element(k, v, items, out);
    out.push(`</${name}>`);
  } else {
    out.push(`<${name}>${escapeXml(String(value))}</${name}>`);
  }
}

/** A complete UTF-8 XML document with `value` under the element `root`. */
export function xmlDocument(root: string, value: unknown, items: Items = {}): string {
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>\n'];
  element(root, value, items, out);
  return out.join('') + '\n';
}
