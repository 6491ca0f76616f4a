import { fieldOf, filtersOf } from '../../contract/filters';
import { deleteOf, jsonBody, pagingOf, readOf, singleProducer, takesAnyString, updateOf, wideningFlags } from '../../contract/lifecycle';
import type { Operation } from '../../contract/load';
import { bodyProperties, listExcludes } from '../../contract/prose';
import { isObject } from '../../contract/refs';
import { idsInBody, successSchema, type Resource } from '../../contract/resources';
import { caseOf, NO_RESOURCE_ID, type Case, type QueryPair, type ResourceStep, type ResourceStepName } from '../../model/case';
import { jsonOf } from '../../model/exchange';
import { phaseResult, type PhaseResult } from '../../model/outcome';
import { idsOf, paginate } from '../../transport/paginate';
import { filterQueries, updateValues } from './scenario-values';
import { Steps, type PhaseDeps } from './step';

/** What a list's pages showed. */
type Listed = NonNullable<ResourceStep['listed']>;

/** A scenario's phase key: the resource's name, `memories/scenario`. */
export const scenarioKey = (resource: Resource) => `${resource.name}/scenario`;

export interface ScenarioDeps extends PhaseDeps {
  resource: Resource;
  isValid: (pointer: string, value: unknown) => boolean;
  /**
   * For the credential resource (a key): its create answer's secret. The scenario then first reads
   * the whole list the random phases left (nothing a rejected create made may be in it), and after the
   * delete sends a request with the secret, which must be refused.
   */
  secretProperty?: string;
  /** An id no server issued: its delete must answer 404 like a second delete. */
  unknownId: string;
}

/**
 * One resource through its life on a live target: create it, read it back (with every flag that
 * widens the answer), find it in its list, update each field its update takes and read it back by id
 * and in the list, delete it, then read, update and delete it again, look for it in the list, and
 * delete an id never issued. A key is one such resource, with two steps of its own (see
 * `secretProperty`). Each step is an ordinary exchange judged by every check; the scenario only
 * decides what to send next.
 */
export async function runResourceScenario(deps: ScenarioDeps): Promise<PhaseResult> {
  const { contract, resource, target } = deps;
  const result = phaseResult({ key: scenarioKey(resource), phase: 'scenario', resource: resource.name, description: `${resource.name}: create, read, list, page, filter, update, delete, use after delete` });
  const create = singleProducer(contract, resource);
  const [read, update, remove] = [readOf(resource), updateOf(resource), deleteOf(resource)];
  const idParam = resource.idParameter;
  if (!create || !remove || !idParam) {
    result.aborted = `the contract has no single create and delete to follow ${resource.name} with`;
    return result;
  }
  const steps = new Steps(deps, result);
  const caseFor = (operation: Operation, partial: Partial<Case>, step: ResourceStep) => caseOf(operation, 'scenario', `${resource.name}: ${step.name.replace('resource-', '')}`, { ...partial, step });
  // `credential`: a key's secret, for the one step sent with it.
  const send = (operation: Operation, partial: Partial<Case>, step: ResourceStep, credential?: string) => steps.sendJudged(caseFor(operation, partial, step), credential);
  const byId = (id: string) => ({ pathParams: { [idParam]: id } });

  // Page after page until the id is met or the list ends; every page is judged, and the last one again
  // as the step, with every item the pages showed. An empty id is never met: the list is read to its end.
  const list = async (name: ResourceStepName, id: string, options: { expected?: Record<string, unknown>; expectListed?: boolean; query?: QueryPair[]; extra?: Partial<ResourceStep> } = {}): Promise<Listed | undefined> => {
    const lister = resource.lister;
    const paging = lister && pagingOf(lister);
    if (!lister || !paging) return undefined;
    const pageCase = (query: QueryPair[], step: ResourceStep) => caseFor(lister, { queryParams: query }, step);
    const until = id === NO_RESOURCE_ID ? undefined : (item: Record<string, unknown>) => String(item.id) === id;
    const listing = await paginate(lister, (query) => steps.send(pageCase(query, { name, resourceId: id })), { query: options.query, until });
    const last = listing.pages.at(-1);
    if (!last) return undefined;
    for (const page of listing.pages.slice(0, -1)) steps.judge(lister, { ...pageCase(page.query, { name, resourceId: id }), step: undefined, label: `${resource.name}: a page of the list` }, page.exchange);
    const reached = listing.ended || listing.found !== undefined || !paging.offset;
    const listed = { items: listing.items, complete: reached && last.items !== undefined, pages: listing.pages.map((p) => p.items?.length ?? 0) };
    steps.judge(lister, pageCase(last.query, { name, resourceId: id, expected: options.expected, expectListed: options.expectListed, listed, ...options.extra }), last.exchange);
    return listed;
  };

  // Right after a list was read: the page at offset 1 of size 2, which must be items 1 and 2 of it.
  const page = async (id: string, reference: Listed) => {
    const lister = resource.lister!;
    const { offset, limit } = pagingOf(lister)!;
    if (!offset || !limit || (reference.items.length < 3 && !reference.complete)) return;
    await send(lister, { queryParams: [[offset.name, '1'], [limit.name, '2']] }, { name: 'resource-paged', resourceId: id, listed: reference });
  };

  // The list narrowed by each filter to the resource's own values (and widened by each flag, both
  // ways): it must still show the resource. A boolean that names no field splits the list in two.
  // Each filter's reads are independent of the others': they overlap.
  const filter = async (id: string, item: Record<string, unknown>, seen: unknown[], expectListed: boolean | undefined) => {
    await steps.together(filtersOf(contract, resource.lister!).flatMap((reading): (() => Promise<unknown>)[] => reading.kind === 'split'
      ? [() => split(reading.param.name)]
      : filterQueries(reading, item, seen).map((query) => () => list('resource-filtered', id, { expectListed, query: [query] }))));
  };
  const split = async (name: string) => {
    const [all, yes] = await steps.together([() => list('resource-split', NO_RESOURCE_ID, {}), () => list('resource-split', NO_RESOURCE_ID, { query: [[name, 'true']] })]);
    if (!all?.complete || !yes?.complete) return;
    await list('resource-split', NO_RESOURCE_ID, { query: [[name, 'false']], extra: { split: { all: idsOf(all.items), yes: idsOf(yes.items) } } });
  };

  if (deps.secretProperty) await list('resource-listed-before', NO_RESOURCE_ID);
  const createBody = deps.exampleBody(create);
  const created = await send(create, { body: createBody }, { name: 'resource-created', resourceId: NO_RESOURCE_ID });
  const createdBody = created.response && created.response.status < 300 ? jsonOf(created.response)?.value : undefined;
  const [id] = idsInBody(successSchema(contract, create), createdBody);
  if (id === undefined || target.broken) {
    result.aborted = `the create made no ${resource.name}, so the scenario could not be followed`;
    return result;
  }
  const sent = createBody.kind === 'json' && isObject(createBody.value) ? (createBody.value as Record<string, unknown>) : {};
  const state: Record<string, unknown> = { ...(isObject(createdBody) ? createdBody : {}) };
  const listedNow = () => ({ excluded: false, included: true, unknown: undefined })[listExcludes(resource.lister, state)];

  // The same resource made by its other producers (a batch, another shape of create): each must be
  // listed too, and stay as it is while the first one is updated.
  const others: { id: string; before?: Record<string, unknown> }[] = [];
  const producers = resource.producers.filter((op) => op !== create && deps.exampleBody(op).kind !== 'none');
  const made = await steps.together(producers.map((producer) => () => send(producer, { body: deps.exampleBody(producer) }, { name: 'resource-created', resourceId: NO_RESOURCE_ID })));
  producers.forEach((producer, i) => {
    const answer = made[i].response && made[i].response!.status < 300 ? jsonOf(made[i].response!)?.value : undefined;
    for (const otherId of idsInBody(successSchema(contract, producer), answer)) others.push({ id: otherId });
  });

  if (read) {
    const readBack = await send(read, { ...byId(id), queryParams: wideningFlags(read) }, { name: 'resource-read', resourceId: id, expected: sent });
    const body = readBack.response?.status === 200 ? jsonOf(readBack.response)?.value : undefined;
    if (isObject(body)) Object.assign(state, body);
  }
  const listed = await list('resource-listed', id, { expectListed: listedNow() });
  const item = listed?.items.find((i): i is Record<string, unknown> => isObject(i) && String(i.id) === id);
  await steps.together([
    async () => listed && (await page(id, listed)),
    async () => item && listed && (await filter(id, item, listed.items, listedNow())),
    ...others.map((other) => async () => {
      const shown = await list('resource-listed', other.id, { expectListed: true });
      other.before = shown?.items.find((i): i is Record<string, unknown> => isObject(i) && String(i.id) === other.id);
    }),
  ]);

  const values = update ? updateValues({ contract, runSeed: deps.runSeed, seedKey: scenarioKey(resource), isValid: deps.isValid }, update, state) : [];
  if (update) {
    const writable = Object.keys(bodyProperties(contract, update));
    for (const [field, value] of values) {
      const change = { [field]: value };
      const answered = await send(update, { ...byId(id), body: jsonBody(update, change) }, { name: 'resource-updated', resourceId: id, expected: change });
      if (!answered.response || answered.response.status >= 300) continue;
      const body = jsonOf(answered.response)?.value;
      Object.assign(state, isObject(body) ? body : {}, change);
      // What the update must have changed, and what it must have left alone, read side by side.
      await steps.together([
        async () => read && (await send(read, { ...byId(id), queryParams: wideningFlags(read) }, { name: 'resource-read-after-update', resourceId: id, expected: change })),
        () => list('resource-listed-after-update', id, { expected: change, expectListed: listedNow() }),
        ...others.filter((other) => other.before).map((other) => async () => {
          const expected = Object.fromEntries(writable.flatMap((name) => {
            const held = fieldOf(other.before!, name);
            return held ? [[name, held.value]] : [];
          }));
          const after = { operationId: update.id, resourceId: id, sent: change };
          if (read) await send(read, { ...byId(other.id), queryParams: wideningFlags(read) }, { name: 'resource-other-after-update', resourceId: other.id, expected, after });
          else await list('resource-other-after-update', other.id, { expected, extra: { after } });
        }),
      ]);
    }
  }

  const removed = await send(remove, byId(id), { name: 'resource-deleted', resourceId: id });
  if (!removed.response || removed.response.status >= 300) return result;
  // The read, the deleted key's use and an unknown id's delete overlap; the writes after the delete
  // stay in order, so a write that brings the resource back is seen by the delete and the list after it.
  const secret = deps.secretProperty && isObject(createdBody) ? createdBody[deps.secretProperty] : undefined;
  await steps.together([
    async () => read && (await send(read, byId(id), { name: 'resource-read-after-delete', resourceId: id })),
    async () => typeof secret === 'string' && resource.lister && (await send(resource.lister, { expectation: 'reject-auth' }, { name: 'resource-used-after-delete', resourceId: id }, secret)),
    async () => takesAnyString(remove, idParam) && (await send(remove, byId(deps.unknownId), { name: 'resource-deleted-unknown', resourceId: deps.unknownId })),
  ]);
  // Drawn again after the updates: the state the first drawing read has changed since.
  const [first] = update ? updateValues({ contract, runSeed: deps.runSeed, seedKey: scenarioKey(resource), isValid: deps.isValid }, update, state) : [];
  if (update && first) await send(update, { ...byId(id), body: jsonBody(update, { [first[0]]: first[1] }) }, { name: 'resource-updated-after-delete', resourceId: id });
  await send(remove, byId(id), { name: 'resource-deleted-again', resourceId: id });
  await list('resource-listed-after-delete', id, { expectListed: false });
  return result;
}
