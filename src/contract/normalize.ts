import { isObject, resolvePointer, type JsonObject } from './refs';

// Schemas as OpenAPI 3.0 and FastAPI write them, in the one form every reader of the contract
// understands: a type list that may hold "null". The document is rewritten once, at load, in place of
// the original, so generators, checks and the validator read the same schemas; pointers to schema
// objects stay where they were.

const NULL_BRANCH = (branch: unknown) => isObject(branch) && branch.type === 'null' && Object.keys(branch).every((k) => k === 'type' || k === 'title' || k === 'description');

/**
 * `X or null` written as anyOf/oneOf of two branches, X typed (inline or by $ref): X with null
 * allowed, and the $ref it inlined. A $ref already being inlined further up (an optional
 * self-reference: a node's `parent`) is left as it is, so a recursive schema stays finite.
 */
function nullableBranch(doc: JsonObject, schema: JsonObject, inlining: ReadonlySet<string>): [JsonObject, string | undefined] | undefined {
  for (const keyword of ['anyOf', 'oneOf'] as const) {
    const branches = schema[keyword];
    if (!Array.isArray(branches) || branches.length !== 2 || !branches.some(NULL_BRANCH)) continue;
    const other = branches.find((b) => !NULL_BRANCH(b));
    const ref = isObject(other) && typeof other.$ref === 'string' && other.$ref.startsWith('#') ? other.$ref : undefined;
    if (ref && inlining.has(ref)) return undefined;
    const target = ref ? resolvePointer(doc, ref) : other;
    if (!isObject(target) || (typeof target.type !== 'string' && !Array.isArray(target.type))) return undefined;
    const { [keyword]: _, ...siblings } = schema;
    return [withNull({ ...target, ...siblings }), ref];
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
  if (out.nullable === true) {
    const { nullable: _, ...rest } = out;
    // Without a type (beside an allOf, a $ref): the schema, or null.
    out = rest.type !== undefined ? withNull(rest) : { anyOf: [rest, { type: 'null' }] };
  } else if (typeof out.nullable === 'boolean') out = Object.fromEntries(Object.entries(out).filter(([k]) => k !== 'nullable'));
  for (const [flag, bound] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']] as const) {
    if (typeof out[flag] !== 'boolean') continue;
    const { [flag]: on, [bound]: value, ...rest } = out;
    out = on === true && typeof value === 'number' ? { ...rest, [flag]: value } : { ...rest, ...(value !== undefined ? { [bound]: value } : {}) };
  }
  return out;
}

/** Keywords whose values are data, not schemas: walked past, never rewritten. */
const DATA_KEYS = new Set(['example', 'examples', 'default', 'const', 'enum']);
/** Keys whose values map names to things: a name there is no keyword (a property named "default", the `default` response). */
const NAME_MAPS = new Set(['properties', 'responses', 'patternProperties', 'schemas', 'parameters', 'headers', 'content', 'securitySchemes', 'paths']);

/** The document with every schema in the one form; `version30` applies 3.0's spellings too. */
export function normalizeDocument(doc: JsonObject, version30: boolean): JsonObject {
  const rewrite = (node: unknown, inlining: ReadonlySet<string>, key?: string, parent?: string): unknown => {
    if (Array.isArray(node)) return node.map((item) => rewrite(item, inlining));
    const named = parent !== undefined && NAME_MAPS.has(parent);
    if (!isObject(node) || (key !== undefined && !named && DATA_KEYS.has(key))) return node;
    let out: JsonObject = node;
    // A map of names is no schema: its keys are names, whatever they spell.
    if (!NAME_MAPS.has(key ?? '')) {
      if (version30) out = from30(out);
      const branch = nullableBranch(doc, out, inlining);
      if (branch) {
        out = branch[0];
        if (branch[1]) inlining = new Set([...inlining, branch[1]]);
      }
    }
    const within = inlining;
    return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, rewrite(v, within, k, key)]));
  };
  return rewrite(doc, new Set()) as JsonObject;
}
