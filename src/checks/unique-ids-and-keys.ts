import { createdKey } from './created-key';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';

export const uniqueIdsAndKeys: Check = {
  name: 'unique_ids_and_keys',
  reason: 'Keys are told apart by id and authenticate by secret: no two created keys may share either.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const created = createdKey(ctx);
    if (!created) return 'not-applicable';
    const { ledger, roles } = ctx.run;
    const findings = [];
    const id = created.received.id;
    // Stryker disable next-line ConditionalExpression: a key without an id is never recorded, so "undefined" counts 0
    if (id !== undefined && ledger.idCount(String(id)) > 1) findings.push({ message: 'Two created keys share an id', received: String(id), documented: 'a new id per key', location: 'id' });
    const secret = created.received[roles.secretProperty];
    if (typeof secret === 'string' && ledger.secretCount(secret) > 1) findings.push({ message: 'Two created keys share a secret', received: '[Filtered]', documented: 'a new secret per key', location: roles.secretProperty });
    return findings;
  },
};
