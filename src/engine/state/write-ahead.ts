import type { Resource } from '../../contract/resources';
import type { Case } from '../../model/case';
import type { Exchange } from '../../model/exchange';
import type { RunJournal } from './run-journal';

/** Strings past this length are not kept to look a create up by: the other fields identify it. */
const LONGEST_FIELD = 200;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const scalar = (v: unknown) => v === null || typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && v.length <= LONGEST_FIELD);
/** An object's short scalars and lists of scalars: what a listed item made from it shows. */
const shown = (value: Record<string, unknown>) => Object.fromEntries(Object.entries(value).filter(([, v]) => scalar(v) || (Array.isArray(v) && v.every(scalar))));

/**
 * The fields of a create's body a listed item it made would show; for a body that holds one list of
 * objects (a batch), each object's fields too, since each makes an item of its own.
 */
export function fieldsSent(body: Case['body']): { fields: Record<string, unknown>; each?: Record<string, unknown>[] } {
  const value = body.kind === 'json' ? body.value : undefined;
  if (!isRecord(value)) return { fields: {} };
  const lists = Object.values(value).filter((v): v is Record<string, unknown>[] => Array.isArray(v) && v.length > 0 && v.every(isRecord));
  return lists.length === 1 ? { fields: shown(value), each: lists[0].map(shown) } : { fields: shown(value) };
}

/**
 * Writes each create down before it is sent, with its owner and the fields it sends, and marks it
 * answered once what its answer made is recorded too (`settle`, which the recorder calls): a run
 * killed in between leaves `npm run cleanup` what to look for. Marked any earlier, a save made for
 * another create could write down the answer without what it made, and a kill then would lose it.
 * A create that got no answer stays written down.
 */
export class WriteAhead {
  private readonly answered = new WeakMap<Exchange, string>();
  private readonly producerOf: Map<string, Resource>;

  /** `listed`: the properties a resource's listed items show; only those are written down to match by (a property the list never shows would match nothing). */
  constructor(private readonly journal: RunJournal, resources: readonly Resource[], private readonly listed: (resource: Resource) => Set<string> | undefined = () => undefined) {
    this.producerOf = new Map(resources.flatMap((r) => r.producers.map((op) => [op.id, r] as const)));
  }

  /** The target's hook around a send: a create is written down now, and its answer remembered until settled. */
  readonly before = (testCase: Case): ((exchange: Exchange) => void) | undefined => {
    const resource = this.producerOf.get(testCase.operationId);
    if (!resource) return undefined;
    const shows = this.listed(resource);
    const keep = (fields: Record<string, unknown>) => (shows ? Object.fromEntries(Object.entries(fields).filter(([name]) => shows.has(name))) : fields);
    const { fields, each } = fieldsSent(testCase.body);
    const ref = this.journal.announceCreate({ collection: resource.collection, ...(testCase.account ? { account: testCase.account } : {}), fields: keep(fields), ...(each ? { each: each.map(keep) } : {}) });
    return (exchange) => {
      if (exchange.response) this.answered.set(exchange, ref);
    };
  };

  /** What an exchange made is recorded: its create, if it was one, is answered. */
  settle(exchange: Exchange): void {
    const ref = this.answered.get(exchange);
    if (ref === undefined) return;
    this.answered.delete(exchange);
    this.journal.createAnswered(ref);
  }
}
