import fc from 'fast-check';
import { jsonRequestContent, type Contract, type Operation } from '../contract/load';
import { bodyProperties, listExcludes } from '../contract/prose';
import { dereference, isObject, type JsonObject } from '../contract/refs';
import { idsInBody, successSchema, type Resource } from '../contract/resources';
import { boundDates, fieldOf, fieldsOf, filtersOf, leaf, type FilterReading } from '../contract/filters';
import { NO_RESOURCE_ID } from '../model/case';
import type { Case, QueryPair, ResourceStep, ResourceStepName } from '../model/case';
import { compileSchema } from '../generate/schema-arbitrary';
import { jsonOf, type Exchange } from '../model/exchange';
import type { Target } from '../transport/target';
import type { Judge } from './judge';
import { phaseSeed } from './run-phase';
import type { PhaseResult } from '../model/outcome';
import { stepJudge } from './step-judge';
import { pagingOf } from './snapshot';
/** A list is followed at most this many pages deep to find one resource in it. */
const MAX_SCENARIO_PAGES = 40;

/** What a list's pages showed. */
type Listed = NonNullable<ResourceStep['listed']>;

export const scenarioPhase = (resource: Resource) => ({ operationId: resource.name, name: 'scenario' });

export interface ScenarioDeps {
  contract: Contract;
  resource: Resource;
  target: Target;
  judge: Judge;
  runSeed: number;
  /** A valid body for a producer (its example): the first makes the resource followed, the others those an update must leave alone. */
  exampleBody: (operation: Operation) => Case['body'];
  isValid: (pointer: string, value: unknown) => boolean;
  /**
   * For the credential resource (a key): its create answer's secret. The scenario then first reads
   * the whole list the random phases left (nothing a rejected create made may be in it), and after the
   * delete sends a request with the secret, which must be refused.
   */
  secretProperty?: string;
  /** An id no server issued: its delete must answer 404 like a second delete. */
  unknownId: string;
  redact: <T>(value: T) => T;
  record: (exchange: Exchange, testCase: Case) => void;
  firstReport: (key: string) => boolean;
}

/** The producer that makes one resource at a time: its success body has the id at the top. */
export const singleProducer = (contract: Contract, resource: Resource) => resource.producers.find((op) => {
  const schema = successSchema(contract, op);
  return isObject(schema) && isObject(schema.properties) && 'id' in schema.properties;
});

/** Whether a resource has a scenario to follow: one that makes it, and a delete to remove it again. */
export const followable = (contract: Contract, resource: Resource) => singleProducer(contract, resource) !== undefined && resource.consumers.some((op) => op.method === 'DELETE');

/** A boolean query flag that widens a read (defaults to false, not a filter): sent true. */
const wideningFlags = (operation: Operation): [string, string][] =>
  operation.parameters.filter((p) => p.in === 'query' && isObject(p.schema) && p.schema.type === 'boolean' && p.schema.default === false).map((p) => [p.name, 'true']);

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
  const phase = scenarioPhase(resource);
  const result: PhaseResult = { ...phase, phase: phase.name, description: `${resource.name}: create, read, list, page, filter, update, delete, use after delete`, sent: 0, skipped: 0, violations: [], allowed: [], known: [] };
  const create = singleProducer(contract, resource);
  const read = resource.consumers.find((op) => op.method === 'GET');
  const update = resource.consumers.find((op) => op.method === 'PATCH' || op.method === 'PUT');
  const remove = resource.consumers.find((op) => op.method === 'DELETE');
  const idParam = resource.idParameter;
  if (!create || !remove || !idParam) {
    result.aborted = `the contract has no single create and delete to follow ${resource.name} with`;
    return result;
  }
  const caseOf = (operation: Operation, partial: Partial<Case>, step: ResourceStep): Case => ({
    operationId: operation.id, phase: phase.name, expectation: 'accept', label: `${resource.name}: ${step.name.replace('resource-', '')}`, method: operation.method,
    pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...partial, step,
  });
  const judgeStep = stepJudge(result, phase, deps);
  // `credential`: a key's secret, for the one step sent with it.
  const send = async (operation: Operation, partial: Partial<Case>, step: ResourceStep, credential?: string): Promise<Exchange> => {
    const testCase = caseOf(operation, partial, step);
    const exchange = await target.send(testCase, credential);
    deps.record(exchange, testCase);
    result.sent++;
    judgeStep(operation, testCase, exchange);
    return exchange;
  };
  const byId = (id: string) => ({ pathParams: { [idParam]: id } });

  // Page after page until the id is met or a page is empty; every page is judged, and the last one
  // again as the step, with every item the pages showed. An empty id is never met: the list is read
  // to its end.
  const list = async (name: ResourceStepName, id: string, options: { expected?: Record<string, unknown>; expectListed?: boolean; query?: QueryPair[]; extra?: Partial<ResourceStep> } = {}): Promise<Listed | undefined> => {
    const lister = resource.lister;
    const paging = lister && pagingOf(lister);
    if (!lister || !paging) return undefined;
    const items: unknown[] = [];
    const pages: number[] = [];
    for (let page = 0; page < MAX_SCENARIO_PAGES; page++) {
      const query: QueryPair[] = [...(options.query ?? []), ...(paging.offset ? [[paging.offset.name, String(items.length)] as QueryPair] : [])];
      const pageCase = caseOf(lister, { queryParams: query }, { name, resourceId: id });
      const exchange = await target.send(pageCase);
      result.sent++;
      const value = exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
      const found = Array.isArray(value) ? value : [];
      items.push(...found);
      pages.push(found.length);
      const end = found.length === 0 || !paging.offset || found.some((item) => isObject(item) && String(item.id) === id);
      if (end || page === MAX_SCENARIO_PAGES - 1 || !Array.isArray(value)) {
        const listed = { items, complete: end && Array.isArray(value), pages };
        judgeStep(lister, caseOf(lister, { queryParams: query }, { name, resourceId: id, expected: options.expected, expectListed: options.expectListed, listed, ...options.extra }), exchange);
        return listed;
      }
      judgeStep(lister, { ...pageCase, step: undefined, label: `${resource.name}: a page of the list` }, exchange);
    }
    return undefined;
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
  const filter = async (id: string, item: Record<string, unknown>, seen: unknown[], expectListed: boolean | undefined) => {
    for (const reading of filtersOf(contract, resource.lister!)) {
      if (reading.kind === 'split') {
        await split(reading.param.name);
        continue;
      }
      for (const query of filterQueries(reading, item, seen)) {
        await list('resource-filtered', id, { expectListed, query: [query] });
      }
    }
  };
  const split = async (name: string) => {
    const all = await list('resource-split', NO_RESOURCE_ID, {});
    const yes = await list('resource-split', NO_RESOURCE_ID, { query: [[name, 'true']] });
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
  for (const producer of resource.producers.filter((op) => op !== create)) {
    const body = deps.exampleBody(producer);
    if (body.kind === 'none') continue;
    const made = await send(producer, { body }, { name: 'resource-created', resourceId: NO_RESOURCE_ID });
    const answer = made.response && made.response.status < 300 ? jsonOf(made.response)?.value : undefined;
    for (const otherId of idsInBody(successSchema(contract, producer), answer)) others.push({ id: otherId });
  }

  if (read) {
    const readBack = await send(read, { ...byId(id), queryParams: wideningFlags(read) }, { name: 'resource-read', resourceId: id, expected: sent });
    const body = readBack.response?.status === 200 ? jsonOf(readBack.response)?.value : undefined;
    if (isObject(body)) Object.assign(state, body);
  }
  const listed = await list('resource-listed', id, { expectListed: listedNow() });
  if (listed) {
    await page(id, listed);
    const item = listed.items.find((i): i is Record<string, unknown> => isObject(i) && String(i.id) === id);
    if (item) await filter(id, item, listed.items, listedNow());
  }
  for (const other of others) {
    const shown = await list('resource-listed', other.id, { expectListed: true });
    other.before = shown?.items.find((i): i is Record<string, unknown> => isObject(i) && String(i.id) === other.id);
  }

  if (update) {
    const writable = Object.keys(bodyProperties(deps.contract, update));
    for (const [field, value] of updateValues(deps, update, state)) {
      const change = { [field]: value };
      const answered = await send(update, { ...byId(id), body: jsonBody(update, change) }, { name: 'resource-updated', resourceId: id, expected: change });
      if (!answered.response || answered.response.status >= 300) continue;
      const body = jsonOf(answered.response)?.value;
      Object.assign(state, isObject(body) ? body : {}, change);
      if (read) await send(read, { ...byId(id), queryParams: wideningFlags(read) }, { name: 'resource-read-after-update', resourceId: id, expected: change });
      await list('resource-listed-after-update', id, { expected: change, expectListed: listedNow() });
      for (const other of others) {
        if (!other.before) continue;
        const expected = Object.fromEntries(writable.flatMap((name) => {
          const held = fieldOf(other.before!, name);
          return held ? [[name, held.value]] : [];
        }));
        if (read) await send(read, { ...byId(other.id), queryParams: wideningFlags(read) }, { name: 'resource-other-after-update', resourceId: other.id, expected });
        else await list('resource-other-after-update', other.id, { expected });
      }
    }
  }

  const removed = await send(remove, byId(id), { name: 'resource-deleted', resourceId: id });
  if (!removed.response || removed.response.status >= 300) return result;
  if (read) await send(read, byId(id), { name: 'resource-read-after-delete', resourceId: id });
  if (update) {
    const [first] = updateValues(deps, update, state);
    if (first) await send(update, { ...byId(id), body: jsonBody(update, { [first[0]]: first[1] }) }, { name: 'resource-updated-after-delete', resourceId: id });
  }
  await send(remove, byId(id), { name: 'resource-deleted-again', resourceId: id });
  const secret = deps.secretProperty && isObject(createdBody) ? createdBody[deps.secretProperty] : undefined;
  if (typeof secret === 'string' && resource.lister) {
    await send(resource.lister, { expectation: 'reject-auth' }, { name: 'resource-used-after-delete', resourceId: id }, secret);
  }
  await list('resource-listed-after-delete', id, { expectListed: false });
  if (takesAnyString(remove, idParam)) await send(remove, byId(deps.unknownId), { name: 'resource-deleted-unknown', resourceId: deps.unknownId });
  return result;
}

/** Whether a path parameter takes any string: then an id no server issued is still a valid one to send. */
function takesAnyString(operation: Operation, name: string): boolean {
  const schema = operation.parameters.find((p) => p.in === 'path' && p.name === name)?.schema;
  return isObject(schema) && schema.type === 'string' && schema.format === undefined && schema.pattern === undefined && schema.enum === undefined && schema.minLength === undefined && schema.maxLength === undefined;
}

const idsOf = (items: unknown[]) => items.flatMap((item) => (isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number') ? [String(item.id)] : []));

const SECOND = 1000;

/**
 * The values a filter is tried with, from the resource's own fields as its list showed them: its
 * value (and, for a filter of several values, it with another value the list showed); for a date
 * bound, the whole second that holds its earliest (lower) or latest (upper) date, so whichever of
 * its dates the bound reads, it is inside; for a flag that widens the answer, both ways.
 */
export function filterQueries(reading: FilterReading, item: Record<string, unknown>, seen: unknown[]): QueryPair[] {
  const name = reading.param.name;
  if (reading.kind === 'widening') return [[name, 'true'], [name, 'false']];
  if (reading.kind === 'split') return [];
  if (reading.kind === 'bound') {
    const times = boundDates(reading, item).map((v) => Date.parse(v));
    if (times.length === 0) return [];
    const at = reading.lower ? Math.floor(Math.min(...times) / SECOND) * SECOND : Math.ceil(Math.max(...times) / SECOND) * SECOND;
    return [[name, new Date(at).toISOString()]];
  }
  const valueOf = (i: unknown) => (isObject(i) ? fieldsOf(i).find(([path]) => leaf(path) === reading.field)?.[1] : undefined);
  const own = valueOf(item);
  if (own === null || own === undefined || typeof own === 'object') return [];
  const queries: QueryPair[] = [[name, String(own)]];
  const another = seen.map(valueOf).find((v) => (typeof v === 'string' || typeof v === 'number') && v !== own);
  if (reading.several && another !== undefined) queries.push([name, `${String(own)},${String(another)}`]);
  return queries;
}

export function jsonBody(operation: Operation, value: unknown): Case['body'] {
  const content = jsonRequestContent(operation);
  return content ? { kind: 'json', value, contentType: content.mediaType } : { kind: 'none' };
}

/**
 * A new valid value for each field the update takes, one update per field, each unlike what the
 * resource holds now: another enum value, the other boolean, a drawn value otherwise. Fields are
 * taken in the schema's order, booleans last (one may take the resource out of its list).
 */
function updateValues(deps: ScenarioDeps, update: Operation, state: Record<string, unknown>): [string, unknown][] {
  const content = jsonRequestContent(update);
  const properties = bodyProperties(deps.contract, update);
  const out: [string, unknown][] = [];
  const seed = phaseSeed(deps.runSeed, `${deps.resource.name}/scenario`);
  for (const [name, raw] of Object.entries(properties)) {
    const sub = dereference(deps.contract.doc, raw);
    if (!isObject(sub)) continue;
    const current = state[name] ?? (isObject(state) ? Object.values(state).find((v): v is JsonObject => isObject(v) && name in v)?.[name] : undefined);
    const candidates: unknown[] = Array.isArray(sub.enum) ? sub.enum : sub.type === 'boolean' ? [current !== true] : fc.sample(compileSchema(sub, `${content!.pointer}/properties/${name}`), { seed, numRuns: 5 });
    const value = candidates.find((v) => JSON.stringify(v) !== JSON.stringify(current) && deps.isValid(content!.pointer, { [name]: v }));
    if (value !== undefined) out.push([name, value]);
  }
  return out.sort(([, a], [, b]) => Number(typeof a === 'boolean') - Number(typeof b === 'boolean'));
}
