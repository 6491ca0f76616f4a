import { isObject, resolveLocalRef } from './refs';
import type { Json, JsonObject } from './types';

/** Constraints where a larger value accepts fewer values. */
export const LOWER_BOUNDS = ['minLength', 'minItems', 'minProperties', 'minimum', 'exclusiveMinimum', 'minContains'] as const;
/** Constraints where a smaller value accepts fewer values. */
export const UPPER_BOUNDS = ['maxLength', 'maxItems', 'maxProperties', 'maximum', 'exclusiveMaximum', 'maxContains'] as const;
/** Constraints that can only be added, removed or changed (no order between values). */
export const OTHER_CONSTRAINTS = ['pattern', 'multipleOf', 'uniqueItems'] as const;

export type ConstraintName = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number] | (typeof OTHER_CONSTRAINTS)[number];
const CONSTRAINT_NAMES: readonly ConstraintName[] = [...LOWER_BOUNDS, ...UPPER_BOUNDS, ...OTHER_CONSTRAINTS];

/**
 * One schema reduced to what matters for compatibility, with the spelling differences between
 * OpenAPI 3.0 and 3.1 removed: `nullable: true`, `type: ["string", "null"]` and
 * `anyOf: [{type: string}, {type: null}]` all become types ["string", "null"].
 * Sub-schemas (properties, items, ...) stay raw and are normalized when compared, so cycles are cheap.
 */
export interface NormalizedSchema {
  /** Allowed JSON types; undefined = any type. */
  types?: string[];
  enum?: Json[];
  format?: string;
  constraints: Partial<Record<ConstraintName, Json>>;
  properties: Map<string, Json>;
  required: Set<string>;
  items?: Json;
  /** undefined or true = extra properties allowed; false = forbidden; an object = their schema. */
  additionalProperties?: Json;
  /** anyOf/oneOf alternatives that could not be folded into one schema. */
  variants?: Json[];
  /** The $refs followed to reach this schema (innermost last), used to stop on recursive schemas. */
  refs: string[];
}

function emptySchema(): NormalizedSchema {
  return { constraints: {}, properties: new Map(), required: new Set(), refs: [] };
}

const MAX_REF_DEPTH = 32;

export function normalizeSchema(doc: JsonObject, raw: Json | undefined, refDepth = 0): NormalizedSchema {
  if (raw === undefined || raw === true) return emptySchema();
  if (raw === false) return { ...emptySchema(), types: [] };
  if (!isObject(raw)) return emptySchema();
  if (refDepth > MAX_REF_DEPTH) return emptySchema();

  if (typeof raw.$ref === 'string') {
    const target = resolveLocalRef(doc, raw.$ref);
    const { $ref: _ref, ...siblings } = raw;
    // OpenAPI 3.1 lets a $ref carry sibling keywords, which then apply together with the target.
    const resolved = normalizeSchema(doc, target, refDepth + 1);
    const merged = hasSchemaKeywords(siblings) ? mergeAll(resolved, normalizeSchema(doc, siblings, refDepth + 1)) : resolved;
    return { ...merged, refs: [raw.$ref, ...merged.refs] };
  }

  let schema = ownKeywords(raw);
  if (Array.isArray(raw.allOf)) {
    for (const branch of raw.allOf) schema = mergeAll(schema, normalizeSchema(doc, branch, refDepth + 1));
  }
  for (const combinator of ['anyOf', 'oneOf'] as const) {
    const branches = raw[combinator];
    if (Array.isArray(branches) && branches.length > 0) {
      schema = mergeAlternatives(schema, branches.map((branch) => normalizeSchema(doc, branch, refDepth + 1)), branches);
    }
  }
  return schema;
}

const ANNOTATIONS = new Set(['description', 'title', 'example', 'examples', 'default', 'deprecated', 'readOnly', 'writeOnly', 'xml', 'externalDocs', '$comment']);

function hasSchemaKeywords(schema: JsonObject): boolean {
  return Object.keys(schema).some((key) => !ANNOTATIONS.has(key) && !key.startsWith('x-'));
}

function ownKeywords(raw: JsonObject): NormalizedSchema {
  const schema = emptySchema();
  if (typeof raw.type === 'string') schema.types = [raw.type];
  else if (Array.isArray(raw.type)) schema.types = unique(raw.type.filter((t): t is string => typeof t === 'string'));
  // OpenAPI 3.0 spelling of a nullable type.
  if (raw.nullable === true && schema.types && !schema.types.includes('null')) schema.types.push('null');

  if (Array.isArray(raw.enum)) schema.enum = [...raw.enum];
  if ('const' in raw && raw.const !== undefined) schema.enum = [raw.const];
  if (typeof raw.format === 'string') schema.format = raw.format;

  for (const name of CONSTRAINT_NAMES) {
    const value = raw[name];
    if (value === undefined || value === false) continue; // uniqueItems: false and 3.0 exclusive*: false constrain nothing
    schema.constraints[name] = value;
  }
  // OpenAPI 3.0 writes exclusive bounds as booleans next to minimum/maximum; fold them into the 3.1 form.
  if (raw.exclusiveMinimum === true) {
    delete schema.constraints.exclusiveMinimum;
    if (typeof raw.minimum === 'number') {
      schema.constraints.exclusiveMinimum = raw.minimum;
      delete schema.constraints.minimum;
    }
  }
  if (raw.exclusiveMaximum === true) {
    delete schema.constraints.exclusiveMaximum;
    if (typeof raw.maximum === 'number') {
      schema.constraints.exclusiveMaximum = raw.maximum;
      delete schema.constraints.maximum;
    }
  }

  if (isObject(raw.properties)) {
    for (const [name, property] of Object.entries(raw.properties)) schema.properties.set(name, property);
  }
  if (Array.isArray(raw.required)) {
    for (const name of raw.required) if (typeof name === 'string') schema.required.add(name);
  }
  if (raw.items !== undefined && !Array.isArray(raw.items)) schema.items = raw.items;
  if (raw.additionalProperties !== undefined && raw.additionalProperties !== true) {
    schema.additionalProperties = raw.additionalProperties;
  }
  return schema;
}

/** allOf: the value must satisfy both schemas, so constraints combine to the stricter one. */
function mergeAll(a: NormalizedSchema, b: NormalizedSchema): NormalizedSchema {
  const merged: NormalizedSchema = {
    types: a.types && b.types ? intersectTypes(a.types, b.types) : (a.types ?? b.types),
    enum: a.enum && b.enum ? a.enum.filter((value) => b.enum!.some((other) => sameJson(value, other))) : (a.enum ?? b.enum),
    format: a.format ?? b.format,
    constraints: { ...b.constraints, ...a.constraints },
    properties: new Map(a.properties),
    required: new Set([...a.required, ...b.required]),
    items: a.items !== undefined && b.items !== undefined ? { allOf: [a.items, b.items] } : (a.items ?? b.items),
    additionalProperties:
      a.additionalProperties === false || b.additionalProperties === false ? false : (a.additionalProperties ?? b.additionalProperties),
    variants: a.variants ?? b.variants,
    refs: [...a.refs, ...b.refs],
  };
  for (const name of LOWER_BOUNDS) {
    const [x, y] = [a.constraints[name], b.constraints[name]];
    if (typeof x === 'number' && typeof y === 'number') merged.constraints[name] = Math.max(x, y);
  }
  for (const name of UPPER_BOUNDS) {
    const [x, y] = [a.constraints[name], b.constraints[name]];
    if (typeof x === 'number' && typeof y === 'number') merged.constraints[name] = Math.min(x, y);
  }
  for (const [name, property] of b.properties) {
    const existing = merged.properties.get(name);
    merged.properties.set(name, existing === undefined ? property : { allOf: [existing, property] });
  }
  return merged;
}

/**
 * anyOf/oneOf. Branches that only allow null become a "null" type. The rest fold into one schema
 * when their types do not overlap (keywords like items, properties, minLength each apply to one
 * type, so nothing is lost); otherwise they stay as variants compared one by one.
 */
function mergeAlternatives(base: NormalizedSchema, branches: NormalizedSchema[], rawBranches: Json[]): NormalizedSchema {
  const isNullOnly = (branch: NormalizedSchema) =>
    (branch.types?.length === 1 && branch.types[0] === 'null') || (branch.enum?.length === 1 && branch.enum[0] === null);
  const allowsNull = branches.some(isNullOnly) || branches.some((branch) => branch.types?.includes('null'));
  const nonNull = branches.filter((branch) => !isNullOnly(branch));
  const rawNonNull = rawBranches.filter((_raw, index) => !isNullOnly(branches[index]!));

  const withNull = (schema: NormalizedSchema): NormalizedSchema => {
    if (allowsNull && schema.types && !schema.types.includes('null')) schema.types = [...schema.types, 'null'];
    if (allowsNull && schema.enum && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    return schema;
  };

  if (nonNull.length === 0) return mergeAll(base, { ...emptySchema(), types: ['null'] });
  if (nonNull.length === 1) return withNull(mergeAll(base, nonNull[0]!));

  const typed = nonNull.every((branch) => branch.types && branch.types.length > 0);
  const disjoint =
    typed &&
    nonNull.every((branch, i) =>
      nonNull.every((other, j) => i === j || intersectTypes(branch.types!.filter((t) => t !== 'null'), other.types!).length === 0),
    );
  const enumsConsistent = nonNull.every((branch) => branch.enum) || nonNull.every((branch) => !branch.enum);
  if (disjoint && enumsConsistent) {
    const folded = nonNull.reduce((acc, branch) => foldDisjoint(acc, branch));
    return withNull(mergeAll(base, folded));
  }
  return withNull({ ...base, variants: rawNonNull });
}

/** Union of two schemas that apply to different JSON types. */
function foldDisjoint(a: NormalizedSchema, b: NormalizedSchema): NormalizedSchema {
  return {
    types: unique([...(a.types ?? []), ...(b.types ?? [])]),
    enum: a.enum && b.enum ? [...a.enum, ...b.enum] : undefined,
    format: a.format ?? b.format,
    constraints: { ...b.constraints, ...a.constraints },
    properties: new Map([...b.properties, ...a.properties]),
    required: new Set([...a.required, ...b.required]),
    items: a.items ?? b.items,
    additionalProperties: a.additionalProperties ?? b.additionalProperties,
    variants: a.variants ?? b.variants,
    refs: [...a.refs, ...b.refs],
  };
}

/** Whether a type set accepts values of type t ("number" includes integers). */
export function typeSetCovers(types: string[] | undefined, t: string): boolean {
  if (!types) return true;
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function intersectTypes(a: string[], b: string[]): string[] {
  const result: string[] = [];
  for (const t of a) {
    if (b.includes(t)) result.push(t);
    else if (t === 'number' && b.includes('integer')) result.push('integer');
    else if (t === 'integer' && b.includes('number')) result.push('integer');
  }
  return unique(result);
}

export type TypeRelation = 'same' | 'widened' | 'narrowed' | 'changed';

export function relateTypes(oldTypes: string[] | undefined, newTypes: string[] | undefined): TypeRelation {
  const oldWithinNew = oldTypes ? oldTypes.every((t) => typeSetCovers(newTypes, t)) : newTypes === undefined;
  const newWithinOld = newTypes ? newTypes.every((t) => typeSetCovers(oldTypes, t)) : oldTypes === undefined;
  if (oldWithinNew && newWithinOld) return 'same';
  if (oldWithinNew) return 'widened';
  if (newWithinOld) return 'narrowed';
  return 'changed';
}

export function mayBe(schema: NormalizedSchema, type: string): boolean {
  return schema.types === undefined || schema.types.includes(type);
}

/** Short label for messages: "string", "string|null", "array of string", "any". */
export function describeType(schema: NormalizedSchema): string {
  return schema.types === undefined ? 'any' : schema.types.length === 0 ? 'nothing' : schema.types.join('|');
}

export function sameJson(a: Json | undefined, b: Json | undefined): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** JSON text with object keys sorted, so key order does not count as a difference. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
