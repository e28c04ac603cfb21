/**
 * Meaningful schema names in the OpenAPI document. hapi-swagger names every Joi object without a
 * `.label()` "Model1", "Model2"… and puts the branches of `Joi.alternatives()` under a non-standard
 * `#/x-alt-definitions`. Integrators' generators turn those into types named Model43, and some refuse
 * the extra section. Here each unnamed schema is named after where it is first used ("Profile" +
 * "status" → ProfileStatus; a request body of POST /api/v1/alerts → AlertsPostBody), the alternatives
 * join `components.schemas`, and every `$ref` follows. Labelled schemas keep their label.
 */

type Node = Record<string, unknown>;
const COMPONENTS = '#/components/schemas/';
const ALT = '#/x-alt-definitions/';

const pascal = (s: string) =>
  s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');

/** Needs a name: hapi-swagger's "ModelN", or a lower-case property name it used as a definition name. */
const unnamed = (name: string) => /^Model\d+$/.test(name) || /^[a-z]/.test(name);

/** Every `$ref` with the path of keys leading to it, in document order. */
function refsOf(node: unknown, path: string[], out: Array<{ ref: string; path: string[] }>): typeof out {
  if (Array.isArray(node)) node.forEach((v, i) => refsOf(v, [...path, String(i)], out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push({ ref: v, path });
      else refsOf(v, [...path, k], out);
    }
  }
  return out;
}

/** The words a position in the document adds to a name (properties by name, list items as Item, …). */
function wordsOf(rest: string[]): string {
  let words = '';
  for (let i = 0; i < rest.length; i++) {
    const k = rest[i]!;
    if (k === 'properties') words += pascal(rest[++i] ?? '');
    else if (k === 'items') words += 'Item';
    else if (k === 'additionalProperties') words += 'Value';
    else if (k === 'anyOf' || k === 'oneOf' || k === 'allOf') words += `Option${Number(rest[++i] ?? 0) + 1}`;
  }
  return words;
}

/** A name for the schema first used at `path`; `nameOf` names the schema that holds it, when that one needs a name too. */
function nameFor(path: string[], nameOf: (ref: string) => string): string {
  if (path[0] === 'components' && path[1] === 'schemas') return nameOf(COMPONENTS + path[2]) + wordsOf(path.slice(3));
  if (path[0] === 'x-alt-definitions') return nameOf(ALT + path[1]) + wordsOf(path.slice(2));
  if (path[0] === 'paths') {
    const [, route = '', method = ''] = path;
    const where = pascal(
      route
        .split('/')
        .filter((s) => s && s !== 'api' && !/^v\d+$/.test(s) && !s.startsWith('{'))
        .join(' '),
    );
    const rest = path.slice(3);
    const part = rest[0] === 'requestBody' ? 'Body' : rest[0] === 'responses' ? `Response${rest[1] === '200' ? '' : rest[1]}` : 'Parameter';
    return `${where}${pascal(method)}${part}${wordsOf(rest.slice(rest.indexOf('schema') + 1))}`;
  }
  return 'Schema';
}

/** Renames unnamed schemas, moves `x-alt-definitions` into `components.schemas`, and rewrites every `$ref`. */
export function nameSchemas(doc: Node): Node {
  const components = ((doc.components as Node | undefined)?.schemas ?? {}) as Node;
  const alt = (doc['x-alt-definitions'] ?? {}) as Node;
  const schemaOf = (ref: string) => (ref.startsWith(ALT) ? alt[ref.slice(ALT.length)] : components[ref.slice(COMPONENTS.length)]);
  const firstUse = new Map<string, string[]>();
  for (const { ref, path } of refsOf(doc, [], [])) if (!firstUse.has(ref) && schemaOf(ref)) firstUse.set(ref, path);
  const taken = new Set(Object.keys(components).filter((n) => !unnamed(n)));
  const names = new Map<string, string>();
  const nameOf = (ref: string): string => {
    const known = names.get(ref);
    if (known) return known;
    const own = ref.slice(ref.lastIndexOf('/') + 1);
    if (ref.startsWith(COMPONENTS) && !unnamed(own)) return own; // labelled: kept
    names.set(ref, pascal(own)); // a provisional name stops a cycle
    let base = !unnamed(own) ? own : firstUse.has(ref) ? nameFor(firstUse.get(ref)!, nameOf) : pascal(own);
    if (!base || /^Model\d+$/.test(base)) base = 'Schema';
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
    taken.add(name);
    names.set(ref, name);
    return name;
  };
  const schemas: Node = {};
  for (const [prefix, table] of [
    [COMPONENTS, components],
    [ALT, alt],
  ] as const)
    for (const [name, schema] of Object.entries(table)) schemas[nameOf(prefix + name)] = schema;
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && names.has(v) ? COMPONENTS + names.get(v) : rewrite(v)]),
    );
  };
  const { 'x-alt-definitions': _alt, ...rest } = doc;
  return rewrite({ ...rest, components: { ...(doc.components as Node), schemas } }) as Node;
}
