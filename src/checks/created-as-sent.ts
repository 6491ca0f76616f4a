import { isObject } from '../contract/refs';
import { show } from './created-key';
import { sameSet } from './read-back';
import { schemaProperties } from '../contract/resources';
import { acceptedBody, sentObject, shapesOf } from './shapes';
import { LIVE_ONLY } from './types';
import type { Check, CheckContext } from '../model/check';
import type { Finding } from '../model/finding';
import { isUnpinned } from './unpinned';

/** Where the answer holds a field the request names: at the top, or else in exactly one nested object. */
function locate(ctx: CheckContext, success: Record<string, unknown>, name: string): string[] | undefined {
  const top = schemaProperties(ctx.contract, success);
  if (name in top) return [name];
  const parents = Object.entries(top).filter(([, schema]) => name in schemaProperties(ctx.contract, schema)).map(([parent]) => parent);
  return parents.length === 1 ? [parents[0], name] : undefined;
}

const isScalar = (value: unknown) => value === null || ['string', 'number', 'boolean'].includes(typeof value);

/** Whether the answer holds the value sent, compared as the request schema's type allows. */
function sameValue(schema: Record<string, unknown>, sent: unknown, received: unknown): boolean {
  if (schema.format === 'date-time' && typeof sent === 'string' && typeof received === 'string') {
    const [a, b] = [Date.parse(sent), Date.parse(received)];
    return !Number.isNaN(a) && a === b;
  }
  // An array whose order and repeats the contract leaves open is compared as a set.
  if (Array.isArray(sent)) return sameSet(sent, received);
  return sent === received;
}

export const createdAsSent: Check = {
  name: 'created_as_sent',
  reason: 'A created or updated resource comes back holding what was sent in every field the request and the answer both name.',
  targets: LIVE_ONLY,
  judge(ctx) {
    if (ctx.operation === ctx.run.roles.create) return 'not-applicable'; // the key's own checks judge its name and scopes
    const { request, success } = shapesOf(ctx.contract, ctx.operation);
    const sent = sentObject(ctx);
    const received = acceptedBody(ctx);
    if (!request || !success || !sent || !isObject(received)) return 'not-applicable';
    const properties = schemaProperties(ctx.contract, request);
    const findings: Finding[] = [];
    let compared = 0;
    for (const [name, value] of Object.entries(sent)) {
      // Nulls may mean "unset"; nested objects and lists of them are shaped differently on the way back.
      if (value === null || !(name in properties) || (!isScalar(value) && !(Array.isArray(value) && value.every(isScalar)))) continue;
      // A field frameworks fill differently (a key in another case beside it, for Go) pins no value.
      if (isUnpinned(ctx, `/${name}`)) continue;
      const path = locate(ctx, success, name);
      const holder = path && path.length === 2 ? received[path[0]] : received;
      if (!path || !isObject(holder) || !(name in holder)) continue;
      compared++;
      if (!sameValue(properties[name], value, holder[name])) {
        findings.push({ message: `${path.join('.')} came back changed`, received: show(holder[name]), documented: `as sent: ${show(value)}`, location: path.join('.') });
      }
    }
    return compared === 0 ? 'not-applicable' : findings;
  },
};
