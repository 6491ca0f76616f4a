import type { Operation, ParameterSpec } from './load';
import { isObject, mainType } from './refs';

/** A parameter's integer default, if its schema is an integer with one. */
export const integerDefault = (param: ParameterSpec) => (isObject(param.schema) && mainType(param.schema) === 'integer' && typeof param.schema.default === 'number' ? param.schema.default : undefined);

/** The page-size parameter of a list: the integer query parameter that defaults to more than 0. */
export const limitParameter = (operation: Operation) => operation.parameters.find((p) => p.in === 'query' && (integerDefault(p) ?? 0) > 0);

/** The skip parameter of a list: the integer query parameter that defaults to 0. */
export const offsetParameter = (operation: Operation) => operation.parameters.find((p) => p.in === 'query' && integerDefault(p) === 0);
