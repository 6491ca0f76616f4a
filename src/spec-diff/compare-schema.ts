import { isObject, pointer } from './refs';
import { LOWER_BOUNDS, OTHER_CONSTRAINTS, UPPER_BOUNDS, describeType, mayBe, normalizeSchema, relateTypes, sameJson, type ConstraintName, type NormalizedSchema } from './schema';
import type { Fact, Json, JsonObject, Side } from './types';

export interface SchemaContext {
  oldDoc: JsonObject;
  newDoc: JsonObject;
  side: Side;
  inErrorBody: boolean;
  facts: Fact[];
}

/**
 * Compares two schemas at `location` and records every difference as a fact; judging them is
 * classify.ts's job. `ancestors` holds the $ref pairs already being compared higher up, so a
 * recursive schema is walked once.
 */
export function compareSchemas(
  context: SchemaContext,
  oldRaw: Json | undefined,
  newRaw: Json | undefined,
  location: string,
  ancestors: ReadonlySet<string> = new Set(),
): void {
  const oldSchema = normalizeSchema(context.oldDoc, oldRaw);
  const newSchema = normalizeSchema(context.newDoc, newRaw);
  let nextAncestors = ancestors;
  if (oldSchema.refs.length > 0 && newSchema.refs.length > 0) {
    const pairKey = `${oldSchema.refs.join(',')}|${newSchema.refs.join(',')}`;
    if (ancestors.has(pairKey)) return;
    nextAncestors = new Set([...ancestors, pairKey]);
  }

  const record = (fact: Omit<Fact, 'side' | 'inErrorBody'>): void => {
    context.facts.push({ ...fact, side: context.side, inErrorBody: context.inErrorBody });
  };

  compareTypes(oldSchema, newSchema, location, record);
  compareEnums(oldSchema, newSchema, location, record);
  compareFormats(oldSchema, newSchema, location, record);
  compareConstraints(oldSchema, newSchema, location, record);

  if (mayBe(oldSchema, 'object') && mayBe(newSchema, 'object')) {
    compareProperties(context, oldSchema, newSchema, location, record, nextAncestors);
    compareAdditionalProperties(context, oldSchema, newSchema, location, record, nextAncestors);
  }
  if (mayBe(oldSchema, 'array') && mayBe(newSchema, 'array') && (oldSchema.items !== undefined || newSchema.items !== undefined)) {
    compareSchemas(context, oldSchema.items ?? true, newSchema.items ?? true, location + '/items', nextAncestors);
  }
  compareVariants(context, oldSchema, newSchema, location, record, nextAncestors);
}

type RecordFact = (fact: Omit<Fact, 'side' | 'inErrorBody'>) => void;

function compareTypes(oldSchema: NormalizedSchema, newSchema: NormalizedSchema, location: string, record: RecordFact): void {
  const relation = relateTypes(oldSchema.types, newSchema.types);
  if (relation === 'same') return;
  const kind = relation === 'widened' ? 'type-widened' : relation === 'narrowed' ? 'type-narrowed' : 'type-changed';
  record({ kind, location, old: describeType(oldSchema), new: describeType(newSchema) });
}

function compareEnums(oldSchema: NormalizedSchema, newSchema: NormalizedSchema, location: string, record: RecordFact): void {
  const [oldEnum, newEnum] = [oldSchema.enum, newSchema.enum];
  if (!oldEnum && !newEnum) return;
  const at = location + '/enum';
  if (!oldEnum) return record({ kind: 'enum-added', location: at, new: newEnum });
  if (!newEnum) return record({ kind: 'enum-removed', location: at, old: oldEnum });
  const contains = (values: Json[], value: Json) => values.some((other) => sameJson(other, value));
  for (const value of oldEnum) if (!contains(newEnum, value)) record({ kind: 'enum-value-removed', location: at, old: value });
  for (const value of newEnum) if (!contains(oldEnum, value)) record({ kind: 'enum-value-added', location: at, new: value });
}

function compareFormats(oldSchema: NormalizedSchema, newSchema: NormalizedSchema, location: string, record: RecordFact): void {
  const [oldFormat, newFormat] = [oldSchema.format, newSchema.format];
  if (oldFormat === newFormat) return;
  const at = location + '/format';
  if (oldFormat === undefined) record({ kind: 'format-added', location: at, new: newFormat });
  else if (newFormat === undefined) record({ kind: 'format-removed', location: at, old: oldFormat });
  else record({ kind: 'format-changed', location: at, old: oldFormat, new: newFormat });
}

function compareConstraints(oldSchema: NormalizedSchema, newSchema: NormalizedSchema, location: string, record: RecordFact): void {
  const check = (name: ConstraintName, tighterWhen: ((oldValue: number, newValue: number) => boolean) | undefined): void => {
    const [oldValue, newValue] = [oldSchema.constraints[name], newSchema.constraints[name]];
    if (sameJson(oldValue, newValue)) return;
    const at = `${location}/${name}`;
    const base = { location: at, subject: name, old: oldValue, new: newValue };
    if (oldValue === undefined) record({ ...base, kind: 'constraint-added' });
    else if (newValue === undefined) record({ ...base, kind: 'constraint-removed' });
    else if (tighterWhen && typeof oldValue === 'number' && typeof newValue === 'number') {
      record({ ...base, kind: tighterWhen(oldValue, newValue) ? 'constraint-tightened' : 'constraint-loosened' });
    } else record({ ...base, kind: 'constraint-changed' });
  };
  for (const name of LOWER_BOUNDS) check(name, (oldValue, newValue) => newValue > oldValue);
  for (const name of UPPER_BOUNDS) check(name, (oldValue, newValue) => newValue < oldValue);
  for (const name of OTHER_CONSTRAINTS) check(name, undefined);
}

function compareProperties(
  context: SchemaContext,
  oldSchema: NormalizedSchema,
  newSchema: NormalizedSchema,
  location: string,
  record: RecordFact,
  ancestors: ReadonlySet<string>,
): void {
  const label = (doc: JsonObject, raw: Json | undefined) => describeType(normalizeSchema(doc, raw));
  for (const [name, oldProperty] of oldSchema.properties) {
    const at = `${location}/properties${pointer(name)}`;
    if (!newSchema.properties.has(name)) {
      record({ kind: 'property-removed', location: at, subject: name, old: label(context.oldDoc, oldProperty) });
      continue;
    }
    const wasRequired = oldSchema.required.has(name);
    const isRequired = newSchema.required.has(name);
    if (!wasRequired && isRequired) record({ kind: 'property-became-required', location: at, subject: name, old: 'optional', new: 'required' });
    if (wasRequired && !isRequired) record({ kind: 'property-became-optional', location: at, subject: name, old: 'required', new: 'optional' });
    compareSchemas(context, oldProperty, newSchema.properties.get(name), at, ancestors);
  }
  for (const [name, newProperty] of newSchema.properties) {
    if (oldSchema.properties.has(name)) continue;
    const required = newSchema.required.has(name);
    const at = `${location}/properties${pointer(name)}`;
    record({ kind: 'property-added', location: at, subject: name, required, new: label(context.newDoc, newProperty) });
  }
  // Names listed in `required` without a properties entry on either side still change what is guaranteed or demanded.
  for (const name of new Set([...oldSchema.required, ...newSchema.required])) {
    if (oldSchema.properties.has(name) || newSchema.properties.has(name)) continue;
    const at = `${location}/required`;
    if (!oldSchema.required.has(name)) record({ kind: 'property-became-required', location: at, subject: name, old: 'optional', new: 'required' });
    if (!newSchema.required.has(name)) record({ kind: 'property-became-optional', location: at, subject: name, old: 'required', new: 'optional' });
  }
}

function compareAdditionalProperties(
  context: SchemaContext,
  oldSchema: NormalizedSchema,
  newSchema: NormalizedSchema,
  location: string,
  record: RecordFact,
  ancestors: ReadonlySet<string>,
): void {
  const [oldExtra, newExtra] = [oldSchema.additionalProperties, newSchema.additionalProperties];
  const at = location + '/additionalProperties';
  if (oldExtra !== false && newExtra === false) record({ kind: 'additional-properties-forbidden', location: at, old: true, new: false });
  else if (oldExtra === false && newExtra !== false) record({ kind: 'additional-properties-allowed', location: at, old: false, new: true });
  else if (isObject(oldExtra) || isObject(newExtra)) compareSchemas(context, oldExtra ?? true, newExtra ?? true, at, ancestors);
}

function compareVariants(
  context: SchemaContext,
  oldSchema: NormalizedSchema,
  newSchema: NormalizedSchema,
  location: string,
  record: RecordFact,
  ancestors: ReadonlySet<string>,
): void {
  const [oldVariants, newVariants] = [oldSchema.variants, newSchema.variants];
  if (!oldVariants && !newVariants) return;
  const at = location + '/anyOf';
  if (oldVariants && newVariants && oldVariants.length === newVariants.length) {
    oldVariants.forEach((variant, index) => compareSchemas(context, variant, newVariants[index], `${at}/${index}`, ancestors));
    return;
  }
  if (oldVariants && newVariants) {
    const kind = newVariants.length > oldVariants.length ? 'variants-added' : 'variants-removed';
    record({ kind, location: at, old: oldVariants.length, new: newVariants.length });
    return;
  }
  // One side has alternatives, the other a single schema: too different to compare piece by piece.
  const summarize = (variants: Json[] | undefined, schema: NormalizedSchema, doc: JsonObject): Json =>
    variants ? variants.map((variant) => describeType(normalizeSchema(doc, variant))).join(' or ') : describeType(schema);
  record({
    kind: 'variants-changed',
    location: at,
    old: summarize(oldVariants, oldSchema, context.oldDoc),
    new: summarize(newVariants, newSchema, context.newDoc),
  });
}
