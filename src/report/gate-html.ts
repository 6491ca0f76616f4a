import { createHash } from 'node:crypto';
import type { OperationCoverage } from '../model/coverage';
import type { Violation } from '../model/outcome';
import type { RunSummary } from './summary';
import { curlOf, replayCommand, requestText, responseText } from './violation';

/** An operation as the coverage matrix lists it: what the contract documents of it. */
export interface DocumentedOperation {
  id: string;
  method: string;
  path: string;
  /** Its documented response statuses (`200`, `4XX`, `default`). */
  statuses: string[];
  /** Its inputs, named as coverage names them: `query:limit`, `path:memory_id`, `/content`. */
  inputs: string[];
}

export interface GateReportInput {
  summary: RunSummary;
  /** The run's distinct violations, new and known, with their (redacted) evidence. */
  violations: Violation[];
  /** Where the cases went, for people: `Prism mock of openapi.json` or the live URL. */
  target: string;
  contract: { file: string; title: string; version: string };
  operations: DocumentedOperation[];
  /** Whether every declared phase ran to its end (a shard, a replay or a selection is partial). */
  complete: boolean;
  /** The command that reruns this run (seed and target). */
  rerun: string;
  generatedAt: string;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const code = (text: string) => `<pre>${escapeHtml(text)}</pre>`;

/** The anchor of a violation's evidence, what a cause links to: a digest of its identity, so two never meet. */
const anchorOf = (identity: string) => `v-${createHash('sha256').update(identity).digest('hex').slice(0, 16)}`;

function violationHtml(v: Violation): string {
  return `<article class="violation" id="${escapeHtml(anchorOf(v.identity))}">
<p class="message">${escapeHtml(v.message)}${v.location ? ` <code>${escapeHtml(v.location)}</code>` : ''}</p>
<table class="versus"><tr><th>Received</th><td>${escapeHtml(v.received)}</td></tr><tr><th>Documented</th><td>${escapeHtml(v.documented)}</td></tr>
<tr><th>Case</th><td>${escapeHtml(v.caseLabel)}${v.shrunk ? ' <span class="tag">shrunk</span>' : ''} · phase ${escapeHtml(v.phase)} · received ${v.status ?? 'no response'}</td></tr></table>
${v.steps ? `<ol class="steps">${v.steps.map((step) => `<li>${escapeHtml(step)}</li>`).join('')}</ol>` : ''}
${v.known ? `<p class="known">Known discrepancy, accepted because: ${escapeHtml(v.known.reason)}</p>` : ''}
<div class="exchange"><div><h5>Request</h5>${code(requestText(v.exchange.request))}</div><div><h5>Response</h5>${code(responseText(v.exchange))}</div></div>
<h5>Replay</h5>${code(replayCommand(v))}
<h5>curl</h5>${code(curlOf(v))}
</article>`;
}

/** Violations by operation, then check, in the order first seen: one section per pair. */
function byOperationAndCheck(violations: readonly Violation[]): Violation[][] {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.operationId} ${v.check}`;
    groups.set(key, [...(groups.get(key) ?? []), v]);
  }
  return [...groups.values()];
}

function findingsHtml(title: string, violations: readonly Violation[], id: string, filtered = false): string {
  if (violations.length === 0) return '';
  const sections = byOperationAndCheck(violations).map((group) => {
    const [first] = group;
    return `<section class="finding"${filtered ? ' data-fresh' : ''} data-check="${escapeHtml(first.check)}" data-operation="${escapeHtml(first.operationId)}"><h3>${escapeHtml(first.operationId)} · <span class="check">${escapeHtml(first.check)}</span> <small>(${group.length})</small></h3>
<p class="why">Why this is checked: ${escapeHtml(first.reason)}</p>
${group.map(violationHtml).join('\n')}</section>`;
  });
  return `<h2 id="${id}">${escapeHtml(title)} (${violations.length})</h2>\n${sections.join('\n')}`;
}

/** Whether a received status is one the contract documents (exactly, by range such as `4XX`, or by `default`). */
export function documents(statuses: readonly string[], received: string): boolean {
  return statuses.includes(received) || statuses.includes(`${received[0]}XX`) || statuses.includes('default');
}

function coverageRow(op: DocumentedOperation, coverage: OperationCoverage | undefined, phases: string[]): string {
  const seen = Object.entries(coverage?.statuses ?? {});
  const seenCodes = seen.map(([status]) => status);
  const neverSeen = op.statuses.filter((s) => !seenCodes.some((c) => c === s || (s.endsWith('XX') && c[0] === s[0])) && s !== 'default');
  const statusCell = seen.map(([status, count]) => `<span class="${status !== 'no-response' && documents(op.statuses, status) ? 'ok' : 'bad'}">${status}×${count}</span>`).join(' ') || '—';
  const valid = coverage?.valid ?? [];
  const broken = coverage?.broken ?? [];
  const untouched = op.inputs.filter((input) => !valid.includes(input) && !broken.includes(input));
  const list = (items: string[]) => (items.length > 0 ? items.map((i) => `<code>${escapeHtml(i)}</code>`).join(' ') : '—');
  return `<tr><th>${escapeHtml(op.id)}<br><small>${escapeHtml(`${op.method} ${op.path}`)}</small></th><td>${list(phases)}</td><td>${statusCell}</td><td>${list(neverSeen)}</td><td>${list(valid)}</td><td>${list(broken)}</td><td>${list(untouched)}</td></tr>`;
}

function coverageHtml(input: GateReportInput): string {
  const rows = input.operations.map((op) => {
    const phases = input.summary.phases.filter((p) => p.operationId === op.id || op.id in p.coverage).map((p) => (p.operationId === op.id ? p.phase : p.key));
    return coverageRow(op, input.summary.coverage[op.id], [...new Set(phases)]);
  });
  return `<h2 id="coverage">Coverage</h2>
<p>For every operation: the phases that sent to it, each status received (green: documented; red: not documented, or no response), the documented statuses never received, and its inputs sent valid, broken, or never.</p>
<table class="matrix"><thead><tr><th>operation</th><th>phases</th><th>statuses received</th><th>documented, never received</th><th>inputs sent valid</th><th>inputs broken</th><th>inputs never sent</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function notApplicableHtml(summary: RunSummary): string {
  const byReason = new Map<string, string[]>();
  for (const n of summary.notChecked) byReason.set(n.reason, [...(byReason.get(n.reason) ?? []), n.check]);
  const idle = Object.entries(summary.checks).filter(([name, t]) => t.judged === 0 && !summary.notChecked.some((n) => n.check === name)).map(([name]) => name);
  const items = [
    ...[...byReason].map(([reason, checks]) => `<li><code>${checks.map(escapeHtml).join('</code> <code>')}</code>: not checked against this target (${escapeHtml(reason)})</li>`),
    ...(idle.length > 0 ? [`<li><code>${idle.map(escapeHtml).join('</code> <code>')}</code>: judged nothing in this run (no case gave them anything to judge)</li>`] : []),
  ];
  if (items.length === 0) return '';
  return `<h2 id="not-applicable">Checks that did not apply</h2><ul>${items.join('\n')}</ul>`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:1200px;padding:0 1rem;color:#1b1b1b}
h1.pass{color:#176b2c}h1.fail{color:#a4161a}h2{border-bottom:1px solid #ccc;margin-top:2rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
.finding{border:1px solid #e0b4b4;border-radius:6px;padding:.2rem 1rem;margin:1rem 0;background:#fffafa}
.violation{border-top:1px dashed #ddd;padding:.5rem 0}.why{color:#555}.check{font-family:monospace}
pre{background:#f5f5f5;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:.2rem 0}
.exchange{display:grid;grid-template-columns:1fr 1fr;gap:1rem}h5{margin:.5rem 0 0}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}
.matrix{font-size:12px}.ok{color:#176b2c}.bad{color:#a4161a;font-weight:600}.tag{background:#eee;border-radius:3px;padding:0 .3rem}
.versus th{width:8rem}`;

/** The gate's own report: one static page, readable offline, the verdict first and the evidence inline. */
export function renderGateReport(input: GateReportInput): string {
  const { summary } = input;
  const fresh = input.violations.filter((v) => !v.known && !v.allowance);
  const known = input.violations.filter((v) => v.known);
  const failed = fresh.length > 0 || summary.phases.some((p) => p.aborted);
  const verdict = failed ? `Gate failed: ${summary.causes.length} cause(s), ${fresh.length} violation(s)` : 'Gate passed: no violation';
  const facts: [string, string][] = [
    ['Target', input.target],
    ['Seed', String(summary.seed ?? '—')],
    ['Contract', `${input.contract.title} ${input.contract.version} (${input.contract.file})`],
    ['Run', input.complete ? 'complete: every phase ran' : 'partial (a shard, a replay, a selection of checks, or a phase cut short)'],
    ['Requests', String(summary.requests)],
    ['Violations', `${summary.violations} distinct, ${summary.causes.length} cause(s)`],
    ['Known discrepancies', String(summary.known)],
    ["Allowed by the target's known departures", String(summary.allowed)],
    ['Rerun', input.rerun],
    ['Written', input.generatedAt],
  ];
  const stopped = summary.phases.filter((p) => p.aborted).map((p) => `<li>${escapeHtml(`${p.key}: ${p.aborted}`)}</li>`);
  const notJudged = summary.phases.flatMap((p) => (p.notJudged ?? []).map((step) => `<li>${escapeHtml(`${p.key}: ${step}`)}</li>`));
  // Each cause with the operations it was seen on, linking to the evidence of each of its violations.
  const causeList = summary.causes.map((c) => `<li><b>${escapeHtml(c.what)}</b> ${c.checks.map((k) => `<code>${escapeHtml(k)}</code>`).join(' ')}<br>on ${c.operations.length} operation(s): ${c.operations.map(escapeHtml).join(', ')}<br><small>received ${escapeHtml(c.received.slice(0, 200))}; documented ${escapeHtml(c.documented.slice(0, 200))}</small><br><small>evidence: ${c.identities.slice(0, 20).map((id, i) => `<a href="#${escapeHtml(anchorOf(id))}">${i + 1}</a>`).join(' ')}${c.identities.length > 20 ? ` and ${c.identities.length - 20} more` : ''}</small></li>`);
  const checks = [...new Set(fresh.map((v) => v.check))].sort();
  const operations = [...new Set(fresh.map((v) => v.operationId))].sort();
  const option = (value: string) => `<option>${escapeHtml(value)}</option>`;
  const filter = fresh.length === 0 ? '' : `<p class="filter">Show violations of <select id="by-check"><option value="">every check</option>${checks.map(option).join('')}</select> on <select id="by-operation"><option value="">every operation</option>${operations.map(option).join('')}</select></p>
<script>for(const id of ['by-check','by-operation'])document.getElementById(id).onchange=()=>{const c=document.getElementById('by-check').value,o=document.getElementById('by-operation').value;for(const s of document.querySelectorAll('.finding[data-fresh]'))s.hidden=(c&&s.dataset.check!==c)||(o&&s.dataset.operation!==o);};</script>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(verdict)} · Omi contract gate</title><style>${STYLE}</style></head>
<body>
<h1 class="${failed ? 'fail' : 'pass'}" id="verdict">${escapeHtml(verdict)}</h1>
<dl class="facts">${facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>
${summary.refusedBeforeStart ? `<p class="bad">The credential was refused before the first case on ${escapeHtml(summary.refusedBeforeStart)}: a key with fewer scopes?</p>` : ''}
${stopped.length > 0 ? `<h2>Stopped early</h2><ul>${stopped.join('')}</ul>` : ''}
${notJudged.length > 0 ? `<h2 id="not-judged">Steps not judged</h2><p>The target interrupted them (rate-limited, unavailable or redirected), also after the waits it asked for.</p><ul>${notJudged.join('')}</ul>` : ''}
${causeList.length > 0 ? `<h2 id="causes">Causes</h2><p>Violations of one check, status and kind of case, or of one property, are one cause, whichever operations show it.</p><ol>${causeList.join('\n')}</ol>` : ''}
${filter}
${findingsHtml('Violations, by operation and check', fresh, 'violations', true)}
${findingsHtml('Known discrepancies', known, 'known')}
${summary.allowances.length > 0 ? `<h2 id="allowed">Allowed departures of this target</h2><ul>${summary.allowances.map((a) => `<li><code>${escapeHtml(a.id)}</code> (${a.count} phase(s)): ${escapeHtml(a.reason)}</li>`).join('')}</ul>` : ''}
${notApplicableHtml(summary)}
${summary.untested?.length ? `<h2 id="untested">Not tested in this run</h2><ul>${summary.untested.map((u) => `<li>${escapeHtml(u)}</li>`).join('')}</ul>` : ''}
${summary.contractNotes.length > 0 ? `<h2 id="notes">Notes for spec maintainers</h2><p>Where the contract is silent or speaks only in words; not violations.</p><ul>${summary.contractNotes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>` : ''}
${coverageHtml(input)}
</body></html>
`;
}
