import type { CreatedKey, SecretLedgerView } from '../../model/secrets';
import type { Redactor } from '../redact';
import { secretDigest, type RunJournal } from './run-journal';

/** Words that could be a key secret: long runs of the characters tokens are made of. */
const TOKEN_LIKE = /[A-Za-z0-9_\-.~+/=]{16,}/g;

/**
 * The credential resource's own part of the run's state: every key it received in a success, with
 * its secret. Secrets are handed to the redactor the moment they are seen, before anything is judged
 * or reported. What the key is as a resource (that the run made it, that it deletes it at the end)
 * is the resource ledger's, like every other resource's.
 */
export class SecretLedger implements SecretLedgerView {
  readonly keys: CreatedKey[] = [];
  private readonly secretCounts = new Map<string, number>();
  /** Secrets an earlier worker of this run was given, as digests. */
  private readonly priorDigests: Set<string>;

  /** `collection`: the credential resource's, whose ids the journal counts across workers. */
  constructor(private readonly redactor: Redactor, private readonly journal: RunJournal, private readonly collection: string) {
    this.priorDigests = new Set(journal.priorSecretDigests);
  }

  record(body: unknown, sequence: number, secretProperty: string): CreatedKey | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    const { [secretProperty]: secret, ...shown } = body as Record<string, unknown>;
    if (typeof secret === 'string') this.redactor.add(secret);
    if (typeof shown.id !== 'string' && typeof shown.id !== 'number') return undefined;
    const key: CreatedKey = { id: String(shown.id), secret: typeof secret === 'string' ? secret : '', shown, sequence };
    this.keys.push(key);
    if (key.secret) {
      this.secretCounts.set(key.secret, (this.secretCounts.get(key.secret) ?? 0) + 1);
      this.journal.recordSecret(key.secret);
    }
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
    return this.journal.timesCreated(this.collection, id);
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
    return this.idCount(id) > 0;
  }
}
