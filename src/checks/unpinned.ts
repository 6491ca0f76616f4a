import { takesList } from '../contract/filters';
import { escapePointerToken, isObject, mainType } from '../contract/refs';
import { shadowedProperties, unpinnedReading, type UnpinnedReading } from '../contract/unpinned';
import { foldedField } from '../model/identity';
import { shapesOf } from './shapes';
import type { CheckContext } from '../model/check';

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
    const single = mainType(schema) !== 'array';
    const itemSchema = single || !isObject(schema.items) ? schema : schema.items;
    // A value that takes one text, sent twice, is read as the first, the last, or both.
    const values: unknown[] = single && texts.length > 1 ? [texts] : texts;
    for (const value of values) {
      const reading = unpinnedReading(value, itemSchema, 'text', list);
      if (reading) parts.push({ field: `${param.in}:${param.name}`, reading });
    }
  }
  const body = testCase.body;
  if (body.kind === 'json') walk(shapesOf(ctx.contract, operation).request, body.value, '', parts);
  const raw = body.kind === 'raw' ? unpinnedReading({ text: body.text, contentType: body.contentType }, undefined, 'body') : undefined;
  if (raw) parts.push({ field: 'body', reading: raw });
  found.set(ctx.testCase, parts);
  return parts;
}

/** Whether a field the case names (a negative's broken part, a filter, a body property), or a part inside it, is read differently by common frameworks. */
export const isUnpinned = (ctx: Pick<CheckContext, 'contract' | 'operation' | 'testCase'>, field: string) => unpinnedParts(ctx).some((p) => p.field === field || p.field.startsWith(`${field}/`));

/** The body's values against their schemas; a key Go would take for a property names that property. */
function walk(schema: unknown, value: unknown, at: string, out: UnpinnedPart[]): void {
  if (!isObject(schema)) return;
  const reading = unpinnedReading(value, schema, 'json');
  if (reading?.id === 'key-case') {
    for (const name of shadowedProperties(value, schema)) out.push({ field: foldedField(`${at}/${escapePointerToken(name)}`), reading });
  } else if (reading) {
    out.push({ field: foldedField(at), reading });
    return;
  }
  if (isObject(value) && isObject(schema.properties)) {
    for (const [name, sub] of Object.entries(value)) walk(schema.properties[name], sub, `${at}/${escapePointerToken(name)}`, out);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => walk(schema.items, item, `${at}/${i}`, out));
  }
}
