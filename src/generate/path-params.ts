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
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const param of pathParams) {
    model[param.name] = compileSchema(param.schema, param.pointer).map((value) => (typeof value === 'string' ? value : JSON.stringify(value)));
  }
  return fc.record(model).map((params) => ({ params, leavesRoute: Object.values(params).some(leavesRoute) }));
}
