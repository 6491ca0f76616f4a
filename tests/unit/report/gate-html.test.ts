import { expect, test } from 'vitest';
import { inputsOf, recordCoverage } from '../../../src/engine/state/coverage';
import type { Coverage } from '../../../src/model/coverage';
import type { Violation } from '../../../src/model/outcome';
import { mergeCoverage } from '../../../src/model/coverage';
import { documents, renderGateReport, type GateReportInput } from '../../../src/report/gate-html';
import { summarize } from '../../../src/report/summary';
import { exchange, testCase } from '../support/exchanges';

const violation = (extra: Partial<Violation> = {}): Violation => ({
  identity: 'createMemory | status_code_conformance | 500 | /', targetKind: 'live', targetEnv: 'OMI_API_BASE_URL=http://127.0.0.1:1 OMI_API_TOKEN="$OMI_API_TOKEN"',
  check: 'status_code_conformance', reason: 'A client can only handle the statuses the contract documents.', operationId: 'createMemory', phase: 'positive', status: 500,
  message: 'An undocumented status', received: '500', documented: '200, 401, 422', location: '/', caseLabel: 'a body with <script>alert(1)</script>',
  testCase: testCase({ operationId: 'createMemory' }),
  exchange: { ...exchange({ status: 500, body: '{"detail":"boom","items":[1,2]}' }), request: { method: 'POST', url: 'http://127.0.0.1:1/v1/dev/user/memories', headers: { authorization: 'Bearer [Filtered]' }, body: '{"content":"x"}' } },
  replayPath: 'createMemory/positive:3', seed: 42, shrunk: true, firstSeenAt: 9, ...extra,
});

const phase = (operationId: string, name: string, coverage: Coverage, extra: Record<string, unknown> = {}) => ({
  key: `${operationId}/${name}`, operationId, phase: name, seed: 42, sent: 1, skipped: 0, violations: 0, known: 0, allowed: 0, allowances: [], notChecked: [], tallies: {}, coverage, ...extra,
});

function input(violations: Violation[], phases: ReturnType<typeof phase>[]): GateReportInput {
  return {
    summary: summarize(phases as never, violations),
    violations,
    target: 'live: http://127.0.0.1:1',
    contract: { file: 'openapi.json', title: 'Omi Developer API', version: '1.2.3' },
    operations: [
      { id: 'createMemory', method: 'POST', path: '/v1/dev/user/memories', statuses: ['200', '401', '422'], inputs: ['/content', '/visibility'] },
      { id: 'listMemories', method: 'GET', path: '/v1/dev/user/memories', statuses: ['200', '4XX'], inputs: ['query:limit', 'query:offset'] },
    ],
    complete: true,
    rerun: 'OMI_FUZZ_SEED=42 npx playwright test',
    generatedAt: '2026-12-02T00:00:00Z',
  };
}

test('a failed run leads with its verdict, target, seed and contract, then each finding with its evidence inline and escaped', () => {
  const html = renderGateReport(input([violation(), violation({ identity: 'other', check: 'response_schema_conformance', reason: 'Clients parse by the schema.' }), violation({ identity: 'k', check: 'auth_required', known: { reason: 'accepted for now' } })], [phase('createMemory', 'positive', {})]));
  expect(html.indexOf('Gate failed: 2 cause(s), 2 violation(s)')).toBeLessThan(html.indexOf('Omi Developer API 1.2.3 (openapi.json)'));
  for (const fact of ['live: http://127.0.0.1:1', '<dd>42</dd>', 'OMI_FUZZ_SEED=42 npx playwright test']) expect(html).toContain(fact);
  expect(html).toContain('createMemory · <span class="check">status_code_conformance</span>');
  expect(html).toContain('Why this is checked: A client can only handle the statuses the contract documents.');
  expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; <span class="tag">shrunk</span>');
  // The page's one script is its filter; nothing the target sent becomes markup.
  expect(html.match(/<script>/g)).toHaveLength(1);
  expect(html).not.toContain('<script>alert');
  // The causes open the page, each linking to its evidence; a filter by check and operation.
  expect(html.indexOf('<h2 id="causes">Causes</h2>')).toBeLessThan(html.indexOf('<h2 id="violations">'));
  const anchor = /<a href="#(v-[^"]+)">1<\/a>/.exec(html)![1];
  expect(html).toContain(`<article class="violation" id="${anchor}">`);
  expect(html).toContain('<select id="by-check"><option value="">every check</option><option>response_schema_conformance</option><option>status_code_conformance</option></select>');
  // The response body indented, the request as sent, the replay line and a curl line that works pasted.
  expect(html).toContain('{\n  &quot;detail&quot;: &quot;boom&quot;,');
  expect(html).toContain('POST http://127.0.0.1:1/v1/dev/user/memories\nauthorization: Bearer [Filtered]');
  expect(html).toContain(`OMI_FUZZ_SEED=42 OMI_FUZZ_PATH=&#39;createMemory/positive:3&#39;`);
  expect(html).toContain('authorization: Bearer $OMI_API_TOKEN');
  expect(html).toContain('<h2 id="known">Known discrepancies (1)</h2>');
  expect(html).toContain('Known discrepancy, accepted because: accepted for now');
});

test('a clean run says it passed; a phase cut short fails the verdict and is named', () => {
  expect(renderGateReport(input([], []))).toContain('<h1 class="pass" id="verdict">Gate passed: no violation</h1>');
  const stopped = renderGateReport(input([], [phase('listMemories', 'auth', {}, { aborted: 'the target stopped answering' })]));
  expect(stopped).toContain('<h1 class="fail"');
  expect(stopped).toContain('listMemories/auth: the target stopped answering');
});

test('the coverage matrix shows, per operation, its phases, statuses seen (documented or not), statuses never seen, and inputs sent valid, broken and never', () => {
  const coverage: Coverage = {};
  recordCoverage(coverage, testCase({ operationId: 'createMemory', body: { kind: 'json', value: { content: 'x' }, contentType: 'application/json' } }), exchange({ status: 200 }));
  recordCoverage(coverage, testCase({ operationId: 'createMemory', expectation: 'reject-input', field: '/visibility' }), exchange({ status: 500 }));
  recordCoverage(coverage, testCase({ operationId: 'createMemory', expectation: 'reject-auth' }), exchange(undefined, { kind: 'timeout', message: 't' }));
  const html = renderGateReport(input([], [phase('createMemory', 'positive', coverage), phase('memories', 'scenario', { listMemories: { statuses: { 404: 1 }, valid: ['query:limit'], broken: [] } })]));
  const row = (id: string) => html.slice(html.indexOf(`<tr><th>${id}`), html.indexOf('</tr>', html.indexOf(`<tr><th>${id}`)));
  expect(row('createMemory')).toContain('<code>positive</code>');
  expect(row('createMemory')).toContain('<span class="ok">200×1</span> <span class="bad">500×1</span> <span class="bad">no-response×1</span>');
  expect(row('createMemory')).toContain('<td><code>401</code> <code>422</code></td>');
  expect(row('createMemory')).toContain('<td><code>/content</code></td><td><code>/visibility</code></td><td>—</td>');
  // A status inside a documented range counts as documented and as that range seen.
  expect(row('listMemories')).toContain('<code>memories/scenario</code>');
  expect(row('listMemories')).toContain('<span class="ok">404×1</span>');
  expect(row('listMemories')).toContain('<td><code>200</code></td>');
  expect(row('listMemories').endsWith('<td><code>query:limit</code></td><td>—</td><td><code>query:offset</code></td>')).toBe(true);
});

test('coverage names every input a case sends, once, and merges across phases', () => {
  const sent = testCase({ pathParams: { memory_id: 'm' }, queryParams: [['ids', 'a'], ['ids', 'b']], headerParams: { 'x-trace': '1' }, body: { kind: 'json', value: { a: 1, b: 2 }, contentType: 'application/json' } });
  expect(inputsOf(sent)).toEqual(['path:memory_id', 'query:ids', 'header:x-trace', '/a', '/b']);
  expect(inputsOf(testCase({ body: { kind: 'json', value: [1], contentType: 'application/json' } }))).toEqual([]);
  expect(inputsOf(testCase({ body: { kind: 'raw', text: '{' } }))).toEqual([]);
  const merged = mergeCoverage([{ op: { statuses: { 200: 1 }, valid: ['/a'], broken: [] } }, { op: { statuses: { 200: 2, 422: 1 }, valid: ['/a', '/b'], broken: ['/a'] } }, { other: { statuses: {}, valid: [], broken: [] } }]);
  expect(merged).toEqual({ op: { statuses: { 200: 3, 422: 1 }, valid: ['/a', '/b'], broken: ['/a'] }, other: { statuses: {}, valid: [], broken: [] } });
  // A negative case without a field broke nothing nameable; a refused-auth case sends nothing valid.
  const coverage: Coverage = {};
  recordCoverage(coverage, testCase({ expectation: 'reject-input' }), exchange({ status: 422 }));
  recordCoverage(coverage, testCase({ expectation: 'reject-auth' }), exchange({ status: 401 }));
  expect(coverage.createApiKey).toEqual({ statuses: { 422: 1, 401: 1 }, valid: [], broken: [] });
});

test('a status is documented exactly, by its range, or by default', () => {
  expect(documents(['200', '4XX'], '404')).toBe(true);
  expect(documents(['200'], '201')).toBe(false);
  expect(documents(['default'], '503')).toBe(true);
});
