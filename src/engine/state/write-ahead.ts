import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import type { Exchange } from '../../model/exchange';
import type { RunJournal } from './run-journal';

/** Strings past this length are not kept to look a create up by: the other fields identify it. */
const LONGEST_FIELD = 200;

/** The fields of a create's body a listed item it made would show: its short scalars and lists of scalars. */
export function fieldsSent(body: Case['body']): Record<string, unknown> {
  const value = body.kind === 'json' ? body.value : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const scalar = (v: unknown) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= LONGEST_FIELD);
  return Object.fromEntries(Object.entries(value).filter(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar))));
}

/**
 * Writes each create down before it is sent, with its owner and the fields it sends, and marks it
 * answered when its answer comes (what it made is recorded by the recorder): a run killed in between
 * leaves `npm run cleanup` what to look for. A create that got no answer stays written down.
 */
export function writeAhead(journal: RunJournal, resources: readonly Resource[]): (testCase: Case) => ((exchange: Exchange) => void) | undefined {
  const producerOf = new Map(resources.flatMap((r) => r.producers.map((op) => [op.id, r] as const)));
  return (testCase) => {
    const resource = producerOf.get(testCase.operationId);
    if (!resource) return undefined;
    const ref = journal.announceCreate({ collection: resource.collection, ...(testCase.account ? { account: testCase.account } : {}), fields: fieldsSent(testCase.body) });
    return (exchange) => {
      if (exchange.response) journal.createAnswered(ref);
    };
  };
}
