import { sentWithCreatedKey } from '../model/case';
import { checkOfIdentity } from '../model/identity';
import type { Violation } from '../model/outcome';
import type { Exchange, HttpRequest } from '../model/exchange';

/** How much of a value a console line shows; the HTML report has it whole (bodies up to REPORT_BODY_CHARS). */
const CONSOLE_VALUE_CHARS = 160;
export const REPORT_BODY_CHARS = 4000;

export const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * A body as people read it: compact JSON indented, when indenting changes nothing else (no duplicate
 * key, no number that JSON.parse rounds); anything else exactly as it came, since it is the evidence.
 */
export function readableBody(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    return JSON.stringify(value) === body ? JSON.stringify(value, null, 2) : body;
  } catch {
    return body;
  }
}

/** A request as sent (already redacted): method and URL, headers, then the body. */
export function requestText(request: HttpRequest): string {
  const lines = [`${request.method} ${request.url}`, ...Object.entries(request.headers).map(([k, val]) => `${k}: ${val}`)];
  if (request.body !== undefined) lines.push('', clip(readableBody(request.body), REPORT_BODY_CHARS));
  return lines.join('\n');
}

/** The answer (already redacted): status, headers, then the body; or why there was none. */
export function responseText(exchange: Pick<Exchange, 'response' | 'failure'>): string {
  const { response, failure } = exchange;
  if (!response) return `no response: ${failure?.kind}: ${failure?.message}`;
  const lines = [String(response.status), ...Object.entries(response.headers).map(([k, val]) => `${k}: ${val}`), ''];
  lines.push(response.body ? clip(readableBody(response.body), REPORT_BODY_CHARS) : '(empty body)');
  return lines.join('\n');
}

const indented = (text: string) => text.split('\n').map((line) => (line ? `  ${line}` : line));

/** What a pasted curl line sends in place of the run's credential: the shell's $OMI_API_TOKEN on a live target, any token on the mock. */
export type CredentialStandIn = 'env' | 'env-other' | 'mock' | undefined;

/**
 * A curl line that sends the same bytes. The credential is already [Filtered] by the redactor; where
 * the case sent the run's own credential, the line sends `$OMI_API_TOKEN` (the mock takes any token),
 * so that pasted it reproduces instead of getting a 401. Other filtered values stay filtered.
 */
export function curlLine(request: HttpRequest, credential?: CredentialStandIn): string {
  const parts = ['curl', '-i', '-X', request.method, shellQuote(request.url)];
  for (const [name, value] of Object.entries(request.headers)) {
    const scheme = name.toLowerCase() === 'authorization' && credential ? /^(\S+) \[Filtered\]$/.exec(value)?.[1] : undefined;
    if (scheme && credential === 'env') parts.push('-H', `"${name}: ${scheme} $OMI_API_TOKEN"`);
    else if (scheme && credential === 'env-other') parts.push('-H', `"${name}: ${scheme} $OMI_API_TOKEN_OTHER"`);
    else if (scheme) parts.push('-H', shellQuote(`${name}: ${scheme} any-token-the-mock-accepts`));
    else parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push('--data-binary', shellQuote(request.body));
  return parts.join(' ');
}

/** The curl line of a violation's request, with the run's credential left to the shell (or the mock's any-token). */
export function curlOf(v: Violation): string {
  // A key the run created is not the run's credential: its stand-in would replay something else.
  const own = v.testCase.auth.kind === 'credential' && !sentWithCreatedKey(v.testCase);
  return curlLine(v.exchange.request, own ? (v.targetEnv ? (v.testCase.account === 'other' ? 'env-other' : 'env') : 'mock') : undefined);
}

export function replayCommand(v: Violation): string {
  const target = v.targetEnv ? `${v.targetEnv} ` : '';
  // A saved case replays from its file: its index among the saved cases changes as files are added.
  if (v.testCase.source) return `${target}npm run replay -- ${shellQuote(v.testCase.source)}`;
  const more = v.replayEnv ? `${v.replayEnv.split('=')[0]}=${shellQuote(v.replayEnv.slice(v.replayEnv.indexOf('=') + 1))} ` : '';
  return `${target}OMI_FUZZ_SEED=${v.seed} OMI_FUZZ_PATH=${shellQuote(v.replayPath)} ${more}npx playwright test`;
}

export const heading = (v: Violation) => `${v.check} · ${v.operationId} · ${v.phase}${v.allowance ? ` · allowed (${v.allowance.id})` : ''}${v.known ? ' · known discrepancy' : ''}`;

/** The short block the console shows for one violation. */
export function consoleBlock(v: Violation): string {
  return [
    `✗ ${heading(v)}`,
    `  ${v.message}${v.location ? ` [${v.location}]` : ''}`,
    `  Received: ${clip(v.received, CONSOLE_VALUE_CHARS)}`,
    `  Documented: ${clip(v.documented, CONSOLE_VALUE_CHARS)}`,
    `  Case: ${clip(v.caseLabel, CONSOLE_VALUE_CHARS)}`,
    ...(v.steps ? [`  Steps: ${v.steps.map((s) => clip(s, CONSOLE_VALUE_CHARS)).join(' → ')}`] : []),
    `  Replay: ${replayCommand(v)}`,
  ].join('\n');
}

/** The full block attached to the failing test: why, the exchange, and how to reproduce it. */
export function reportBlock(v: Violation): string {
  const lines = [
    `✗ ${heading(v)}`,
    '',
    `${v.message}${v.location ? ` [${v.location}]` : ''}`,
    `Why this is checked: ${v.reason}`,
    ...(v.allowance ? [`Allowed on this target: ${v.allowance.reason}`] : []),
    ...(v.known ? [`Known discrepancy, accepted because: ${v.known.reason}`] : []),
    `Received: ${v.received}`,
    `Documented: ${v.documented}`,
    `Case: ${v.caseLabel}${v.shrunk ? ' (shrunk)' : ''}`,
    ...(v.steps ? ['Steps that led to it:', ...v.steps.map((s, i) => `  ${i + 1}. ${s}`)] : []),
    '',
    'Request:',
    ...indented(requestText(v.exchange.request)),
    '',
    'Response:',
    ...indented(responseText(v.exchange)),
    '',
    `Replay: ${replayCommand(v)}`,
    `curl: ${curlOf(v)}`,
  ];
  return lines.join('\n');
}

/**
 * A failed test's message: a first line naming every finding (what JUnit shows as the failure's
 * message, its check as the type when there is one), then the blocks.
 */
export function failureMessageOf(violations: Violation[], repeated: readonly string[] = []): string {
  const checks = [...new Set([...violations.map((v) => v.check), ...repeated.map(checkOfIdentity)])];
  const named = [...violations.map((v) => `${v.check} on ${v.operationId} (${v.status ?? 'no response'})`), ...repeated.map((id) => `${checkOfIdentity(id)} on ${id.split(' | ')[0]} (seen again)`)];
  return `${checks.length === 1 ? checks[0] : 'violations'}: ${named.join('; ')}\n\n${consoleSummaryOf(violations, repeated)}`;
}

export function consoleSummaryOf(violations: Violation[], repeated: readonly string[] = []): string {
  // An identity as people read it: operation · check · status, and where when there is a where.
  const readable = (identity: string) => identity.split(' | ').filter(Boolean).join(' · ');
  const again = repeated.map((identity) => `✗ seen again here (first reported, with its evidence, by an earlier test): ${readable(identity)}`);
  return [...violations.map((v) => consoleBlock(v)), ...(again.length > 0 ? [again.join('\n')] : [])].join('\n\n');
}
