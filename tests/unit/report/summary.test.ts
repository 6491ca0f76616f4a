import { expect, test } from 'vitest';
import { contractGaps } from '../../../src/contract/gaps';
import { describeResource, resourcesOf } from '../../../src/contract/resources';
import { requiredScope } from '../../../src/contract/scopes';
import { formatConsole, formatSummary, sawWholeContract, summarize } from '../../../src/report/summary';
import { contract } from '../support/contract';

test('the summary shows the resource map, the scope of each operation and the notes for spec maintainers, and keeps them in its JSON', () => {
  const scopes = Object.fromEntries(contract.operations.map((op) => [op.id, requiredScope(contract, op) ?? null]));
  const summary = summarize([], [], undefined, contractGaps(contract), resourcesOf(contract).map(describeResource), scopes);
  expect(summary.scopes).toMatchObject({ listMemories: 'memories:read', createApiKey: null });
  const text = formatSummary(summary);
  expect(text).toContain('Resources, as the contract defines them:\n  memories: made by createMemory, createMemoriesBatch;');
  expect(text).toContain('listMemories memories:read, createMemory memories:write');
  expect(text).toContain('revokeApiKey (none)');
  expect(text).toMatch(/Notes for spec maintainers .*not violations\):\n {2}listMemories: documents no validation error/);
  const bare = formatSummary(summarize([], []));
  expect(bare).not.toMatch(/Resources|Notes for spec maintainers|The scope each operation needs/);
});

test('a check that judged nothing is named apart from those the target cannot answer', () => {
  const phase = { key: 'listApiKeys/auth', operationId: 'listApiKeys', phase: 'auth', seed: 1, sent: 3, skipped: 0, violations: 0, known: 0, allowed: 0, allowances: [], coverage: {}, notChecked: [{ check: 'revoked_key_rejected', reason: 'live only' }], tallies: { auth_required: { judged: 3, skipped: 0, violations: 0, allowed: 0, known: 0 }, list_limit_respected: { judged: 0, skipped: 3, violations: 0, allowed: 0, known: 0 }, revoked_key_rejected: { judged: 0, skipped: 0, violations: 0, allowed: 0, known: 0 } } };
  const text = formatSummary(summarize([phase as never], []));
  expect(text).toContain('Checks that judged nothing in this run (no case gave them anything to judge): list_limit_respected\n');
});

test('causes group violations across operations: one status for one kind of case, one wrong property wherever its schema sits, one state rule', () => {
  const violation = (check: string, operationId: string, status: number | undefined, caseLabel: string, extra: Record<string, unknown> = {}) => ({
    check, operationId, status, caseLabel, received: `${status}`, documented: '401', seed: 7, replayPath: `${operationId}/auth:0`, targetEnv: '', phase: 'auth', testCase: {}, location: '', message: 'm', identity: `${operationId}|${check}|${status}|${caseLabel}`, ...extra,
  }) as never;
  const violations = [
    violation('auth_required', 'listMemories', 403, 'no Authorization header'),
    violation('status_code_conformance', 'listMemories', 403, 'no Authorization header'),
    violation('auth_required', 'createMemory', 403, 'no Authorization header'),
    violation('auth_required', 'createMemory', 403, 'empty bearer token'),
    violation('status_code_conformance', 'listMemories', 500, 'valid request {"a":1}', { phase: 'positive', replayPath: 'listMemories/positive:3' }),
    violation('not_a_server_error', 'createMemory', 500, 'valid request {"b":2}', { phase: 'positive#2', replayPath: 'createMemory/positive#2:9' }),
    violation('response_schema_conformance', 'createApiKey', 200, 'documented call', { location: '#/components/schemas/ApiKeyCreated/properties/created_at/format', message: 'must match format "date-time"' }),
    violation('response_schema_conformance', 'listApiKeys', 200, 'documented call', { location: '#/components/schemas/ApiKey/properties/created_at/format', message: 'must match format "date-time"' }),
    violation('update_confined', 'updateMemory', 200, 'scenario step 3', { phase: 'scenario', location: '/tags', message: 'The update changed a field it was not sent' }),
    violation('auth_required', 'listFolders', 403, 'no Authorization header', { known: { reason: 'accepted' } }),
    violation('auth_required', 'listFolders', 403, 'no Authorization header', { allowance: { id: 'a', reason: 'b' } }),
  ];
  const summary = summarize([], violations);
  expect(summary.causes.map((c) => [c.what, c.checks, c.operations])).toEqual([
    ['answered 403 to "no Authorization header"', ['auth_required', 'status_code_conformance'], ['listMemories', 'createMemory']],
    ['answered 403 to "empty bearer token"', ['auth_required'], ['createMemory']],
    // A random case means what it means on its own operation: two operations' 500s are two causes.
    ['answered 500 to "positive cases, on listMemories"', ['status_code_conformance'], ['listMemories']],
    ['answered 500 to "positive cases, on createMemory"', ['not_a_server_error'], ['createMemory']],
    ['body: created_at format: must match format "date-time"', ['response_schema_conformance'], ['createApiKey', 'listApiKeys']],
    ['update_confined on updateMemory: The update changed a field it was not sent', ['update_confined'], ['updateMemory']],
  ]);
  const text = formatConsole(summary, 'Verdict: FAIL', '/tmp/r');
  expect(text).toContain(`${summary.violations} violations (distinct), 6 cause(s)`);
  expect(text).toContain('  1. answered 403 to "no Authorization header" [auth_required, status_code_conformance]\n     on 2 operations: listMemories, createMemory');
  expect(text).toContain("     replay: OMI_FUZZ_SEED=7 OMI_FUZZ_PATH='listMemories/auth:0' npx playwright test");
  expect(text.trim().split('\n').slice(-2)).toEqual(['Verdict: FAIL', expect.stringMatching(/^Details: .*gate\.html/)]);
  // Every cause is listed, however many there are: none is hidden behind a count.
  const many = summarize([], Array.from({ length: 30 }, (_, i) => violation('update_confined', `op${i}`, 200, 'x', { location: `/f${i}` })));
  // Two fields of one state rule on one operation are one cause; a missing property is named, inline schema or not.
  const confined = summarize([], [violation('update_confined', 'updateMemory', 200, 'a', { location: '/tags' }), violation('update_confined', 'updateMemory', 200, 'b', { location: '/content' })]);
  expect(confined.causes).toHaveLength(1);
  const missing = (operationId: string, location: string, name: string) => violation('response_schema_conformance', operationId, 200, 'x', { location, message: `The body breaks the schema at : must have required property '${name}'` });
  expect(summarize([], [missing('createMemory', '#/paths/~1m/post/responses/200/content/application~1json/schema/required', 'id'), missing('getMemory', '#/components/schemas/Memory/required', 'id'), missing('listFolders', '#/components/schemas/Folder/required', 'name')]).causes.map((c) => c.what.split(':')[1].trim())).toEqual(['id required', 'name required']);
  expect(formatConsole(many, 'Verdict: FAIL', '/tmp/r')).toContain('  30. update_confined');
  // A passing run ends with its verdict.
  expect(formatConsole(summarize([], []), 'Verdict: PASS', '/tmp/r').trim().split('\n').at(-1)).toBe('Verdict: PASS');
  expect(formatSummary(summary)).toMatch(/check +cases judged +not applicable +cases violating/);
});
test('routes that refused the credential before the first case are named again at the end of the run', () => {
  const summary = { ...summarize([], []), refusedBeforeStart: 'listMemories (403), listFolders (403)' };
  expect(formatSummary(summary)).toContain('The credential was refused before the first case on listMemories (403), listFolders (403): a key with fewer scopes?');
  expect(formatSummary(summarize([], []))).not.toContain('refused before the first case');
  expect(formatSummary({ ...summarize([], []), untested: ['isolation between accounts: why'] })).toContain('Not tested in this run:\n  isolation between accounts: why');
  expect(formatSummary(summarize([], []))).not.toContain('Not tested in this run');
});

test('only a whole run, every declared phase seen in full and every step judged, can tell that a known discrepancy is fixed', () => {
  const phase = (key: string, more: Record<string, unknown> = {}) => ({ key, phase: 'p', seed: 1, sent: 1, skipped: 0, violations: 0, known: 0, allowed: 0, allowances: [], coverage: {}, tallies: {}, ...more }) as never;
  const declared = ['a', 'b'];
  expect(sawWholeContract(true, false, declared, [phase('a'), phase('b')])).toBe(true);
  expect(sawWholeContract(false, false, declared, [phase('a'), phase('b')])).toBe(false);
  expect(sawWholeContract(true, true, declared, [phase('a'), phase('b')])).toBe(false);
  expect(sawWholeContract(true, false, declared, [phase('a')])).toBe(false);
  expect(sawWholeContract(true, false, declared, [phase('a'), phase('b', { limited: 'budget' })])).toBe(false);
  expect(sawWholeContract(true, false, declared, [phase('a'), phase('b', { aborted: 'gone' })])).toBe(false);
  expect(sawWholeContract(true, false, declared, [phase('a'), phase('b', { notJudged: ['step: answered 503'] })])).toBe(false);
  expect(sawWholeContract(true, false, declared, [phase('a'), phase('b', { notJudged: [] })])).toBe(true);
});
