import { takesList } from '../contract/filters';
import { isObject, escapePointerToken } from '../contract/refs';
import { unpinnedReading, type UnpinnedReading } from '../contract/unpinned';
import { foldedField } from '../model/identity';
import { shapesOf } from './shapes';
import type { CheckContext } from './types';

/** A part of a request whose reading the contract does not pin: `query:limit`, or a body field as a negative names it (`/tags/*`). */
export interface UnpinnedPart {
  field: string;
  reading: UnpinnedReading;
}

const found = new WeakMap<object, UnpinnedPart[]>();

/**
 * Every part of the case that common frameworks read differently (src/contract/unpinned.ts): its
 * query and header texts, and its JSON body's values where the body schema names them. Worked out
 * once per case, since several checks ask.
 */
export function unpinnedParts(ctx: Pick<CheckContext, 'contract' | 'operation' | 'testCase'>): UnpinnedPart[] {
  let parts = found.get(ctx.testCase);
  if (parts) return parts;
  parts = [];
  const { testCase, operation } = ctx;
  for (const param of operation.parameters) {
    if (param.in === 'path') continue;
    const texts = param.in === 'query' ? (testCase.queryParams ?? []).filter(([name]) => name === param.name).map(([, v]) => v) : [testCase.headerParams?.[param.name]].filter((v): v is string => v !== undefined);
    const schema = isObject(param.schema) ? param.schema : {};
    const list = takesList(param);
    const itemSchema = schema.type === 'array' && isObject(schema.items) ? schema.items : schema;
    for (const text of texts) {
      const reading = unpinnedReading(text, itemSchema, 'text', list);
      if (reading) parts.push({ field: `${param.in}:${param.name}`, reading });
    }
  }
  if (testCase.body.kind === 'json') walk(shapesOf(ctx.contract, operation).request, testCase.body.value, '', parts);
  found.set(ctx.testCase, parts);
  return parts;
}

/** Whether a field the case names (a negative's broken part, a filter) is read differently by common frameworks. */
export const isUnpinned = (ctx: Pick<CheckContext, 'contract' | 'operation' | 'testCase'>, field: string) => unpinnedParts(ctx).some((p) => p.field === field);

function walk(schema: unknown, value: unknown, at: string, out: UnpinnedPart[]): void {
  if (!isObject(schema)) return;
  const reading = unpinnedReading(value, schema, 'json');
  if (reading) {
    out.push({ field: foldedField(at), reading });
    return;
  }
  if (isObject(value) && isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(value)) walk(schema.properties[name], sub, `${at}/${escapePointerToken(name)}`, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(schema.items, item, `${at}/${i}`, out));
  }
}
