import type { Redactor } from '../report/redact';
import { secretDigest, type RunJournal } from './run-journal';

/** Words that could be a key secret: long runs of the characters tokens are made of. */
const TOKEN_LIKE = /[A-Za-z0-9_\-.~+/=]{16,}/g;

export interface CreatedKey {
  id: string;
  secret: string;
  keyPrefix: string;
  /** Which request of the run created it (1-based). */
  sequence: number;
  /** Made with the second account's credential: revoked with it too. */
  account?: 'other';
}

/**
 * Every key the run received in a 200, in order. Secrets are handed to the redactor the moment they
 * are seen, before anything is judged or reported, and every key is revoked at the end.
 */
export class KeyLedger {
  readonly keys: CreatedKey[] = [];
  /** Ids listed before the run created anything: not the run's to judge or revoke. */
  readonly preexisting = new Set<string>();
  /** False when the list could not be read at start: then strays cannot be told from old keys. */
  preexistingKnown = false;
  /** Keys an earlier worker of this run created (and revoked): ids, and secrets as digests. */
  private readonly idCounts = new Map<string, number>();
  private readonly secretCounts = new Map<string, number>();
  private readonly priorDigests: Set<string>;
  private readonly revokedIds = new Set<string>();

  constructor(private readonly redactor: Redactor, private readonly journal: RunJournal) {
    for (const id of journal.priorKeyIds) this.idCounts.set(id, (this.idCounts.get(id) ?? 0) + 1);
    this.priorDigests = new Set(journal.priorSecretDigests);
  }

  record(body: unknown, sequence: number, secretProperty: string, account?: 'other'): CreatedKey | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    const fields = body as Record<string, unknown>;
    const secret = fields[secretProperty];
    if (typeof secret === 'string') this.redactor.add(secret);
    if (typeof fields.id !== 'string' && typeof fields.id !== 'number') return undefined;
    const key: CreatedKey = { id: String(fields.id), secret: typeof secret === 'string' ? secret : '', keyPrefix: String(fields.key_prefix ?? ''), sequence, ...(account ? { account } : {}) };
    this.keys.push(key);
    this.idCounts.set(key.id, (this.idCounts.get(key.id) ?? 0) + 1);
    if (key.secret) this.secretCounts.set(key.secret, (this.secretCounts.get(key.secret) ?? 0) + 1);
    this.journal.recordKey(key.id, key.secret);
    return key;
  }

  /**
   * The secrets of this run's keys that occur in `text` (one pass, however many keys). Keys an earlier
   * worker created are known only by digest: any token-like word of the text that matches one counts
   * too (and is then filtered like the others).
   */
  secretsIn(text: string): string[] {
    const mine = new Set(this.keys.map((k) => k.secret));
    const found = this.redactor.secretsIn(text).filter((s) => mine.has(s));
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut; the loop below finds nothing without prior digests
    if (this.priorDigests.size > 0) {
      for (const word of new Set(Array.from(text.matchAll(TOKEN_LIKE), (m) => m[0]))) {
        if (this.priorDigests.has(secretDigest(word))) {
          this.redactor.add(word);
          found.push(word);
        }
      }
    }
    return found;
  }

  /** How many keys of the whole run (earlier workers included) have this id. */
  idCount(id: string): number {
    return this.idCounts.get(id) ?? 0;
  }

  /** How many keys of the whole run have this secret. */
  secretCount(secret: string): number {
    const own = this.secretCounts.get(secret) ?? 0;
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a shortcut (no digest computed); an empty set matches nothing
    if (this.priorDigests.size === 0) return own;
    return own + (this.priorDigests.has(secretDigest(secret)) ? 1 : 0);
  }

  /** Whether an id was issued to this run (by this worker or an earlier one). */
  issuedToRun(id: string): boolean {
    return this.idCounts.has(id);
  }

  unrevoked(): CreatedKey[] {
    const seen = new Set<string>();
    return this.keys.filter((k) => !this.revokedIds.has(k.id) && !seen.has(k.id) && seen.add(k.id));
  }

  markRevoked(id: string): void {
    this.revokedIds.add(id);
  }

  isRevoked(id: string): boolean {
    return this.revokedIds.has(id);
  }
}
