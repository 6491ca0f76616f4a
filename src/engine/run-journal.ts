import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

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
  /** Valid creates sent (counted when sent, so concurrent requests cannot overshoot the key budget). */
  createsSent: number;
}

export const secretDigest = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class RunJournal {
  private readonly state: JournalState;
  private readonly reported: Set<string>;

  /** `file` undefined keeps the journal in memory (one process, as in the project's own tests). */
  constructor(private readonly file: string | undefined) {
    const empty: JournalState = { reported: [], keyIds: [], secretDigests: [], keysCreated: 0, createsSent: 0 };
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

  /** Takes one create from the budget; false when it is spent. */
  takeCreate(budget: number): boolean {
    if (this.state.createsSent >= budget) return false;
    this.state.createsSent++;
    return true;
  }

  recordKey(id: string, secret: string): void {
    this.state.keyIds.push(id);
    if (secret) this.state.secretDigests.push(secretDigest(secret));
    this.state.keysCreated++;
  }

  save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.state));
  }
}
