import { SuiteInputError, THE_CONTRACT } from './errors';

export type JsonObject = { [key: string]: unknown };

/** JSON pointer token escaping (RFC 6901). */
export const escapePointerToken = (token: string | number) => String(token).replace(/~/g, '~0').replace(/\//g, '~1');
export const unescapePointerToken = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value at a JSON pointer inside a value (`/scopes/0`), or undefined. */
export function valueAtPointer(value: unknown, pointer: string): unknown {
  let node = value;
  for (const token of pointer.split('/').slice(1)) node = (node as Record<string, unknown> | undefined)?.[unescapePointerToken(token)];
  return node;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a local JSON pointer such as `#/components/schemas/ApiKey`; `label` names the file it is in. */
export function resolvePointer(doc: unknown, ref: string, label = THE_CONTRACT): unknown {
  if (!ref.startsWith('#')) throw new SuiteInputError(`${label}: only local $refs are supported, got ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').filter(Boolean)) {
    const token = unescapePointerToken(decodeURIComponent(raw));
    if (!isObject(node) && !Array.isArray(node)) throw new SuiteInputError(`${label}: $ref ${ref} does not resolve`);
    node = (node as JsonObject)[token];
    if (node === undefined) throw new SuiteInputError(`${label}: $ref ${ref} does not resolve`);
  }
  return node;
}

/** Follows a chain of `$ref` objects (responses, request bodies) to the object they name, and where it sits. */
export function followWithPointer(doc: unknown, node: unknown, pointer: string): [unknown, string] {
  const seen = new Set<string>();
  while (isObject(node) && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) throw new SuiteInputError(`${THE_CONTRACT}: $ref cycle at ${node.$ref}`);
    seen.add(node.$ref);
    pointer = node.$ref;
    node = resolvePointer(doc, node.$ref);
  }
  return [node, pointer];
}

export function follow(doc: unknown, node: unknown): unknown {
  return followWithPointer(doc, node, '#')[0];
}

/** Where a recursive schema stops being inlined: the generators leave such a part out, or empty. */
export const RECURSION = 'x-gate-recursion';

/** How many times a recursive schema is inlined inside itself before it is cut: values two levels deep. */
const RECURSION_DEPTH = 2;

/**
 * Inlines every local $ref of a schema, for the generator compiler, which needs the whole shape. A
 * recursive schema is inlined RECURSION_DEPTH levels deep, then cut: `{ [RECURSION]: ref }`.
 */
export function dereference(doc: unknown, schema: unknown, trail: string[] = []): unknown {
  if (Array.isArray(schema)) return schema.map((item) => dereference(doc, item, trail));
  if (!isObject(schema)) return schema;
  if (typeof schema.$ref === 'string') {
    if (trail.filter((ref) => ref === schema.$ref).length >= RECURSION_DEPTH) return { [RECURSION]: schema.$ref };
    return dereference(doc, resolvePointer(doc, schema.$ref), [...trail, schema.$ref]);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) out[key] = dereference(doc, value, trail);
  return out;
}

/**
 * A schema's one type, read through nullability: `string` for `"string"` and for `["string", "null"]`
 * (how 3.1, 3.0's nullable and FastAPI's anyOf-null all arrive); undefined when it has several or none.
 */
export function mainType(schema: unknown): string | undefined {
  if (!isObject(schema)) return undefined;
  if (typeof schema.type === 'string') return schema.type;
  const rest = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null') : [];
  return rest.length === 1 ? String(rest[0]) : undefined;
}
