import { jsonRequestContent, type Contract, type Operation } from './load';
import { dereference, isObject, mainType } from './refs';
import { successSchema } from './resources';

/**
 * Rules the contract states in words only, read at load time: the schema cannot express them, so a
 * schema-valid request that breaks one may get the refusal the words promise, or success.
 */
export interface ProseRefusal {
  /** The documented status that refuses. */
  status: string;
  /** The parameters or body properties the description names in backticks. */
  names: string[];
  description: string;
}

const BACKTICKED = /`([^`]+)`/g;
const AUTH_OR_MISSING = new Set(['401', '403', '404']);
/** An update that must change something: the words of the contract's update operations. */
export const AT_LEAST_ONE_FIELD = /at least one field must be provided/i;

/** The properties of an operation's JSON request schema, by name (not dereferenced). */
export function bodyProperties(contract: Contract, operation: Operation): Record<string, unknown> {
  const content = jsonRequestContent(operation);
  const schema = content && dereference(contract.doc, content.schema);
  return isObject(schema) && isObject(schema.properties) ? schema.properties : {};
}

/** The body properties an operation's JSON request schema names. */
export const bodyPropertyNames = (contract: Contract, operation: Operation): string[] => Object.keys(bodyProperties(contract, operation));

/** Documented client-error responses whose description names one of the operation's inputs: a refusal the schema does not express. */
export function proseRefusals(contract: Contract, operation: Operation): ProseRefusal[] {
  const inputs = new Set([...operation.parameters.map((p) => p.name), ...bodyPropertyNames(contract, operation)]);
  return operation.responses
    .filter((r) => r.status.startsWith('4') && !AUTH_OR_MISSING.has(r.status))
    .map((r) => ({ status: r.status, names: [...r.description.matchAll(BACKTICKED)].map((m) => m[1]).filter((name) => inputs.has(name)), description: r.description }))
    .filter((r) => r.names.length > 0);
}

/** Whether the operation's words require a body with at least one field. */
export const needsOneField = (operation: Operation) => AT_LEAST_ONE_FIELD.test(operation.description);

const ONLY_RETURNS = /only returns ([^.]+)\./i;

/**
 * Whether a list's words leave out a resource in this state ("Only returns completed, non-discarded
 * conversations."): `excluded` when a `non-x` word meets x true; `included` when every other state
 * word is a value the resource holds (or the list names none); `unknown` when the words name a state
 * that no field of the resource shows, so neither can be held.
 */
export function listExcludes(lister: Operation | undefined, state: Record<string, unknown>): 'excluded' | 'included' | 'unknown' {
  const words = ONLY_RETURNS.exec(lister?.description ?? '')?.[1].split(/[\s,]+/).filter((w) => w && !/^(and|or)$/i.test(w)) ?? [];
  // The last word is the noun ("conversations"); the others are the states it must be in.
  const states = words.slice(0, -1).map((w) => w.toLowerCase());
  const values = Object.values(state);
  if (states.some((w) => w.startsWith('non-') && state[w.slice(4)] === true)) return 'excluded';
  const positive = states.filter((w) => !w.startsWith('non-'));
  return positive.every((w) => values.includes(w)) ? 'included' : 'unknown';
}

/**
 * The answer's fields that a flag brings in, by their words ("only present when
 * `include_transcript=true`"): a success body's own properties, or its items' for a list.
 */
export function fieldsBroughtBy(contract: Contract, operation: Operation, flag: string): string[] {
  const success = successSchema(contract, operation);
  const holder = mainType(success) === 'array' ? dereference(contract.doc, success!.items) : success;
  const properties = isObject(holder) && isObject(holder.properties) ? holder.properties : {};
  return Object.entries(properties).filter(([, schema]) => {
    const resolved = dereference(contract.doc, schema);
    return isObject(resolved) && typeof resolved.description === 'string' && resolved.description.includes(`${flag}=true`);
  }).map(([name]) => name);
}
