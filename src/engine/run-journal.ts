import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * What a run must remember across Playwright worker restarts (a worker is replaced after every
 * failing test): which violations were already reported, whether the target stopped answering, and
 * which key ids and secrets it has seen. Secrets are kept only as digests; nothing here is secret.
 */
export interface JournalState {
  reported: string[];
  /** Set once the target stopped answering and that was reported. */
  broken?: string;
  keyIds: string[];
  secretDigests: string[];
  keysCreated: number;
  /** Valid creates sent, which may use half of the key budget (the rest is for invalid ones a lenient server accepts). */
  validCreates: number;
  /** Requests sent so far in the run (so "requests until found" counts across workers). */
  requestsSent: number;
  /** Key ids listed before the run created anything, taken once per run; undefined until then. */
  preexisting?: string[];
  /** When the run sent its first request (ms since the epoch): what its time budget counts from, across workers. */
  startedAt?: number;
  /** Ids of other resources the run created, by collection path. */
  resources: Record<string, string[]>;
  /** What every list showed before the run created anything, taken once per run; undefined until then. */
  snapshot?: ResourceSnapshot;
}

/** Ids every list showed before the run, and the collections whose lists were read to their end. */
export interface ResourceSnapshot {
  ids: string[];
  complete: string[];
}

export const secretDigest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class RunJournal {
  private readonly state: JournalState;
  private readonly reported: Set<string>;

  /** `file` undefined keeps the journal in memory (one process, as in the project's own tests). */
  constructor(private readonly file: string | undefined) {
    const empty: JournalState = { reported: [], keyIds: [], secretDigests: [], keysCreated: 0, validCreates: 0, requestsSent: 0, resources: {} };
    // Stryker disable next-line StringLiteral: without an encoding JSON.parse reads the Buffer as UTF-8 all the same
    this.state = file && existsSync(file) ? { ...empty, ...JSON.parse(readFileSync(file, 'utf8')) } : empty;
    this.reported = new Set(this.state.reported);
  }

  /** True the first time an identity is reported in this run. */
  firstReport(identity: string): boolean {
    if (this.reported.has(identity)) return false;
    this.reported.add(identity);
    this.state.reported.push(identity);
    return true;
  }

  get broken(): string | undefined {
    return this.state.broken;
  }

  markBroken(reason: string): void {
    this.state.broken ??= reason;
  }

  get priorKeyIds(): readonly string[] {
    return this.state.keyIds;
  }

  get priorSecretDigests(): readonly string[] {
    return this.state.secretDigests;
  }

  get keysCreated(): number {
    return this.state.keysCreated;
  }

  get preexisting(): readonly string[] | undefined {
    return this.state.preexisting;
  }

  set preexisting(ids: readonly string[] | undefined) {
    this.state.preexisting = ids && [...ids];
  }

  get validCreates(): number {
    return this.state.validCreates;
  }

  countValidCreate(): void {
    this.state.validCreates++;
  }

  get requestsSent(): number {
    return this.state.requestsSent;
  }

  set requestsSent(count: number) {
    this.state.requestsSent = count;
  }

  recordKey(id: string, secret: string): void {
    this.state.keyIds.push(id);
    if (secret) this.state.secretDigests.push(secretDigest(secret));
    this.state.keysCreated++;
  }

  recordResource(collection: string, id: string): void {
    (this.state.resources[collection] ??= []).push(id);
  }

  resourceIds(collection: string): readonly string[] {
    return this.state.resources[collection] ?? [];
  }

  /** When the run started, set by the first caller. */
  startedAtOr(now: number): number {
    return (this.state.startedAt ??= now);
  }

  get snapshot(): ResourceSnapshot | undefined {
    return this.state.snapshot;
  }

  set snapshot(snapshot: ResourceSnapshot | undefined) {
    this.state.snapshot = snapshot;
  }

  /** Written whole, then renamed: a worker that dies mid-write leaves the previous state, not half of one. */
  save(): void {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify(this.state));
    renameSync(`${this.file}.tmp`, this.file);
  }

  /** A run starts with no journal, whatever an earlier run with the same id left. */
  static discard(file: string | undefined): void {
    if (file) rmSync(file, { force: true });
  }
}
