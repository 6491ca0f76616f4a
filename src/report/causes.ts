import type { Violation } from '../model/outcome';
import { replayCommand } from './violation';

/**
 * Violations that share a root cause, across operations: the same wrong status for the same kind of
 * case, the same wrong property wherever its schema sits (a created resource and the same resource
 * listed), or the same state rule broken the same way. What a blocked engineer reads first.
 */
export interface Cause {
  /** One line: what is wrong, as the checks saw it. */
  what: string;
  checks: string[];
  /** Where it was seen: each operation once, in the order first seen. */
  operations: string[];
  /** The phases and steps it was seen in (`createMemory/positive:12`), the first few. */
  seenAt: string[];
  received: string;
  documented: string;
  /** The case of its first violation, as its label says it: what was sent. */
  example: string;
  /** The command that replays its first violation. */
  replay: string;
  /** Its violations' identities: what links a cause to its evidence. */
  identities: string[];
}

/** Checks about the status a case got: one cause is one status for one kind of case, whichever check saw it. */
const STATUS_CHECKS = new Set(['not_a_server_error', 'status_code_conformance', 'positive_data_acceptance', 'negative_data_rejection', 'auth_required', 'unknown_token_rejected', 'foreign_credential_refused', 'target_responds']);
/** Checks about a body's shape: one cause is one wrong property, wherever its schema sits. */
const SHAPE_CHECKS = new Set(['response_schema_conformance', 'content_type_conformance']);
/** Phases whose cases are drawn at random: their labels differ case by case, the kind is the phase. */
const RANDOM_PHASES = /^(positive|negative)(#\d+)?$/;
/** How many places a cause names before it counts the rest. */
const SEEN_AT_SHOWN = 5;

/**
 * A schema pointer as the property it judged, wherever its schema sits:
 * `#/components/schemas/ApiKey/properties/created_at/format` and the same property of an inline
 * schema are both `created_at format`; a missing required property is named by the message. Undefined
 * for a keyword on a whole body (no property path), which is its operation's own.
 */
export function propertyOf(location: string, message = ''): string | undefined {
  if (!location.startsWith('#/')) return location || undefined;
  const parts = location.slice(2).split('/');
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) if (parts[i] === 'properties') names.push(parts[i + 1]);
  const keyword = parts.at(-1) ?? '';
  const missing = keyword === 'required' ? /required property '([^']+)'/.exec(message)?.[1] : undefined;
  if (missing) names.push(missing);
  if (names.length === 0) return undefined;
  return `${names.join('.')} ${parts.at(-2) === 'properties' && keyword !== 'required' ? '' : keyword}`.trim();
}

/** Fixed cases whose meaning is the same on every operation: a missing credential, a malformed body. */
const SAME_EVERYWHERE = new Set(['auth', 'transport']);

/** The kind of case a violation came from: its label for a fixed case, its phase (and field) for a random one. */
function caseKind(v: Violation): string {
  const kind = RANDOM_PHASES.test(v.phase) ? `${v.phase.replace(/#\d+$/, '')} cases${v.location ? ` at ${v.location}` : ''}` : v.caseLabel;
  // Anything but a credential or a transport case means what it means on its own operation.
  return SAME_EVERYWHERE.has(v.phase) ? kind : `${kind}, on ${v.operationId}`;
}

function keyOf(v: Violation): { key: string; what: string } {
  // A refusal with the right status and a body that breaks its schema is about the body, not the status.
  const aboutBody = v.location.endsWith('(body)');
  if (STATUS_CHECKS.has(v.check) && !aboutBody) {
    const got = v.status === undefined ? 'no answer' : String(v.status);
    return { key: `status|${got}|${caseKind(v)}`, what: `answered ${got} to "${caseKind(v)}"` };
  }
  if (SHAPE_CHECKS.has(v.check) || aboutBody) {
    const property = propertyOf(v.location.replace(/ \(body\)$/, ''), v.message);
    const where = property ?? `the body of ${v.operationId}`;
    return { key: `shape|${v.check}|${where}`, what: `${v.check === 'content_type_conformance' ? 'Content-Type' : 'body'}: ${where}: ${v.message}` };
  }
  // A state rule on one operation, whichever field showed it: the write that did it, as the finding is filed.
  return { key: `state|${v.check}|${v.operationId}|${v.status ?? 'none'}`, what: `${v.check} on ${v.operationId}: ${v.message}` };
}

/** The run's new violations by root cause, in the order each cause was first seen. */
export function groupCauses(violations: readonly Violation[]): Cause[] {
  const causes = new Map<string, Cause>();
  for (const v of violations) {
    if (v.known || v.allowance) continue;
    const { key, what } = keyOf(v);
    const at = `${v.replayPath}`;
    const cause = causes.get(key);
    if (!cause) {
      causes.set(key, { what, checks: [v.check], operations: [v.operationId], seenAt: [at], received: v.received, documented: v.documented, example: v.caseLabel, replay: replayCommand(v), identities: [v.identity] });
      continue;
    }
    if (!cause.checks.includes(v.check)) cause.checks.push(v.check);
    if (!cause.operations.includes(v.operationId)) cause.operations.push(v.operationId);
    if (!cause.seenAt.includes(at)) cause.seenAt.push(at);
    cause.identities.push(v.identity);
  }
  return [...causes.values()];
}

/** A value cut for one line, saying so. */
const clip = (text: string, max = 100) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** A cause in a few lines for the console: what, where, what came and what is documented, how to replay it. */
export function causeLines(cause: Cause, n: number): string[] {
  const ops = cause.operations.length === 1 ? cause.operations[0] : `${cause.operations.length} operations: ${cause.operations.join(', ')}`;
  const steps = cause.seenAt.length > SEEN_AT_SHOWN ? `${cause.seenAt.slice(0, SEEN_AT_SHOWN).join(', ')} and ${cause.seenAt.length - SEEN_AT_SHOWN} more` : cause.seenAt.join(', ');
  return [
    `  ${n}. ${cause.what} [${cause.checks.join(', ')}]`,
    `     on ${ops}`,
    `     received ${clip(cause.received)}; documented ${clip(cause.documented)}`,
    `     first case: ${clip(cause.example)}`,
    `     seen at ${steps}`,
    `     replay: ${cause.replay}`,
  ];
}
