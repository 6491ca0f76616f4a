import fc from 'fast-check';
import { jsonRequestContent, type Contract, type Operation } from '../contract/load';
import { fieldOf } from '../contract/filters';
import { bodyProperties, bodyPropertyNames } from '../contract/prose';
import { dereference, isObject } from '../contract/refs';
import { idsInBody, successSchema, type Resource } from '../contract/resources';
import { NO_RESOURCE_ID } from '../model/case';
import type { Case, ResourceStep } from '../model/case';
import { compileSchema } from '../generate/schema-arbitrary';
import { jsonOf, type Exchange } from '../model/exchange';
import type { Target } from '../transport/target';
import type { Judge, JudgedFinding } from './judge';
import { listAllIds } from './snapshot';
import { bucketOf, phaseSeed, reportedHere, toViolation } from './run-phase';
import type { PhaseResult } from '../model/outcome';
import { followable, jsonBody, singleProducer } from './resource-scenario';
/** The random sequences' phase: one for all resources, since a command on one may change another. */
export const SEQUENCE_PHASE = { operationId: 'resources', name: 'sequences' };

export interface SequenceDeps {
  contract: Contract;
  resources: readonly Resource[];
  target: Target;
  judge: Judge;
  runSeed: number;
  /** How many random sequences to try, and how many commands each holds at most. */
  runs: number;
  maxCommands: number;
  /** Whether a failing sequence is shrunk (each try sends it again): on loopback targets. */
  shrink: boolean;
  /** A replay: the fast-check path of the failing sequence, and the commands' own replay hint. */
  replay?: { path: string; commands?: string };
  exampleBody: (operation: Operation) => Case['body'];
  /**
   * Whether the run may still make one of this resource (OMI_MAX_KEYS of each, less what the probes
   * after the sequences make). It reads the run's counts, not the model: a sequence shrunk or replayed
   * once the budget is reached may draw other commands. The default budget is unbounded on loopback,
   * where sequences shrink; with OMI_MAX_KEYS set there, the phase's note says when it held one back.
   */
  mayCreate: (resource: Resource) => boolean;
  isValid: (pointer: string, value: unknown) => boolean;
  redact: <T>(value: T) => T;
  record: (exchange: Exchange, testCase: Case) => void;
  firstReport: (key: string) => boolean;
}

/** What the model says one resource the sequence made should hold. */
interface Held {
  resource: Resource;
  id: string;
  fields: Record<string, unknown>;
}

interface Model {
  held: Held[];
}

/** One run of one sequence: what it sent and found, in order. */
interface RunLog {
  findings: { judged: JudgedFinding; testCase: Case; exchange: Exchange; step: number }[];
  steps: string[];
  made: Held[];
}

type SequenceCommand = fc.AsyncCommand<Model, RunLog, false>;

/**
 * Random sequences of creates, updates and deletes across every followable resource, with
 * fast-check's model-based testing: a model of what each resource the sequence made should hold,
 * and after every command each of them read back (by id, or found in its list) and compared with
 * it, so an update that changes another resource, or a create the list never shows, is caught.
 * A failing sequence is shrunk to the smallest that still fails, and replays from seed and path.
 */
export async function runResourceSequences(deps: SequenceDeps): Promise<PhaseResult> {
  const result: PhaseResult = { ...SEQUENCE_PHASE, phase: SEQUENCE_PHASE.name, description: 'random sequences of creates, updates and deletes, every resource checked against a model after each', sent: 0, skipped: 0, violations: [], allowed: [], known: [] };
  const resources = deps.resources.filter((r) => sequenced(deps.contract, r));
  if (resources.length === 0) {
    result.aborted = 'the contract has no resource with a single create, an update and a delete';
    return result;
  }
  // Stryker disable next-line StringLiteral: the run and its replay both derive the seed here, so any key replays alike
  const seed = phaseSeed(deps.runSeed, `${SEQUENCE_PHASE.operationId}/${SEQUENCE_PHASE.name}`);
  const caseOf = (operation: Operation, partial: Partial<Case>, step: ResourceStep, label: string): Case => ({
    operationId: operation.id, phase: SEQUENCE_PHASE.name, expectation: 'accept', label, method: operation.method,
    pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, ...partial, step,
  });
  const send = async (log: RunLog, operation: Operation, testCase: Case, record = true): Promise<Exchange> => {
    const exchange = await deps.target.send(testCase);
    if (record) deps.record(exchange, testCase);
    result.sent++;
    for (const judged of deps.judge.judge(operation, testCase, exchange)) log.findings.push({ judged, testCase, exchange, step: log.steps.length - 1 });
    return exchange;
  };
  const byId = (resource: Resource, id: string) => ({ pathParams: { [resource.idParameter!]: id } });

  const failed = (log: RunLog) => log.findings.some((f) => !f.judged.allowance && !f.judged.known);
  // After every command: each resource the model holds, read back and compared with what it should
  // hold. A violation ends the sequence there, so the shrinker knows the commands after it did not run.
  const verify = async (model: Model, log: RunLog) => {
    await readBack(model, log);
    if (failed(log)) throw new SequenceFailed();
  };
  const readBack = async (model: Model, log: RunLog) => {
    for (const resource of resources) {
      const held = model.held.filter((h) => h.resource === resource);
      if (held.length === 0) continue;
      const read = resource.consumers.find((op) => op.method === 'GET');
      if (read) {
        for (const h of held) await send(log, read, caseOf(read, byId(resource, h.id), { name: 'resource-held', resourceId: h.id, expected: { ...h.fields } }, `${resource.name}: held (${log.steps.at(-1)})`), false);
        continue;
      }
      const lister = resource.lister;
      if (!lister) continue;
      const pages: { query: Case['queryParams']; exchange: Exchange }[] = [];
      const listed = await listAllIds(resource, async (query) => {
        const exchange = await send(log, lister, caseOf(lister, { queryParams: query }, { name: 'resource-held', resourceId: NO_RESOURCE_ID }, `${resource.name}: a page of the list`), false);
        pages.push({ query, exchange });
        return exchange.response?.status === 200 ? jsonOf(exchange.response)?.value : undefined;
      });
      const items = pages.flatMap((p) => {
        const value = p.exchange.response?.status === 200 ? jsonOf(p.exchange.response)?.value : undefined;
        return Array.isArray(value) ? value : [];
      });
      const last = pages.at(-1);
      if (!last) continue;
      for (const h of held) {
        const testCase = caseOf(lister, { queryParams: last.query }, { name: 'resource-held', resourceId: h.id, expected: { ...h.fields }, listed: { items, complete: listed.complete } }, `${resource.name}: held (${log.steps.at(-1)})`);
        for (const judged of deps.judge.judge(lister, testCase, last.exchange)) log.findings.push({ judged, testCase, exchange: last.exchange, step: log.steps.length - 1 });
      }
    }
  };

  // A create the budget holds back is not drawn, and the phase says so.
  const mayCreate = (resource: Resource) => {
    if (deps.mayCreate(resource)) return true;
    result.limited ??= `the budget for ${resource.name} is spent (OMI_MAX_KEYS): the sequences made no more of it`;
    return false;
  };
  const commands = resources.flatMap((resource) => commandsFor({ ...deps, mayCreate }, resource, caseOf, send, byId, verify));
  let lastFailure: { log: RunLog; commands: string } | undefined;
  const property = fc.asyncProperty(fc.commands(commands, { maxCommands: deps.maxCommands, size: 'max', replayPath: deps.replay?.commands }), async (sequence) => {
    if (deps.target.broken) return true;
    const model: Model = { held: [] };
    const log: RunLog = { findings: [], steps: [], made: [] };
    try {
      await fc.asyncModelRun(() => ({ model, real: log }), sequence);
    } catch (error) {
      if (!(error instanceof SequenceFailed)) {
        // A gate error while shrinking must not leave an earlier sequence's log to be reported as the failure.
        lastFailure = undefined;
        throw error;
      }
    } finally {
      await removeWhatItMade(deps, log, caseOf, result);
    }
    if (!failed(log)) return true;
    lastFailure = { log, commands: String(sequence) };
    return false;
  });
  const outcome = await fc.check(property, {
    // Stryker disable next-line BooleanLiteral: bias changes only which sequences are drawn, not how each is judged
    seed, numRuns: deps.runs, unbiased: true,
    path: deps.replay?.path,
    endOnFailure: !deps.shrink || deps.replay !== undefined,
  });
  if (deps.target.broken && !outcome.failed) result.aborted = 'the target stopped answering';
  // A failure with no run log is an error of the gate itself, not a finding: it must not pass as a clean run.
  if (outcome.failed && !lastFailure) throw outcome.errorInstance;
  if (!outcome.failed || !lastFailure) return result;
  const path = outcome.counterexamplePath ?? deps.replay?.path ?? '0';
  const commandsHint = /replayPath="([^"]*)"/.exec(lastFailure.commands)?.[1];
  const label = `resource sequence: ${lastFailure.log.steps.join(' → ')}`;
  for (const { judged, testCase, exchange, step } of lastFailure.log.findings) {
    if (!reportedHere(result, judged, deps.firstReport)) continue;
    const violation = toViolation(judged, SEQUENCE_PHASE, { index: path, testCase: { ...testCase, label: `${label} (at step ${step + 1}: ${testCase.label})` }, exchange, shrunk: deps.shrink && deps.replay === undefined }, deps.runSeed, deps.redact, exchange.sequence, deps.target.config);
    bucketOf(result, judged).push(commandsHint ? { ...violation, replayEnv: `OMI_COMMANDS_REPLAY=${commandsHint}` } : violation);
  }
  return result;
}

/**
 * Whether random sequences follow a resource: one made one at a time, updated and deleted. One with
 * only a create and a delete (the key) has no state to change but its existence, which its scenario
 * follows already; in a sequence each command would only read its whole list again.
 */
export const sequenced = (contract: Contract, resource: Resource) => followable(contract, resource) && resource.consumers.some((op) => op.method === 'PATCH' || op.method === 'PUT');

/** Thrown by a command whose exchanges, or the reads after it, broke a check: the sequence stops there. */
class SequenceFailed extends Error {}

/** Deletes, at the end of each sequence, whatever it made that it did not delete itself. */
async function removeWhatItMade(deps: SequenceDeps, log: RunLog, caseOf: (op: Operation, p: Partial<Case>, s: ResourceStep, l: string) => Case, result: PhaseResult) {
  for (const h of log.made) {
    const remove = h.resource.consumers.find((op) => op.method === 'DELETE')!;
    const testCase = caseOf(remove, { pathParams: { [h.resource.idParameter!]: h.id } }, { name: 'resource-deleted', resourceId: h.id }, `${h.resource.name}: removed after the sequence`);
    deps.record(await deps.target.send(testCase), testCase);
    result.sent++;
  }
}

/** The fields an update of this resource takes, each with its valid values. */
function updateArbitrary(deps: SequenceDeps, update: Operation): fc.Arbitrary<[string, unknown]> | undefined {
  const content = jsonRequestContent(update);
  const fields = Object.entries(bodyProperties(deps.contract, update)).map(([name, sub]) => compileSchema(dereference(deps.contract.doc, sub), `${content!.pointer}/properties/${name}`)
    .filter((value) => deps.isValid(content!.pointer, { [name]: value }))
    .map((value): [string, unknown] => [name, value]));
  return fields.length > 0 ? fc.oneof(...fields) : undefined;
}

function commandsFor(
  deps: SequenceDeps,
  resource: Resource,
  caseOf: (op: Operation, p: Partial<Case>, s: ResourceStep, l: string) => Case,
  send: (log: RunLog, op: Operation, c: Case, record?: boolean) => Promise<Exchange>,
  byId: (r: Resource, id: string) => Partial<Case>,
  verify: (model: Model, log: RunLog) => Promise<void>,
): fc.Arbitrary<SequenceCommand>[] {
  const create = singleProducer(deps.contract, resource)!;
  const update = resource.consumers.find((op) => op.method === 'PATCH' || op.method === 'PUT');
  const remove = resource.consumers.find((op) => op.method === 'DELETE')!;
  const body = deps.exampleBody(create);
  const sent = body.kind === 'json' && isObject(body.value) ? body.value : {};
  const writable = update ? bodyPropertyNames(deps.contract, update) : [];
  const mine = (model: Model) => model.held.filter((h) => h.resource === resource);
  const pick = (model: Model, index: number) => mine(model)[index % mine(model).length];

  const creates = fc.constant<SequenceCommand>({
    check: () => deps.mayCreate(resource),
    async run(model, log) {
      log.steps.push(`create ${resource.name}`);
      const exchange = await send(log, create, caseOf(create, { body }, { name: 'resource-created', resourceId: NO_RESOURCE_ID }, `${resource.name}: created`));
      const answer = exchange.response && exchange.response.status < 300 ? jsonOf(exchange.response)?.value : undefined;
      const [id] = idsInBody(successSchema(deps.contract, create), answer);
      if (id !== undefined) {
        // What was sent, and what the answer says of each field an update may change (its defaults).
        const defaults = isObject(answer) ? Object.fromEntries(writable.flatMap((name) => {
          const found = fieldOf(answer, name);
          return found && !(name in sent) ? [[name, found.value]] : [];
        })) : {};
        const held = { resource, id, fields: { ...sent, ...defaults } };
        model.held.push(held);
        log.made.push(held);
      }
      await verify(model, log);
    },
    toString: () => `create ${resource.name}`,
  });
  const deletes = fc.nat().map<SequenceCommand>((index) => ({
    check: (model) => mine(model).length > 0,
    async run(model, log) {
      const held = pick(model, index);
      log.steps.push(`delete ${resource.name} #${mine(model).indexOf(held) + 1}`);
      const exchange = await send(log, remove, caseOf(remove, byId(resource, held.id), { name: 'resource-deleted', resourceId: held.id }, `${resource.name}: deleted`));
      if (exchange.response && exchange.response.status < 300) {
        model.held.splice(model.held.indexOf(held), 1);
        log.made.splice(log.made.indexOf(held), 1);
      }
      await verify(model, log);
    },
    toString: () => `delete ${resource.name} #${index}`,
  }));
  const values = update && updateArbitrary(deps, update);
  if (!update || !values) return [creates, creates, deletes];
  const updates = fc.tuple(fc.nat(), values).map<SequenceCommand>(([index, [field, value]]) => ({
    check: (model) => mine(model).length > 0,
    async run(model, log) {
      const held = pick(model, index);
      log.steps.push(`update ${resource.name} #${mine(model).indexOf(held) + 1} ${field}`);
      const change = { [field]: value };
      const exchange = await send(log, update, caseOf(update, { ...byId(resource, held.id), body: jsonBody(update, change) }, { name: 'resource-updated', resourceId: held.id, expected: change }, `${resource.name}: updated`));
      if (exchange.response && exchange.response.status < 300) Object.assign(held.fields, change);
      await verify(model, log);
    },
    toString: () => `update ${resource.name} #${index} ${field}=${JSON.stringify(value)}`,
  }));
  // Creates weigh double: an update or a delete is skipped until one of its resource exists.
  return [creates, creates, updates, deletes];
}
