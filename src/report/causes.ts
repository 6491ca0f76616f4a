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

/** A schema pointer as the property it judged: `#/components/schemas/ApiKey/properties/created_at/format` is `created_at format`. */
export function propertyOf(location: string): string {
  if (!location.startsWith('#/')) return location;
  const parts = location.slice(2).split('/');
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) if (parts[i] === 'properties') names.push(parts[i + 1]);
  const keyword = parts.at(-1) ?? '';
  return names.length > 0 ? `${names.join('.')} ${parts.at(-2) === 'properties' ? '' : keyword}`.trim() : parts.slice(-2).join('/');
}

/** The kind of case a violation came from: its label for a fixed case, its phase for a random one. */
const caseKind = (v: Violation) => (RANDOM_PHASES.test(v.phase) ? `${v.phase.replace(/#\d+$/, '')} cases` : v.caseLabel);

function keyOf(v: Violation): { key: string; what: string } {
  if (STATUS_CHECKS.has(v.check)) {
    const got = v.status === undefined ? 'no answer' : String(v.status);
    return { key: `status|${got}|${caseKind(v)}`, what: `answered ${got} to "${caseKind(v)}"` };
  }
  if (SHAPE_CHECKS.has(v.check)) {
    const property = propertyOf(v.location) || '(the body)';
    return { key: `shape|${v.check}|${property}`, what: `${v.check === 'content_type_conformance' ? 'Content-Type' : 'body'}: ${property}: ${v.message}` };
  }
  return { key: `state|${v.check}|${v.location}`, what: `${v.check}: ${v.message}${v.location ? ` (${v.location})` : ''}` };
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
      causes.set(key, { what, checks: [v.check], operations: [v.operationId], seenAt: [at], received: v.received, documented: v.documented, replay: replayCommand(v), identities: [v.identity] });
      continue;
    }
    if (!cause.checks.includes(v.check)) cause.checks.push(v.check);
    if (!cause.operations.includes(v.operationId)) cause.operations.push(v.operationId);
    if (!cause.seenAt.includes(at)) cause.seenAt.push(at);
    cause.identities.push(v.identity);
  }
  return [...causes.values()];
}

/** A cause in a few lines for the console: what, where, what came and what is documented, how to replay it. */
export function causeLines(cause: Cause, n: number): string[] {
  const ops = cause.operations.length === 1 ? cause.operations[0] : `${cause.operations.length} operations: ${cause.operations.join(', ')}`;
  const steps = cause.seenAt.length > SEEN_AT_SHOWN ? `${cause.seenAt.slice(0, SEEN_AT_SHOWN).join(', ')} and ${cause.seenAt.length - SEEN_AT_SHOWN} more` : cause.seenAt.join(', ');
  return [
    `  ${n}. ${cause.what} [${cause.checks.join(', ')}]`,
    `     on ${ops}`,
    `     received ${cause.received.slice(0, 100)}; documented ${cause.documented.slice(0, 100)}`,
    `     seen at ${steps}`,
    `     ${cause.replay}`,
  ];
}
