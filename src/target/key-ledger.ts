import type { Redactor } from '../report/redact';

export interface CreatedKey {
  id: string;
  secret: string;
  keyPrefix: string;
  /** Which request of the run created it (1-based). */
  sequence: number;
  revoked: boolean;
}

/**
 * Every key the run received in a 200, in order. Secrets are handed to the redactor the moment they
 * are seen, before anything is judged or reported, and every key is revoked at the end.
 */
export class KeyLedger {
  readonly keys: CreatedKey[] = [];
  /** Ids listed before the run created anything: not the run's to judge or revoke. */
  preexisting = new Set<string>();

  constructor(private readonly redactor: Redactor) {}

  record(body: unknown, sequence: number, secretProperty: string): CreatedKey | undefined {
    if (typeof body !== 'object' || body === null) return undefined;
    const fields = body as Record<string, unknown>;
    const secret = fields[secretProperty];
    if (typeof secret === 'string') this.redactor.add(secret);
    if (typeof fields.id !== 'string' && typeof fields.id !== 'number') return undefined;
    const key: CreatedKey = { id: String(fields.id), secret: typeof secret === 'string' ? secret : '', keyPrefix: String(fields.key_prefix ?? ''), sequence, revoked: false };
    this.keys.push(key);
    return key;
  }

  get secrets(): string[] {
    return this.keys.map((k) => k.secret).filter(Boolean);
  }

  count(predicate: (k: CreatedKey) => boolean): number {
    return this.keys.filter(predicate).length;
  }

  unrevoked(): CreatedKey[] {
    const seen = new Set<string>();
    return this.keys.filter((k) => !k.revoked && !seen.has(k.id) && seen.add(k.id));
  }

  markRevoked(id: string): void {
    for (const k of this.keys) if (k.id === id) k.revoked = true;
  }
}
