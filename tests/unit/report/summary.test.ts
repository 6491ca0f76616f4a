import { expect, test } from 'vitest';
import { contractGaps } from '../../../src/contract/gaps';
import { describeResource, resourcesOf } from '../../../src/contract/resources';
import { requiredScope } from '../../../src/contract/scopes';
import { formatSummary, sawWholeContract, summarize } from '../../../src/report/summary';
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

test('the end of the run lists each finding once by cause: one operation, case and status, with every check that saw it', () => {
  const violation = (check: string, operationId: string, status: number | undefined, caseLabel: string, extra: Record<string, unknown> = {}) => ({
    check, operationId, status, caseLabel, received: `${status}`, documented: '401', seed: 7, replayPath: `${operationId}/auth:0`, targetEnv: '', phase: 'auth', testCase: {}, ...extra,
  }) as never;
  const violations = [
    violation('auth_required', 'listMemories', 403, 'no credential'),
    violation('status_code_conformance', 'listMemories', 403, 'no credential'),
    violation('auth_required', 'listMemories', 403, 'no credential'),
    violation('auth_required', 'createMemory', 403, 'no credential'),
    violation('status_code_conformance', 'listMemories', 500, 'no credential'),
    violation('target_responds', 'listMemories', undefined, 'a page'),
    violation('auth_required', 'listFolders', 403, 'no credential', { known: { reason: 'accepted' } }),
    violation('auth_required', 'listFolders', 403, 'no credential', { allowance: { id: 'a', reason: 'b' } }),
  ];
  const summary = summarize([], violations);
  expect(summary.findings.map((f) => [f.operationId, f.status, f.checks])).toEqual([
    ['listMemories', 403, ['auth_required', 'status_code_conformance']],
    ['createMemory', 403, ['auth_required']],
    ['listMemories', 500, ['status_code_conformance']],
    ['listMemories', undefined, ['target_responds']],
  ]);
  const text = formatSummary(summary);
  expect(text).toContain('7 violations (distinct), 4 finding(s) by cause');
  expect(text).toContain("  1. listMemories · auth_required, status_code_conformance · received 403 · no credential\n     403  (documented: 401)\n     OMI_FUZZ_SEED=7 OMI_FUZZ_PATH='listMemories/auth:0' npx playwright test");
  expect(text).toContain('  4. listMemories · target_responds · received no response · a page');
  expect(text).toMatch(/check +cases judged +not applicable +cases violating/);
  expect(text).toMatch(/phase +cases sent +skipped +new violations/);
  const many = summarize([], Array.from({ length: 17 }, (_, i) => violation('auth_required', `op${i}`, 403, 'x')));
  expect(formatSummary(many)).toContain('  15. op14');
  expect(formatSummary(many)).not.toContain('  16. op15');
  expect(formatSummary(many)).toContain('  … and 2 more (reports/summary.json and the HTML report list them all)');
  expect(formatSummary(summarize([], []))).not.toContain('Findings');
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
