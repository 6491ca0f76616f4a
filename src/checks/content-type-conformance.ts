import { mediaEssence } from '../contract/load';
import { ANY_TARGET, answeredAsDocumented } from './types';
import type { Check } from '../model/check';

export const contentTypeConformance: Check = {
  name: 'content_type_conformance',
  reason: 'Clients parse a body by its Content-Type, so it must be one the contract documents for the status.',
  targets: ANY_TARGET,
  protocol: true,
  judge(ctx) {
    const answered = answeredAsDocumented(ctx);
    if (!answered) return 'not-applicable';
    const { response, documented } = answered;
    const received = response.headers['content-type'];
    if (documented.content.length === 0) {
      if (response.body.length === 0) return [];
      return [{ message: 'A body was sent where the contract documents none', received: received ?? '(no Content-Type)', documented: `${documented.status}: no body`, location: 'body' }];
    }
    const allowed = documented.content.map((c) => c.mediaType);
    if (received !== undefined && allowed.some((m) => mediaEssence(m) === mediaEssence(received))) return [];
    return [{ message: 'The Content-Type is not documented for this status', received: received ?? '(no Content-Type)', documented: allowed.join(', '), location: 'content-type' }];
  },
};
