import type { Violation } from '../model/outcome';
import type { HttpRequest } from '../model/exchange';

/** How much of a value a console line shows; the HTML report has it whole (bodies up to REPORT_BODY_CHARS). */
const CONSOLE_VALUE_CHARS = 160;
const REPORT_BODY_CHARS = 4000;

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters)` : text);
const shellQuote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/** What a pasted curl line sends in place of the run's credential: the shell's $OMI_API_TOKEN on a live target, any token on the mock. */
export type CredentialStandIn = 'env' | 'mock' | undefined;

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
    else if (scheme) parts.push('-H', shellQuote(`${name}: ${scheme} any-token-the-mock-accepts`));
    else parts.push('-H', shellQuote(`${name}: ${value}`));
  }
  if (request.body !== undefined) parts.push('--data-binary', shellQuote(request.body));
  return parts.join(' ');
}

export function replayCommand(v: Violation): string {
  const target = v.targetEnv ? `${v.targetEnv} ` : '';
  // A saved case replays from its file: its index among the saved cases changes as files are added.
  if (v.testCase.source) return `${target}npm run replay -- ${shellQuote(v.testCase.source)}`;
  // A lifecycle step depends on the key its run created: only the whole run reproduces it.
  if (v.phase === 'lifecycle') return `not replayable on its own (a lifecycle step); rerun the run: ${target}OMI_FUZZ_SEED=${v.seed} npx playwright test`;
  const more = v.replayEnv ? `${v.replayEnv.split('=')[0]}=${shellQuote(v.replayEnv.slice(v.replayEnv.indexOf('=') + 1))} ` : '';
  return `${target}OMI_FUZZ_SEED=${v.seed} OMI_FUZZ_PATH=${shellQuote(v.replayPath)} ${more}npx playwright test`;
}

const heading = (v: Violation) => `${v.check} · ${v.operationId} · ${v.phase}${v.allowance ? ` · allowed (${v.allowance.id})` : ''}${v.known ? ' · known discrepancy' : ''}`;

/** The short block the console shows for one violation. */
export function consoleBlock(v: Violation): string {
  return [
    `✗ ${heading(v)}`,
    `  ${v.message}${v.location ? ` [${v.location}]` : ''}`,
    `  Received: ${clip(v.received, CONSOLE_VALUE_CHARS)}`,
    `  Documented: ${clip(v.documented, CONSOLE_VALUE_CHARS)}`,
    `  Case: ${clip(v.caseLabel, CONSOLE_VALUE_CHARS)}`,
    `  Replay: ${replayCommand(v)}`,
  ].join('\n');
}

/** The full block attached to the failing test: why, the exchange, and how to reproduce it. */
export function reportBlock(v: Violation): string {
  const { request, response, failure } = v.exchange;
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
    '',
    'Request:',
    `  ${request.method} ${request.url}`,
    ...Object.entries(request.headers).map(([k, val]) => `  ${k}: ${val}`),
    ...(request.body !== undefined ? ['', `  ${request.body}`] : []),
    '',
    'Response:',
    ...(response
      ? [`  ${response.status}`, ...Object.entries(response.headers).map(([k, val]) => `  ${k}: ${val}`), '', `  ${clip(response.body, REPORT_BODY_CHARS) || '(empty body)'}`]
      : [`  no response: ${failure?.kind}: ${failure?.message}`]),
    '',
    `Replay: ${replayCommand(v)}`,
    `curl: ${curlLine(request, v.testCase.auth.kind === 'credential' && v.testCase.step?.name !== 'use-revoked-key' ? (v.targetEnv ? 'env' : 'mock') : undefined)}`,
  ];
  return lines.join('\n');
}

/**
 * A failed test's message: a first line naming every finding (what JUnit shows as the failure's
 * message, its check as the type when there is one), then the blocks.
 */
export function failureMessageOf(violations: Violation[], repeated: readonly string[] = []): string {
  const checks = [...new Set([...violations.map((v) => v.check), ...repeated.map((id) => id.split(' | ')[1])])];
  const named = [...violations.map((v) => `${v.check} on ${v.operationId} (${v.status ?? 'no response'})`), ...repeated.map((id) => `${id.split(' | ')[1]} on ${id.split(' | ')[0]} (seen again)`)];
  return `${checks.length === 1 ? checks[0] : 'violations'}: ${named.join('; ')}\n\n${consoleSummaryOf(violations, repeated)}`;
}

export function consoleSummaryOf(violations: Violation[], repeated: readonly string[] = []): string {
  const again = repeated.map((identity) => `✗ seen again here (first reported, with its evidence, by an earlier test): ${identity}`);
  return [...violations.map((v) => consoleBlock(v)), ...(again.length > 0 ? [again.join('\n')] : [])].join('\n\n');
}
