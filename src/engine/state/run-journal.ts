import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';

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
  | { collection: string; id: string }
  | { snapshot: ResourceSnapshot | undefined };

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
  } else state.snapshot = event.snapshot;
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
  private readonly state: JournalState = { reported: new Set(), secretDigests: [], validCreates: {}, requestsSent: 0, resources: {}, resourceCounts: new Map() };
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

  recordResource(collection: string, id: string): void {
    this.change({ collection, id });
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
    appendFileSync(this.file, this.pending);
    this.pending = '';
  }

  /** A run starts with no journal, whatever an earlier run with the same id left. */
  static discard(file: string | undefined): void {
    if (file) rmSync(file, { force: true });
  }
}
