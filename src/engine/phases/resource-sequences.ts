import fc from 'fast-check';
import { deleteOf, readOf, sequenced } from '../../contract/lifecycle';
import type { Operation } from '../../contract/load';
import type { Resource } from '../../contract/resources';
import { NO_RESOURCE_ID, type Case } from '../../model/case';
import type { Exchange } from '../../model/exchange';
import { phaseResult, type PhaseResult } from '../../model/outcome';
import { idsOf, paginate } from '../../transport/paginate';
import { inParallel } from '../../transport/pool';
import { bucketOf, phaseSeed, reportedHere, toViolation } from './run-phase';
import { commandsFor, sequenceCase, type Model, type RunLog } from './sequence-commands';
import { Steps, type PhaseDeps } from './step';

/** The random sequences' phase: one for all resources, since a command on one may change another. */
export const SEQUENCES_KEY = 'resources/sequences';
/** The most commands a random sequence holds. */
export const SEQUENCE_COMMANDS = 12;
/** What one random sequence is taken to send: its commands, the reads of what it holds after each, its clean-up (11.5 measured on the whole contract, 2026-12-06). */
export const SEQUENCE_REQUESTS = 15;

export interface SequenceDeps extends PhaseDeps {
  resources: readonly Resource[];
  /** How many random sequences to try, and how many commands each holds at most. */
  runs: number;
  maxCommands: number;
  /** Whether a failing sequence is shrunk (each try sends it again): on loopback targets. */
  shrink: boolean;
  /** A replay: the fast-check path of the failing sequence, and the commands' own replay hint. */
  replay?: { path: string; commands?: string };
  /**
   * Whether the run may still make one of this resource (OMI_MAX_KEYS of each, less what the probes
   * after the sequences make). It reads the run's counts, not the model: a sequence shrunk or replayed
   * once the budget is reached may draw other commands. The default budget is unbounded on loopback,
   * where sequences shrink; with OMI_MAX_KEYS set there, the phase's note says when it held one back.
   */
  mayCreate: (resource: Resource) => boolean;
  isValid: (pointer: string, value: unknown) => boolean;
}

/** Thrown by a command whose exchanges, or the reads after it, broke a check: the sequence stops there. */
class SequenceFailed extends Error {}

/**
 * Random sequences of creates, updates and deletes across every followable resource, with
 * fast-check's model-based testing: a model of what each resource the sequence made should hold,
 * and after every command each of them read back (by id, or found in its list) and compared with
 * it, so an update that changes another resource, or a create the list never shows, is caught.
 * A sequence's steps run in order (the model is its own: sequences side by side would change each
 * other's lists, and a fault one of them caused would show in another), and what is independent
 * within a step overlaps: the read-backs of every resource and every held item, the deletes at its
 * end. A failing sequence is shrunk to the smallest that still fails, and replays from seed and path.
 */
export async function runResourceSequences(deps: SequenceDeps): Promise<PhaseResult> {
  const result = phaseResult({ key: SEQUENCES_KEY, phase: 'sequences', description: 'random sequences of creates, updates and deletes, every resource checked against a model after each' });
  const resources = deps.resources.filter((r) => sequenced(deps.contract, r));
  if (resources.length === 0) {
    result.aborted = 'the contract has no resource with a single create, an update and a delete';
    return result;
  }
  const steps = new Steps(deps, result);
  const judgeInto = (log: RunLog, operation: Operation, testCase: Case, exchange: Exchange) => {
    for (const judged of deps.judge.judge(operation, testCase, exchange)) log.findings.push({ judged, testCase, exchange, step: log.steps.length - 1 });
  };
  // An interrupted answer is judged into the sequence's log too, so it replays with the sequence's path.
  const sendUnjudged = (log: RunLog, testCase: Case) => steps.send(testCase, undefined, (exchange) => judgeInto(log, steps.operation(testCase), testCase, exchange));
  const send = async (log: RunLog, testCase: Case): Promise<Exchange> => {
    const exchange = await sendUnjudged(log, testCase);
    judgeInto(log, steps.operation(testCase), testCase, exchange);
    return exchange;
  };

  const failed = (log: RunLog) => log.findings.some((f) => !f.judged.allowance && !f.judged.known);
  // After every command: each resource the model holds, read back and compared with what it should
  // hold, the resources side by side and judged in their order. A violation ends the sequence there,
  // so the shrinker knows the commands after it did not run.
  const verify = async (model: Model, log: RunLog) => {
    const reads = await steps.together(resources.map((resource) => () => readBack(resource, model.held.filter((h) => h.resource === resource), log)));
    for (const judged of reads) for (const [operation, testCase, exchange] of judged) judgeInto(log, operation, testCase, exchange);
    if (failed(log)) throw new SequenceFailed();
  };
  const readBack = async (resource: Resource, held: Model['held'], log: RunLog): Promise<[Operation, Case, Exchange][]> => {
    const label = `${resource.name}: held (${log.steps.at(-1)})`;
    const read = readOf(resource);
    const lister = resource.lister;
    if (held.length === 0 || (!read && !lister)) return [];
    if (read) {
      const cases = held.map((h) => sequenceCase(read, { pathParams: { [resource.idParameter!]: h.id } }, { name: 'resource-held', resourceId: h.id, expected: { ...h.fields } }, label));
      return steps.together(cases.map((testCase) => async (): Promise<[Operation, Case, Exchange]> => [read, testCase, await sendUnjudged(log, testCase)]));
    }
    // Read page after page until every item held is found: never a whole big list when its first page holds them.
    const wanted = new Set(held.map((h) => h.id));
    const pages: [Operation, Case, Exchange][] = [];
    const listing = await paginate(lister!, async (query) => {
      const testCase = sequenceCase(lister!, { queryParams: query }, { name: 'resource-held', resourceId: NO_RESOURCE_ID }, `${resource.name}: a page of the list`);
      const exchange = await sendUnjudged(log, testCase);
      pages.push([lister!, testCase, exchange]);
      return exchange;
    }, { pageSize: true, enough: (items) => idsOf(items).filter((id) => wanted.has(id)).length >= wanted.size });
    const last = listing.pages.at(-1);
    if (!last) return pages;
    return [...pages, ...held.map((h): [Operation, Case, Exchange] => [lister!, sequenceCase(lister!, { queryParams: last.query }, { name: 'resource-held', resourceId: h.id, expected: { ...h.fields }, listed: { items: listing.items, complete: listing.ended } }, label), last.exchange])];
  };
  // Deletes, at the end of each sequence, whatever it made that it did not delete itself.
  const removeWhatItMade = (log: RunLog) => inParallel(log.made, deps.target.config.concurrency, (h) =>
    steps.send(sequenceCase(deleteOf(h.resource)!, { pathParams: { [h.resource.idParameter!]: h.id } }, { name: 'resource-deleted', resourceId: h.id }, `${h.resource.name}: removed after the sequence`)));

  // A create the budget holds back is not drawn, and the phase says so.
  const mayCreate = (resource: Resource) => {
    if (deps.mayCreate(resource)) return true;
    result.limited ??= `the budget for ${resource.name} is spent (OMI_MAX_KEYS): the sequences made no more of it`;
    return false;
  };
  const commands = resources.flatMap((resource) => commandsFor({ contract: deps.contract, exampleBody: deps.exampleBody, isValid: deps.isValid, mayCreate, send, verify }, resource));

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
      await removeWhatItMade(log);
    }
    if (!failed(log)) return true;
    lastFailure = { log, commands: String(sequence) };
    return false;
  });
  // Stryker disable next-line StringLiteral: the run and its replay both derive the seed here, so any key replays alike
  const seed = phaseSeed(deps.runSeed, SEQUENCES_KEY);
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
    const violation = toViolation(judged, result, { index: path, testCase: { ...testCase, label: `${label} (at step ${step + 1}: ${testCase.label})` }, exchange, shrunk: deps.shrink && deps.replay === undefined }, deps.runSeed, deps.redact, exchange.sequence, deps.target.config);
    bucketOf(result, judged).push(commandsHint ? { ...violation, replayEnv: `OMI_COMMANDS_REPLAY=${commandsHint}` } : violation);
  }
  return result;
}
