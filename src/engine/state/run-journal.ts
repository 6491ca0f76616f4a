import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { RequestPlanSummary } from '../../model/outcome';

/**
 * What a run must remember across Playwright worker restarts (a worker is replaced after every
 * failing test): which violations were already reported, whether the target stopped answering, and
 * what it created and which secrets it has seen. Secrets are kept only as digests; nothing here is secret.
 */
export interface JournalState {
  reported: Set<string>;
  /** Set once the target stopped answering and that was reported. */
  broken?: string;
  secretDigests: string[];
  /** Valid creates sent per collection, which may use three quarters of its budget (the rest is for invalid ones a lenient server accepts). */
  validCreates: Record<string, number>;
  /** Requests sent so far in the run (so "requests until found" counts across workers). */
  requestsSent: number;
  /** When the run sent its first request (ms since the epoch): what its time budget counts from, across workers. */
  startedAt?: number;
  /** Ids of what the run created, by collection path, in order (an id a server gave twice is there twice). */
  resources: Record<string, string[]>;
  /** How often each id was given, by collection: asked of every write the run sends, so kept apart from the lists. */
  resourceCounts: Map<string, Map<string, number>>;
  /** What every list showed before the run created anything, taken once per run; undefined until then. */
  snapshot?: ResourceSnapshot;
  /** Whose each resource is: the second account's are deleted with its credential. */
  accounts: Map<string, 'other'>;
  /** Resources answered as deleted, by `collection id`. */
  deleted: Set<string>;
  /** Creates written down before they were sent, by reference, until their answer came. */
  creating: Map<string, PendingCreate>;
  /** The target the run was pointed at: what npm run cleanup must be pointed at too. */
  target?: string;
  /** How the run plans its requests, as its first worker measured the target: every worker plans with it. */
  requestPlan?: RequestPlanSummary;
}

/** A create written down before it was sent: what identifies what it may have made, if its answer never came. */
export interface PendingCreate {
  ref: string;
  collection: string;
  account?: 'other';
  /** The short scalar fields it sent (and lists of them): what a listed item it made shows. */
  fields: Record<string, unknown>;
  /** A create of several at once (a body holding a list of objects): each one's fields, one listed item each. */
  each?: Record<string, unknown>[];
}

/** A resource the run made and has not deleted, as the journal holds it. */
export interface JournaledResource {
  collection: string;
  id: string;
  account?: 'other';
}

/** Ids every list showed before the run, and the collections whose lists were read to their end. */
export interface ResourceSnapshot {
  ids: string[];
  complete: string[];
}

export const secretDigest = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** One change to the journal, as a line of its file: the file is the run's changes in order, appended. */
type JournalEvent =
  | { reported: string }
  | { broken: string }
  | { secret: string }
  | { validCreate: string }
  | { requestsSent: number }
  | { startedAt: number }
  | { collection: string; id: string; account?: 'other' }
  | { deleted: string }
  | { creating: PendingCreate }
  | { answered: string }
  | { target: string }
  | { requestPlan: RequestPlanSummary }
  | { snapshot: ResourceSnapshot | undefined };

const keyOf = (collection: string, id: string) => `${collection} ${id}`;

function apply(state: JournalState, event: JournalEvent): void {
  if ('reported' in event) state.reported.add(event.reported);
  else if ('broken' in event) state.broken ??= event.broken;
  else if ('secret' in event) state.secretDigests.push(event.secret);
  else if ('validCreate' in event) state.validCreates[event.validCreate] = (state.validCreates[event.validCreate] ?? 0) + 1;
  else if ('requestsSent' in event) state.requestsSent = event.requestsSent;
  else if ('startedAt' in event) state.startedAt ??= event.startedAt;
  else if ('collection' in event) {
    (state.resources[event.collection] ??= []).push(event.id);
    let counts = state.resourceCounts.get(event.collection);
    if (!counts) state.resourceCounts.set(event.collection, (counts = new Map()));
    counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
    if (event.account) state.accounts.set(keyOf(event.collection, event.id), event.account);
  } else if ('deleted' in event) state.deleted.add(event.deleted);
  else if ('creating' in event) state.creating.set(event.creating.ref, event.creating);
  else if ('answered' in event) state.creating.delete(event.answered);
  else if ('target' in event) state.target ??= event.target;
  else if ('requestPlan' in event) state.requestPlan ??= event.requestPlan;
  else state.snapshot = event.snapshot;
}

/** The events of a journal file; a line cut short (a worker that died mid-write) is left out. */
function readEvents(text: string): JournalEvent[] {
  const events: JournalEvent[] = [];
  for (const line of text.split('\n')) {
    try {
      events.push(JSON.parse(line) as JournalEvent);
    } catch {
      // cut short (the worker that wrote it died before the line was whole), or the empty end
    }
  }
  return events;
}

export class RunJournal {
  private readonly state: JournalState = { reported: new Set(), secretDigests: [], validCreates: {}, requestsSent: 0, resources: {}, resourceCounts: new Map(), accounts: new Map(), deleted: new Set(), creating: new Map() };
  /** Write-ahead references of this process: unique across the workers of one run. */
  private creates = 0;
  private dirMade = false;
  /** Changes since the last save, as lines: a save appends them, so its cost is the change, not the whole run. */
  private pending = '';

  /** `file` undefined keeps the journal in memory (one process, as in the project's own tests). */
  constructor(private readonly file: string | undefined) {
    const text = file && existsSync(file) ? readFileSync(file, 'utf8') : '';
    for (const event of readEvents(text)) apply(this.state, event);
    // After a line cut short, the next change starts a line of its own.
    if (text !== '' && !text.endsWith('\n')) this.pending = '\n';
  }

  private change(event: JournalEvent): void {
    apply(this.state, event);
    // Stryker disable next-line ConditionalExpression: in memory the lines are built but never written; what the journal answers is the same
    if (this.file) this.pending += `${JSON.stringify(event)}\n`;
  }

  /** True the first time an identity is reported in this run. */
  firstReport(identity: string): boolean {
    if (this.state.reported.has(identity)) return false;
    this.change({ reported: identity });
    return true;
  }

  get broken(): string | undefined {
    return this.state.broken;
  }

  markBroken(reason: string): void {
    if (this.state.broken === undefined) this.change({ broken: reason });
  }

  get priorSecretDigests(): readonly string[] {
    return this.state.secretDigests;
  }

  /** Valid creates the run sent to this collection. */
  validCreates(collection: string): number {
    return this.state.validCreates[collection] ?? 0;
  }

  countValidCreate(collection: string): void {
    this.change({ validCreate: collection });
  }

  get requestsSent(): number {
    return this.state.requestsSent;
  }

  set requestsSent(count: number) {
    if (count !== this.state.requestsSent) this.change({ requestsSent: count });
  }

  /** A secret the run was given, kept as its digest only. */
  recordSecret(secret: string): void {
    this.change({ secret: secretDigest(secret) });
  }

  /** A resource the run made, on disk at once: a run killed after this still knows to delete it. */
  recordResource(collection: string, id: string, account?: 'other'): void {
    this.change(account ? { collection, id, account } : { collection, id });
    this.save();
  }

  recordDeleted(collection: string, id: string): void {
    this.change({ deleted: keyOf(collection, id) });
  }

  /**
   * A create about to be sent, written to disk before it is: if the run is killed before its answer
   * comes, `npm run cleanup` looks for what it made by the fields it sent. Returns its reference.
   */
  announceCreate(create: Omit<PendingCreate, 'ref'>): string {
    const ref = `${process.pid}-${++this.creates}`;
    this.change({ creating: { ref, ...create } });
    this.save();
    return ref;
  }

  /** The create's answer came (whatever it was): what it made, if anything, is recorded apart. */
  createAnswered(ref: string): void {
    this.change({ answered: ref });
  }

  get target(): string | undefined {
    return this.state.target;
  }

  set target(baseUrl: string | undefined) {
    if (baseUrl !== undefined && this.state.target === undefined) this.change({ target: baseUrl });
  }

  get requestPlan(): RequestPlanSummary | undefined {
    return this.state.requestPlan;
  }

  set requestPlan(plan: RequestPlanSummary | undefined) {
    if (plan !== undefined && this.state.requestPlan === undefined) this.change({ requestPlan: plan });
  }

  /** What the run made and has not deleted, each once, in the order made. */
  left(): JournaledResource[] {
    return Object.entries(this.state.resources).flatMap(([collection, ids]) => [...new Set(ids)]
      .filter((id) => !this.state.deleted.has(keyOf(collection, id)))
      .map((id) => {
        const account = this.state.accounts.get(keyOf(collection, id));
        return account ? { collection, id, account } : { collection, id };
      }));
  }

  /** Creates written down whose answer never came. */
  pendingCreates(): PendingCreate[] {
    return [...this.state.creating.values()];
  }

  resourceIds(collection: string): readonly string[] {
    return this.state.resources[collection] ?? [];
  }

  /** How many times the run (this worker or an earlier one) was given this id in this collection. */
  timesCreated(collection: string, id: string): number {
    return this.state.resourceCounts.get(collection)?.get(id) ?? 0;
  }

  /** When the run started, set by the first caller. */
  startedAtOr(now: number): number {
    if (this.state.startedAt === undefined) this.change({ startedAt: now });
    return this.state.startedAt!;
  }

  get snapshot(): ResourceSnapshot | undefined {
    return this.state.snapshot;
  }

  set snapshot(snapshot: ResourceSnapshot | undefined) {
    this.change({ snapshot });
  }

  /** Appends the changes since the last save: a worker that dies mid-write leaves a cut last line, which the next one leaves out. */
  save(): void {
    if (!this.file || this.pending === '' || this.pending === '\n') return;
    if (!this.dirMade) mkdirSync(path.dirname(this.file), { recursive: true });
    this.dirMade = true;
    appendFileSync(this.file, this.pending);
    this.pending = '';
  }

  /** A run starts with no journal, whatever an earlier run with the same id left. */
  static discard(file: string | undefined): void {
    if (file) rmSync(file, { force: true });
  }
}

/**
 * A run starts with a journal of its own. One an earlier run left that still lists what it made and
 * did not delete (a run killed, a cleanup that could not finish) is kept beside it, named by when it
 * was written, for `npm run cleanup -- FILE`; the line returned says so. Otherwise it goes.
 */
export function startJournal(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const earlier = new RunJournal(file);
  const left = earlier.left().length;
  const pending = earlier.pendingCreates().length;
  if (left === 0 && pending === 0) {
    RunJournal.discard(file);
    return undefined;
  }
  const kept = file.replace(/\.jsonl$/, `-${statSync(file).mtime.toISOString().replace(/[:.]/g, '-')}.jsonl`);
  renameSync(file, kept);
  return `an earlier run left ${left} resource(s)${pending ? ` and ${pending} create(s) whose answer never came` : ''} in its target: its journal is kept as ${kept}; npm run cleanup -- ${kept} deletes them (with that run's credentials)`;
}
