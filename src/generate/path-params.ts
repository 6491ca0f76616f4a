import fc from 'fast-check';
import type { Operation } from '../contract/load';
import { parameterTexts } from './parameter-text';
import { compileSchema } from './schema-arbitrary';

/** Values that, even percent-encoded, leave the operation's route: not a case of that operation. */
export function leavesRoute(value: string): boolean {
  return value === '' || value === '.' || value === '..';
}

/**
 * Path values longer than this are cut to it: percent-encoded (up to 12 bytes a character) they would
 * pass the request-line size servers and proxies accept (RFC 9112 suggests 8,000 octets), and the
 * server's 414 or 431 would be about HTTP, not about the operation.
 */
export const PATH_VALUE_MAX_LENGTH = 256;

/** The schema with string lengths cut to PATH_VALUE_MAX_LENGTH: query values share the request line. */
export function boundedForUrl(schema: unknown): unknown {
  if (typeof schema !== 'object' || schema === null || (schema as { type?: unknown }).type !== 'string') return schema;
  const maxLength = (schema as { maxLength?: number }).maxLength;
  return { ...schema, maxLength: Math.min(maxLength ?? PATH_VALUE_MAX_LENGTH, PATH_VALUE_MAX_LENGTH) };
}

export type PathParamDraw = { params: Record<string, string>; leavesRoute: boolean };

/** Path parameter values drawn from their schemas; a draw that would leave the route is marked, to be skipped and counted. */
export function pathParamsArbitrary(operation: Operation): fc.Arbitrary<PathParamDraw> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  // Stryker disable next-line ConditionalExpression: a shortcut; fc.tuple() of no values draws [], which maps to the same empty, staying draw
  if (pathParams.length === 0) return fc.constant({ params: {}, leavesRoute: false });
  const values = pathParams.map((param) => compileSchema(boundedForUrl(param.schema), param.pointer).map((value) => parameterTexts(param, value)[0]));
  return fc.tuple(...values).map((drawn) => ({
    params: Object.fromEntries(pathParams.map((param, i) => [param.name, drawn[i]])),
    leavesRoute: drawn.some(leavesRoute),
  }));
}
