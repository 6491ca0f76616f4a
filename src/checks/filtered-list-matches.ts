import type { ParameterSpec } from '../contract/load';
import { isObject } from '../contract/refs';
import { show } from './created-key';
import { acceptedBody, limitParameter, offsetParameter, propertiesOf, queryValue, shapesOf } from './shapes';
import { LIVE_ONLY, type Check, type Finding } from './types';

/** The contract's word for a filter that takes several values, any of which admits an item. */
const SEVERAL_VALUES = /comma-separated/i;
/** Words of a bound's description that say what it bounds, not which field. */
const BOUND_WORDS = new Set(['filter', 'start', 'end', 'date', 'inclusive', 'format', 'from', 'until', 'iso', '8601']);

const singular = (name: string) => name.replace(/ies$/, 'y').replace(/s$/, '');
const stem = (word: string) => word.toLowerCase().slice(0, 5);

interface Reading {
  /** Whether one item's fields admit the filter value; an item is flagged only when no reading admits it. */
  admits(item: Record<string, unknown>): boolean;
  documented: string;
}

/** The item's fields, at the top and one object down, by name. */
function fieldsOf(item: Record<string, unknown>): [string, unknown][] {
  const top = Object.entries(item);
  return [...top, ...top.flatMap(([parent, value]) => (isObject(value) ? Object.entries(value).map(([name, v]) => [`${parent}.${name}`, v] as [string, unknown]) : []))];
}

const leaf = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** How the wording lets a filter parameter be read against an item; undefined when it reads no field of the items. */
function readingOf(param: ParameterSpec, text: string, itemFields: Set<string>): Reading | undefined {
  const schema = isObject(param.schema) ? param.schema : {};
  const description = param.description;
  if (schema.format === 'date-time') {
    const bound = Date.parse(text);
    if (Number.isNaN(bound)) return undefined;
    const lower = /start|from|after|since/i.test(param.name);
    const upper = /end|until|before|to$/i.test(param.name);
    if (lower === upper) return undefined;
    const named = description.split(/[^A-Za-z]+/).filter((w) => w.length > 2 && !BOUND_WORDS.has(w.toLowerCase())).map(stem);
    const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /\d{4}-\d{2}-\d{2}T/.test(v);
    const candidates = (item: Record<string, unknown>) => {
      const dates = fieldsOf(item).filter(([, v]) => isDate(v));
      const meant = dates.filter(([path]) => named.some((s) => stem(leaf(path)) === s));
      return meant.length > 0 ? meant : dates;
    };
    return {
      admits: (item) => candidates(item).some(([, v]) => (lower ? Date.parse(v as string) >= bound : Date.parse(v as string) <= bound)),
      documented: `a date ${lower ? 'at or after' : 'at or before'} ${text}`,
    };
  }
  const field = [param.name, singular(param.name)].find((name) => itemFields.has(name));
  if (!field) return undefined;
  const wanted = schema.type === 'boolean' ? (text === 'true' ? [true] : text === 'false' ? [false] : undefined) : SEVERAL_VALUES.test(description) ? text.split(',').map((v) => v.trim()).filter(Boolean) : [text];
  if (!wanted || wanted.length === 0) return undefined;
  return {
    admits: (item) => fieldsOf(item).some(([path, v]) => leaf(path) === field && wanted.includes(v as never)),
    documented: `${field} ${wanted.length > 1 ? `one of ${show(wanted)}` : `= ${show(wanted[0])}`}`,
  };
}

export const filteredListMatches: Check = {
  name: 'filtered_list_matches',
  reason: 'Every item a filtered list answers satisfies the filter as the contract words it.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const items = acceptedBody(ctx);
    const { success } = shapesOf(ctx.contract, ctx.operation);
    if (!Array.isArray(items) || !success || success.type !== 'array') return 'not-applicable';
    const itemSchema = propertiesOf(ctx.contract, success.items);
    const itemFields = new Set([...Object.keys(itemSchema), ...Object.values(itemSchema).flatMap((s) => Object.keys(propertiesOf(ctx.contract, s)))]);
    const paging = new Set([limitParameter(ctx.operation), offsetParameter(ctx.operation)]);
    const findings: Finding[] = [];
    let judged = false;
    for (const param of ctx.operation.parameters) {
      if (param.in !== 'query' || paging.has(param)) continue;
      const text = queryValue(ctx, param.name);
      const reading = text === undefined ? undefined : readingOf(param, text, itemFields);
      if (!reading) continue;
      judged = true;
      const index = items.findIndex((item) => isObject(item) && !reading.admits(item));
      if (index !== -1) findings.push({ message: `An item the ${param.name} filter excludes was listed`, received: `item ${index}: ${show(items[index]).slice(0, 200)}`, documented: reading.documented, location: `query:${param.name}` });
    }
    return judged ? findings : 'not-applicable';
  },
};
