import { isObject, resolvePointer, type JsonObject } from './refs';

// Schemas as OpenAPI 3.0 and FastAPI write them, in the one form every reader of the contract
// understands: a type list that may hold "null". The document is rewritten once, at load, in place of
// the original, so generators, checks and the validator read the same schemas; pointers to schema
// objects stay where they were.

const NULL_BRANCH = (branch: unknown) => isObject(branch) && branch.type === 'null' && Object.keys(branch).every((k) => k === 'type' || k === 'title' || k === 'description');

/** `X or null` written as anyOf/oneOf of two branches, X typed (inline or by $ref): X with null allowed. */
function nullableBranch(doc: JsonObject, schema: JsonObject): JsonObject | undefined {
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length !== 2 || !branches.some(NULL_BRANCH)) continue;
    const other = branches.find((b) => !NULL_BRANCH(b));
    // A $ref is inlined one level: its own $refs stay, so a recursive schema stays bounded.
    const target = isObject(other) && typeof other.$ref === 'string' && other.$ref.startsWith('#') ? resolvePointer(doc, other.$ref) : other;
    if (!isObject(target) || (typeof target.type !== 'string' && !Array.isArray(target.type))) return undefined;
    const { [keyword]: _, ...siblings } = schema;
    return withNull({ ...target, ...siblings });
  }
  return undefined;
}

/** The schema with "null" among its types, and in its enum when it has one. */
function withNull(schema: JsonObject): JsonObject {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  const out: JsonObject = { ...schema, type: types.includes('null') ? types : [...types, 'null'] };
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) out.enum = [...schema.enum, null];
  return out;
}

/** OpenAPI 3.0's spellings in 3.1's: `nullable`, and exclusive bounds as flags on minimum/maximum. */
function from30(schema: JsonObject): JsonObject {
  let out = schema;
  if (out.nullable === true && out.type !== undefined) out = withNull(out);
  if ('nullable' in out) out = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'nullable'));
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    const { [flag]: on, [bound]: value, ...rest } = out;
    out = on === true && typeof value === 'number' ? { ...rest, [flag]: value } : { ...rest, ...(value !== undefined ? { [bound]: value } : {}) };
  }
  return out;
}

/** Keys whose values are maps of names to schemas, or of names to anything: walked into, never rewritten themselves. */
const NOT_SCHEMA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);

/** The document with every schema in the one form; `version30` applies 3.0's spellings too. */
export function normalizeDocument(doc: JsonObject, version30: boolean): JsonObject {
  // A property may be named like a keyword ("default"): under `properties` every key is a name.
  const rewrite = (node: unknown, key?: string, parent?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item));
    if (!isObject(node) || (key !== undefined && parent !== 'properties' && NOT_SCHEMA_KEYS.has(key))) return node;
    let out: JsonObject = node;
    if (version30) out = from30(out);
    out = nullableBranch(doc, out) ?? out;
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, rewrite(v, k, key)]));
  };
  return rewrite(doc) as JsonObject;
}
