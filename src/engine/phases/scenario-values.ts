import fc from 'fast-check';
import { boundDates, fieldsOf, leaf, type FilterReading } from '../../contract/filters';
import { jsonRequestContent, type Contract, type Operation } from '../../contract/load';
import { bodyProperties } from '../../contract/prose';
import { dereference, isObject, type JsonObject, mainType } from '../../contract/refs';
import { compileSchema } from '../../generate/schema-arbitrary';
import type { QueryPair } from '../../model/case';
import { phaseSeed } from './run-phase';

// The values a scenario sends beyond the examples: what it filters a list by, and what it updates
// a resource to, drawn from the resource's own fields and the run's seed.

const SECOND = 1000;

/**
 * The values a filter is tried with, from the resource's own fields as its list showed them: its
 * value (and, for a filter of several values, it with another value the list showed); for a date
 * bound, the whole second that holds its earliest (lower) or latest (upper) date, so whichever of
 * its dates the bound reads, it is inside; for a flag that widens the answer, both ways.
 */
export function filterQueries(reading: FilterReading, item: Record<string, unknown>, seen: unknown[]): QueryPair[] {
  const name = reading.param.name;
  if (reading.kind === 'widening') return [[name, 'true'], [name, 'false']];
  if (reading.kind === 'split') return [];
  if (reading.kind === 'bound') {
    const times = boundDates(reading, item).map((v) => Date.parse(v));
    if (times.length === 0) return [];
    const at = reading.lower ? Math.floor(Math.min(...times) / SECOND) * SECOND : Math.ceil(Math.max(...times) / SECOND) * SECOND;
    return [[name, new Date(at).toISOString()]];
  }
  const valueOf = (i: unknown) => (isObject(i) ? fieldsOf(i).find(([path]) => leaf(path) === reading.field)?.[1] : undefined);
  const own = valueOf(item);
  if (own === null || own === undefined || typeof own === 'object') return [];
  const queries: QueryPair[] = [[name, String(own)]];
  const another = seen.map(valueOf).find((v) => (typeof v === 'string' || typeof v === 'number') && v !== own);
  if (reading.several && another !== undefined) queries.push([name, `${String(own)},${String(another)}`]);
  return queries;
}

export interface UpdateValuesDeps {
  contract: Contract;
  runSeed: number;
  /** The key the values are drawn under: the scenario's own, so a replay draws the same. */
  seedKey: string;
  isValid: (pointer: string, value: unknown) => boolean;
}

/**
 * A new valid value for each field the update takes, one update per field, each unlike what the
 * resource holds now: another enum value, the other boolean, a drawn value otherwise. Fields are
 * taken in the schema's order, booleans last (one may take the resource out of its list).
 */
export function updateValues(deps: UpdateValuesDeps, update: Operation, state: Record<string, unknown>): [string, unknown][] {
  const content = jsonRequestContent(update);
  const properties = bodyProperties(deps.contract, update);
  const out: [string, unknown][] = [];
  const seed = phaseSeed(deps.runSeed, deps.seedKey);
  for (const [name, raw] of Object.entries(properties)) {
    const sub = dereference(deps.contract.doc, raw);
    if (!isObject(sub)) continue;
    const current = state[name] ?? (isObject(state) ? Object.values(state).find((v): v is JsonObject => isObject(v) && name in v)?.[name] : undefined);
    const candidates: unknown[] = Array.isArray(sub.enum) ? sub.enum : mainType(sub) === 'boolean' ? [current !== true] : fc.sample(compileSchema(sub, `${content!.pointer}/properties/${name}`), { seed, numRuns: 5 });
    const value = candidates.find((v) => JSON.stringify(v) !== JSON.stringify(current) && deps.isValid(content!.pointer, { [name]: v }));
    if (value !== undefined) out.push([name, value]);
  }
  return out.sort(([, a], [, b]) => Number(typeof a === 'boolean') - Number(typeof b === 'boolean'));
}
