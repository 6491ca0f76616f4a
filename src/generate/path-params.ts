import fc from 'fast-check';
import type { Operation } from '../contract/load';
import { compileSchema } from './schema-arbitrary';

/** Values that, even percent-encoded, leave the operation's route: not a case of that operation. */
export function leavesRoute(value: string): boolean {
  return value === '' || value === '.' || value === '..';
}

export type PathParamDraw = { params: Record<string, string>; leavesRoute: boolean };

/** Path parameter values drawn from their schemas; a draw that would leave the route is marked, to be skipped and counted. */
export function pathParamsArbitrary(operation: Operation): fc.Arbitrary<PathParamDraw> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  if (pathParams.length === 0) return fc.constant({ params: {}, leavesRoute: false });
  const values = pathParams.map((param) => compileSchema(param.schema, param.pointer).map((value) => (typeof value === 'string' ? value : JSON.stringify(value))));
  return fc.tuple(...values).map((drawn) => ({
    params: Object.fromEntries(pathParams.map((param, i) => [param.name, drawn[i]])),
    leavesRoute: drawn.some(leavesRoute),
  }));
}
