import { createdKey, show } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import { isUnpinned } from './unpinned';

// Stryker disable next-line StringLiteral: JSON strings are quoted and escaped, so they join unambiguously with any separator
const asSet = (values: unknown[]) => [...new Set(values.map((v) => JSON.stringify(v)))].sort().join(',');

export const scopesRoundTrip: Check = {
  name: 'scopes_round_trip',
  reason: 'A new key has the scopes asked for (as a set), the documented default when none were asked for, and never the legacy null.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    // Stryker disable next-line ConditionalExpression: defaults are read for the create operation only, the one createdKey judges
    const fallback = ctx.run.facts.defaults.find((d) => d.operationId === ctx.operation.id);
    if (!created || !fallback) return 'not-applicable';
    const property = fallback.property;
    // Scopes written in a way frameworks read differently (another case) pin no answer.
    if (isUnpinned(ctx, `/${property}`)) return 'not-applicable';
    if (!(property in created.received)) return [];
    const received = created.received[property];
    const requested = created.sent[property];
    const expected = requested === undefined ? fallback.values : requested;
    if (received === null) return [{ message: `${property} is null on a new key (null is for legacy keys)`, received: 'null', documented: show(expected), location: `${property}: null` }];
    if (!Array.isArray(received) || !Array.isArray(expected)) return 'not-applicable';
    if (asSet(received) === asSet(expected)) return [];
    const which = requested === undefined ? 'left out (default)' : (requested as unknown[]).length === 0 ? 'empty' : 'requested';
    return [{ message: `${property} differ from what was asked for (${which})`, received: show(received), documented: show(expected), location: `${property}: ${which}` }];
  },
};
