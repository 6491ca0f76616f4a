import { jsonRequestContent, type Contract, type Operation } from '../contract/load';
import { dereference, isObject } from '../contract/refs';
import { successSchema } from '../contract/resources';
import { jsonOf } from '../model/exchange';
import type { CheckContext } from '../model/check';

/** What several checks read of an operation's schemas, worked out once per operation. */
export interface OperationShapes {
  /** The JSON request body's schema, dereferenced; undefined without one. */
  request: Record<string, unknown> | undefined;
  /** The 2xx JSON body's schema, dereferenced. */
  success: Record<string, unknown> | undefined;
}

const cache = new WeakMap<Operation, OperationShapes>();

const asObject = (value: unknown) => (isObject(value) ? value : undefined);

export function shapesOf(contract: Contract, operation: Operation): OperationShapes {
  let shapes = cache.get(operation);
  if (!shapes) {
    const content = jsonRequestContent(operation);
    shapes = { request: asObject(content && dereference(contract.doc, content.schema)), success: successSchema(contract, operation) };
    cache.set(operation, shapes);
  }
  return shapes;
}


/** The 2xx JSON body of an accepted case, or undefined. */
export function acceptedBody(ctx: CheckContext): unknown {
  const response = ctx.exchange.response;
  if (!response || response.status < 200 || response.status >= 300 || ctx.testCase.expectation !== 'accept') return undefined;
  return jsonOf(response)?.value;
}

/** The JSON object a case sent, or undefined. */
export function sentObject(ctx: CheckContext): Record<string, unknown> | undefined {
  const body = ctx.testCase.body.kind === 'json' ? ctx.testCase.body.value : undefined;
  return isObject(body) ? body : undefined;
}


/** The value a case gave a query parameter, if it gave it once. */
export function queryValue(ctx: CheckContext, name: string): string | undefined {
  const values = (ctx.testCase.queryParams ?? []).filter(([n]) => n === name);
  return values.length === 1 ? values[0][1] : undefined;
}
