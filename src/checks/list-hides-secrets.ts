import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const listHidesSecrets: Check = {
  name: 'list_hides_secrets',
  reason: 'The full key is returned only once, at creation: no list response may contain any secret.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const response = ctx.exchange.response;
    if (ctx.operation !== ctx.run.roles.list || !response || response.status !== 200) return 'not-applicable';
    const leaked = ctx.run.ledger.secretsIn(response.body);
    if (leaked.length === 0) return [];
    return [{ message: `The list shows the full secret of ${leaked.length} key(s)`, received: '[Filtered]', documented: 'ids and prefixes only', location: 'list item' }];
  },
};
