import type { Contract, Operation, ParameterSpec } from './load';
import { limitParameter, offsetParameter } from './paging';
import { dereference, isObject, mainType } from './refs';
import { successSchema } from './resources';

/** The contract's word for a filter that takes several values, any of which admits an item. */
const SEVERAL_VALUES = /comma-separated/i;
/** Words of a bound's description that say what it bounds, not which field. */
const BOUND_WORDS = new Set(['filter', 'start', 'end', 'date', 'inclusive', 'format', 'from', 'until', 'iso', '8601']);

/** Whether a parameter's text is a comma-separated list: an array written comma-joined, or a string whose words say so. */
export function takesList(param: ParameterSpec): boolean {
  const schema = isObject(param.schema) ? param.schema : {};
  if (mainType(schema) === 'array') return !(param.style === 'form' && param.explode);
  return mainType(schema) === 'string' && SEVERAL_VALUES.test(param.description);
}

const singular = (name: string) => name.replace(/ies$/, 'y').replace(/s$/, '');
/** Words compared by their first letters: "creation" names `created_at`. */
export const stem = (word: string) => word.toLowerCase().slice(0, 5);

/**
 * How a list's query parameter narrows or widens it, read from its schema, name and words:
 * - `equals`: items whose field of that name (or its singular) holds the value, or one of the
 *   comma-separated values where the words say so;
 * - `bound`: a date-time lower (start, from, after, since) or upper (end, until, before) bound on
 *   the item's dates, those the words name when they name one;
 * - `widening`: a boolean that defaults to false and names no field of the items (include a part);
 * - `split`: a boolean that names no field of the items and has no default: it splits the list.
 */
export type FilterReading =
  | { kind: 'equals'; param: ParameterSpec; field: string; several: boolean; boolean: boolean }
  | { kind: 'bound'; param: ParameterSpec; lower: boolean; named: string[] }
  | { kind: 'widening'; param: ParameterSpec }
  | { kind: 'split'; param: ParameterSpec };

/** The field names of a list's items, at the top and one object down. */
export function itemFieldsOf(contract: Contract, lister: Operation): Set<string> {
  const success = successSchema(contract, lister);
  const properties = (schema: unknown): Record<string, unknown> => {
    const resolved = dereference(contract.doc, schema);
    return isObject(resolved) && isObject(resolved.properties) ? resolved.properties : {};
  };
  const top = mainType(success) === 'array' ? properties(success!.items) : {};
  return new Set([...Object.keys(top), ...Object.values(top).flatMap((s) => Object.keys(properties(s)))]);
}

/** How one query parameter reads against the items; undefined when the contract does not say. */
export function filterReading(param: ParameterSpec, itemFields: Set<string>): FilterReading | undefined {
  const schema = isObject(param.schema) ? param.schema : {};
  if (schema.format === 'date-time') {
    const lower = /start|from|after|since/i.test(param.name);
    const upper = /end|until|before|to$/i.test(param.name);
    if (lower === upper) return undefined;
    const named = param.description.split(/[^A-Za-z]+/).filter((w) => w.length > 2 && !BOUND_WORDS.has(w.toLowerCase())).map(stem);
    return { kind: 'bound', param, lower, named };
  }
  const field = [param.name, singular(param.name)].find((name) => itemFields.has(name));
  const isBoolean = mainType(schema) === 'boolean';
  if (field) return { kind: 'equals', param, field, several: !isBoolean && SEVERAL_VALUES.test(param.description), boolean: isBoolean };
  if (!isBoolean) return undefined;
  return schema.default === false ? { kind: 'widening', param } : schema.default === undefined ? { kind: 'split', param } : undefined;
}

const readings = new WeakMap<Operation, FilterReading[]>();

/** Every query parameter of a list but its paging ones, with how it reads against the items; worked out once per list. */
export function filtersOf(contract: Contract, lister: Operation): FilterReading[] {
  let found = readings.get(lister);
  if (!found) {
    const paging = new Set([limitParameter(lister), offsetParameter(lister)]);
    const fields = itemFieldsOf(contract, lister);
    found = lister.parameters.filter((p) => p.in === 'query' && !paging.has(p)).flatMap((p) => filterReading(p, fields) ?? []);
    readings.set(lister, found);
  }
  return found;
}

/** The item's fields, at the top and one object down, by name. */
export function fieldsOf(item: Record<string, unknown>): [string, unknown][] {
  const top = Object.entries(item);
  return [...top, ...top.flatMap(([parent, value]) => (isObject(value) ? Object.entries(value).map(([name, v]) => [`${parent}.${name}`, v] as [string, unknown]) : []))];
}

/** The last name of a field's path. */
export const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** Whether a value is an instant as the contract writes them (a date and a time). */
export const isInstant = (v: unknown): v is string => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /\d{4}-\d{2}-\d{2}T/.test(v);

/** The dates of an item a bound reads: those its words name, or every date when they name none of them. */
export function boundDates(reading: Extract<FilterReading, { kind: 'bound' }>, item: Record<string, unknown>): string[] {
  const dates = fieldsOf(item).filter((entry): entry is [string, string] => isInstant(entry[1]));
  const meant = dates.filter(([path]) => reading.named.some((s) => stem(leaf(path)) === s));
  return (meant.length > 0 ? meant : dates).map(([, v]) => v);
}

/** A field of an item by name: at the top, or else in the one nested object that has it. */
export function fieldOf(item: Record<string, unknown>, name: string): { path: string; value: unknown } | undefined {
  if (name in item) return { path: name, value: item[name] };
  const holders = Object.entries(item).filter(([, v]) => isObject(v) && name in v);
  return holders.length === 1 ? { path: `${holders[0][0]}.${name}`, value: (holders[0][1] as Record<string, unknown>)[name] } : undefined;
}

