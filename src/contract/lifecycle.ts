import { jsonRequestContent, type Contract, type Operation, type ParameterSpec } from './load';
import { limitParameter, offsetParameter } from './paging';
import { isObject, mainType } from './refs';
import { successSchema, type Resource } from './resources';

// What the contract says about following a resource through its life: which operation makes one,
// how its list is paged, and how a body for an operation is written.

/** The producer that makes one resource at a time: its success body has the id at the top. */
export const singleProducer = (contract: Contract, resource: Resource) => resource.producers.find((op) => {
  const schema = successSchema(contract, op);
  return isObject(schema) && isObject(schema.properties) && 'id' in schema.properties;
});

/** Whether a resource has a scenario to follow: one that makes it, and a delete to remove it again. */
export const followable = (contract: Contract, resource: Resource) => singleProducer(contract, resource) !== undefined && resource.consumers.some((op) => op.method === 'DELETE');

/**
 * Whether random sequences follow a resource: one made one at a time, updated and deleted. One with
 * only a create and a delete (the key) has no state to change but its existence, which its scenario
 * follows already; in a sequence each command would only read its whole list again.
 */
export const sequenced = (contract: Contract, resource: Resource) => followable(contract, resource) && resource.consumers.some((op) => op.method === 'PATCH' || op.method === 'PUT');

/** A resource's operations by what they do to one of it. */
export const readOf = (resource: Resource) => resource.consumers.find((op) => op.method === 'GET');
export const updateOf = (resource: Resource) => resource.consumers.find((op) => op.method === 'PATCH' || op.method === 'PUT');
export const deleteOf = (resource: Resource) => resource.consumers.find((op) => op.method === 'DELETE');

/**
 * How a list is paged, read from its parameters' schemas: the integer query parameter that defaults
 * to 0 skips items (an offset); one that defaults to more bounds the page (a limit). Undefined when a
 * required query parameter leaves the whole list out of reach.
 */
export function pagingOf(lister: Operation): { offset?: ParameterSpec; limit?: ParameterSpec } | undefined {
  const query = lister.parameters.filter((p) => p.in === 'query');
  if (query.some((p) => p.required)) return undefined;
  return { offset: offsetParameter(lister), limit: limitParameter(lister) };
}

/** An operation's body holding `value`, as its JSON media type writes it; none when it takes no JSON. */
export function jsonBody(operation: Operation, value: unknown): { kind: 'json'; value: unknown; contentType: string } | { kind: 'none' } {
  const content = jsonRequestContent(operation);
  return content ? { kind: 'json', value, contentType: content.mediaType } : { kind: 'none' };
}

/** Whether a path parameter takes any string: then an id no server issued is still a valid one to send. */
export function takesAnyString(operation: Operation, name: string): boolean {
  const schema = operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
  return isObject(schema) && mainType(schema) === 'string' && schema.format === undefined && schema.pattern === undefined && schema.enum === undefined && schema.minLength === undefined && schema.maxLength === undefined;
}

/** The boolean query flags that widen a read (they default to false and filter nothing): sent true. */
export const wideningFlags = (operation: Operation): [string, string][] =>
  operation.parameters.filter((p) => p.in === 'query' && isObject(p.schema) && mainType(p.schema) === 'boolean' && p.schema.default === false).map((p) => [p.name, 'true']);
