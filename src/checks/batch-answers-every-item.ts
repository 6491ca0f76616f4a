import { isObject, mainType } from '../contract/refs';
import { schemaProperties } from '../contract/resources';
import { acceptedBody, sentObject, shapesOf } from './shapes';
import { LIVE_ONLY } from './types';
import type { Check } from '../model/check';
import type { Finding } from '../model/finding';

export const batchAnswersEveryItem: Check = {
  name: 'batch_answers_every_item',
  reason: 'A batch create answers for every item it was sent: its list holds one per item, and its count says how many were made.',
  targets: LIVE_ONLY,
  judge(ctx) {
    const { request, success } = shapesOf(ctx.contract, ctx.operation);
    const sent = sentObject(ctx);
    const received = acceptedBody(ctx);
    if (!request || !success || !sent || !isObject(received)) return 'not-applicable';
    const answered = schemaProperties(ctx.contract, success);
    // A batch: an array property of the request that the response names as an array too.
    const batches = Object.keys(schemaProperties(ctx.contract, request)).filter((name) => mainType(answered[name]) === 'array' && Array.isArray(sent[name]));
    if (batches.length !== 1) return 'not-applicable';
    const name = batches[0];
    const expected = (sent[name] as unknown[]).length;
    const findings: Finding[] = [];
    const list = received[name];
    if (!Array.isArray(list) || list.length !== expected) {
      findings.push({ message: `The batch answer's ${name} does not hold one item per item sent`, received: Array.isArray(list) ? `${list.length} items` : JSON.stringify(list) ?? '(absent)', documented: `${expected} items`, location: name });
    }
    // The response's one integer is the count of what was made.
    const counts = Object.entries(answered).filter(([, schema]) => mainType(schema) === 'integer').map(([count]) => count);
    if (counts.length === 1 && received[counts[0]] !== undefined && received[counts[0]] !== expected) {
      findings.push({ message: `The batch answer's ${counts[0]} is not the number of items sent`, received: JSON.stringify(received[counts[0]]), documented: String(expected), location: counts[0] });
    }
    return findings;
  },
};
