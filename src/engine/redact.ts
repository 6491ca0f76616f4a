import { MIN_SECRET_LENGTH } from '../model/secrets';

export const FILTERED = '[Filtered]';


export const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The one place secrets are removed. Everything that leaves the process (console, attachments,
 * reports) passes through `redact`; secrets are registered the moment the run sees them, and
 * patterns catch what looks like a secret even if the run never saw it issued.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private readonly patterns: RegExp[] = [];
  private exactPattern: RegExp | undefined;
  private stale = false;

  add(secret: string | undefined): void {
    // A "secret" of a few characters (a mock's random word) would blank every report where it stands.
    if (!secret || secret.length < MIN_SECRET_LENGTH || this.secrets.has(secret)) return;
    // Every spelling it travels in: percent-encoded in a query or a cookie, and Basic's base64 of user:password.
    const spellings = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)];
    if (secret.includes(':')) spellings.push(Buffer.from(secret).toString('base64'));
    for (const spelling of spellings) this.secrets.add(spelling);
    // Built when next needed: a run learns thousands of secrets and redacts far less often.
    this.stale = true;
  }

  private get exact(): RegExp | undefined {
    if (this.stale) {
      // Longest first, so a secret that contains another is filtered whole.
      this.exactPattern = new RegExp([...this.secrets].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
      // Stryker disable next-line BooleanLiteral: staying stale only rebuilds the same expression on every call
      this.stale = false;
    }
    return this.exactPattern;
  }

  /** The known secrets that occur in `text`. */
  secretsIn(text: string): string[] {
    const exact = this.exact;
    return exact ? [...new Set(text.match(exact) ?? [])] : [];
  }

  /** A pattern for secrets the run may never see issued; global whatever it was given as, so every match goes. */
  addPattern(pattern: RegExp): void {
    // A copy, global and never sticky (a sticky pattern matches only where the last match ended).
    this.patterns.push(new RegExp(pattern.source, `${pattern.flags.replace(/[gy]/g, '')}g`));
  }

  redact(text: string): string {
    const exact = this.exact;
    let out = exact ? text.replace(exact, FILTERED) : text;
    for (const pattern of this.patterns) out = out.replace(pattern, FILTERED);
    return out;
  }

  /** Redacts every string value inside a JSON-like value, leaving its shape (and field names) intact. */
  redactValue<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.walk(v)]));
    }
    return value;
  }
}
