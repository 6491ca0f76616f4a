import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test, expect } from '@playwright/test';
import { diffSpecs } from '../../src/spec-diff/diff';
import { findOpenApiProblem, loadSpec } from '../../src/spec-diff/load';
import { allOperations, coveredOperations, operationLabel } from '../../src/spec-diff/operations';
import type { Change, JsonObject } from '../../src/spec-diff/types';
import { CONTRACT_PATH } from './support';

const ROOT = resolve(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'specs');
const CONTRACT = loadSpec(CONTRACT_PATH, 'contract');

/** "BREAKING request POST /v1/dev/keys type-narrowed" etc., sorted, so a test names every change it expects. */
function describeChanges(changes: Change[]): string[] {
  return changes.map((change) => `${change.breaking ? 'BREAKING' : 'ok'} ${change.side} ${change.operation} ${change.kind}`).sort();
}

function diffPair(name: string, all = false): Change[] {
  const oldDoc = loadSpec(join(FIXTURES, name, 'old.json'), 'OLD');
  const newDoc = loadSpec(join(FIXTURES, name, 'new.json'), 'NEW');
  const operations = all ? allOperations(oldDoc) : coveredOperations(oldDoc, CONTRACT);
  return diffSpecs(oldDoc, newDoc, { operations, reportAddedOperations: all });
}

const LIST = 'GET /v1/dev/keys';
const CREATE = 'POST /v1/dev/keys';
const REVOKE = 'DELETE /v1/dev/keys/{key_id}';
const EVERY_OPERATION = [LIST, CREATE, REVOKE];

/** Each fixture pair under fixtures/specs and the changes it must produce (one kind of change per pair). */
const EXPECTED: Record<string, string[]> = {
  // request side: breaking
  'request-required-property-added': [`BREAKING request ${CREATE} property-added`],
  'request-constraint-added': Array(7).fill(`BREAKING request ${CREATE} constraint-added`),
  'request-enum-added': [`BREAKING request ${CREATE} enum-added`],
  'request-format-added': [`BREAKING request ${CREATE} format-added`],
  'request-enum-value-removed': [`BREAKING request ${CREATE} enum-value-removed`],
  'request-type-narrowed': [`BREAKING request ${CREATE} type-narrowed`],
  'request-required-parameter-added': [`BREAKING request ${REVOKE} parameter-added`],
  'auth-requirement-changed': EVERY_OPERATION.map((op) => `BREAKING request ${op} security-changed`),
  'auth-scheme-type-changed': EVERY_OPERATION.map((op) => `BREAKING request ${op} security-scheme-changed`),
  'operation-removed': [`BREAKING request ${REVOKE} operation-removed`],
  // request side: not breaking
  'request-optional-property-added': [`ok request ${CREATE} property-added`],
  'request-enum-value-added': [`ok request ${CREATE} enum-value-added`],
  'request-constraint-removed': [`ok request ${CREATE} constraint-removed`],
  'request-type-widened': [`ok request ${CREATE} type-widened`],
  // response side: breaking
  'response-field-removed': [`BREAKING response ${LIST} property-removed`],
  'response-field-no-longer-required': [`BREAKING response ${LIST} property-became-optional`],
  'response-type-widened': [`BREAKING response ${LIST} type-widened`],
  'response-type-changed': [`BREAKING response ${CREATE} type-changed`],
  'response-enum-removed': [`BREAKING response ${LIST} enum-removed`],
  'error-body-shape-changed': [LIST, CREATE, CREATE, REVOKE, REVOKE].map((op) => `BREAKING response ${op} type-changed`),
  'response-status-removed': [`BREAKING response ${REVOKE} status-removed`],
  'response-success-status-added': [`BREAKING response ${CREATE} status-added`],
  // response side: not breaking
  'response-optional-field-added': [`ok response ${LIST} property-added`],
  'response-field-became-required': Array(4).fill(`ok response ${LIST} property-became-required`),
  'response-error-status-added': [`ok response ${REVOKE} status-added`],
  // no change a client can see
  'equivalent-spellings': [],
  'path-parameter-renamed': [],
  'operation-added': [], // not covered by the contract; see the --all test
};

test.describe('spec-diff classification of the fixture pairs', () => {
  test('every fixture pair has an expectation', () => {
    const pairs = readdirSync(FIXTURES).filter((name) => name !== 'invalid-document');
    expect(pairs.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    test(name, () => {
      expect(describeChanges(diffPair(name))).toEqual([...expected].sort());
    });
  }

  test('locations and values say what changed', () => {
    const [enumRemoved] = diffPair('request-enum-value-removed');
    expect(enumRemoved).toMatchObject({
      location: '/requestBody/content/application~1json/schema/properties/scopes/items/enum',
      old: 'memories:write',
    });
    expect(enumRemoved!.new).toBeUndefined();
    const [widened] = diffPair('response-type-widened');
    expect(widened).toMatchObject({
      location: '/responses/200/content/application~1json/schema/items/properties/created_at',
      old: 'string',
      new: 'string|null',
    });
    const constraints = diffPair('request-constraint-added').map((change) => change.subject).sort();
    expect(constraints).toEqual(['maxItems', 'maxLength', 'maximum', 'minItems', 'minLength', 'minimum', 'pattern']);
    const [auth] = diffPair('auth-requirement-changed');
    expect(auth!.old).toBe('bearerAuth (http bearer)');
    expect(auth!.new).toBe('firebaseBearer (http bearer, bearerFormat "Firebase ID token")');
  });

  test('error bodies and new error statuses explain themselves', () => {
    for (const change of diffPair('error-body-shape-changed')) {
      expect(change.location).toMatch(/^\/responses\/(401|404|422)\/content\/application~1json\/schema\/properties\/detail$/);
      expect(change.reason).toContain('error body shape changed');
    }
    const [newErrorStatus] = diffPair('response-error-status-added');
    expect(newErrorStatus!.status).toBe('422');
    expect(newErrorStatus!.reason).toContain('not breaking');
  });

  test('--all also reports operations only the new document has', () => {
    expect(describeChanges(diffPair('operation-added', true))).toEqual(['ok request GET /v1/dev/keys/{key_id} operation-added']);
  });
});

test.describe('spec-diff library', () => {
  test('the contract compared with itself has no changes', () => {
    const operations = coveredOperations(CONTRACT, CONTRACT);
    expect(operations.map(operationLabel)).toEqual(EVERY_OPERATION);
    expect(diffSpecs(CONTRACT, CONTRACT, { operations })).toEqual([]);
  });

  test('the covered set is the OLD operations the contract has, matched by method and path template', () => {
    const old = structuredClone(CONTRACT) as JsonObject;
    const paths = old.paths as JsonObject;
    paths['/v1/dev/user/memories'] = { get: { responses: { '200': { description: 'ok' } } } };
    // Renamed path parameter: still the same route as the contract's {key_id}.
    paths['/v1/dev/keys/{id}'] = paths['/v1/dev/keys/{key_id}']!;
    delete paths['/v1/dev/keys/{key_id}'];
    expect(coveredOperations(old, CONTRACT).map(operationLabel)).toEqual([LIST, CREATE, 'DELETE /v1/dev/keys/{id}']);
    expect(coveredOperations(old).map(operationLabel)).toEqual([LIST, CREATE, 'GET /v1/dev/user/memories', 'DELETE /v1/dev/keys/{id}']);
  });

  test('recursive schemas are compared without looping', () => {
    const doc = (leafType: string): JsonObject => ({
      openapi: '3.1.0',
      info: { title: 'tree', version: '1' },
      paths: {
        '/tree': {
          get: { responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } },
        },
      },
      components: {
        schemas: {
          Node: {
            type: 'object',
            properties: { label: { type: leafType }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } } },
          },
        },
      },
    });
    const [oldDoc, newDoc] = [doc('string'), doc('integer')];
    const changes = diffSpecs(oldDoc, newDoc, { operations: allOperations(oldDoc) });
    expect(changes.map((change) => `${change.kind} ${change.location}`)).toEqual([
      'type-changed /responses/200/content/application~1json/schema/properties/label',
    ]);
  });

  test('documents that are not OpenAPI 3.x are rejected', () => {
    const valid = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} };
    expect(findOpenApiProblem(valid)).toBeUndefined();
    expect(findOpenApiProblem([])).toContain('not an object');
    expect(findOpenApiProblem({ swagger: '2.0', info: valid.info, paths: {} })).toContain('Swagger 2.0');
    expect(findOpenApiProblem({ ...valid, openapi: '4.0.0' })).toContain('expected 3.x.y');
    expect(findOpenApiProblem({ ...valid, info: { title: 't' } })).toContain('info.version');
    expect(findOpenApiProblem({ ...valid, paths: { '/a': { get: { responses: { '200': { $ref: '#/components/responses/Gone' } } } } } })).toContain(
      'points to nothing',
    );
    expect(findOpenApiProblem({ ...valid, security: [{ missingScheme: [] }] })).toContain('missingScheme');
  });
});

test.describe('spec-diff CLI', () => {
  /** Runs the CLI the way `npm run spec-diff` does, without npm's start-up cost. */
  function runCli(...args: string[]) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/spec-diff/cli.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }
  const pair = (name: string) => [join(FIXTURES, name, 'old.json'), join(FIXTURES, name, 'new.json')];

  test('exit 0 and an ok line when nothing breaks', () => {
    const { status, stdout, stderr } = runCli(...pair('request-type-widened'));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ok +request +POST \/v1\/dev\/keys +\/requestBody\/content\/application~1json\/schema\/properties\/scopes +type widened: array -> array\|null/);
    expect(lines.at(-1)).toMatch(/^1 change: 0 breaking, 1 not breaking \(3 operations compared/);
  });

  test('YAML documents are read as JSON ones are: a YAML contract compared with itself has no changes', () => {
    const yaml = join(__dirname, '..', '..', 'fixtures', 'contracts', 'varied', 'notes-query-key.yaml');
    const { status, stdout, stderr } = runCli(yaml, yaml, '--all');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^0 changes/);
  });

  test('exit 1 when a breaking change is found, one line per change and a count line', () => {
    const { status, stdout } = runCli(...pair('error-body-shape-changed'));
    expect(status).toBe(1);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(0, 5).every((line) => line.startsWith('BREAKING  response'))).toBe(true);
    expect(lines[5]).toMatch(/^5 changes: 5 breaking, 0 not breaking/);
  });

  test('--json prints the same changes as JSON', () => {
    const { status, stdout } = runCli(...pair('auth-requirement-changed'), '--json');
    expect(status).toBe(1);
    const report = JSON.parse(stdout) as { summary: { breaking: number }; changes: Array<{ kind: string; breaking: boolean }> };
    expect(report.summary.breaking).toBe(3);
    expect(report.changes.every((change) => change.kind === 'security-changed' && change.breaking)).toBe(true);
  });

  test('npm run spec-diff -- ... --json, as the README gives it, prints only the JSON on stdout', () => {
    const result = spawnSync('npm', ['run', 'spec-diff', '--', ...pair('auth-requirement-changed'), '--json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(result.stdout.trimStart().startsWith('{'), result.stdout.slice(0, 200)).toBe(true);
    expect((JSON.parse(result.stdout) as { summary: { breaking: number } }).summary.breaking).toBe(3);
  });

  test('--all widens the comparison to every operation', () => {
    expect(runCli(...pair('operation-added')).stdout).toMatch(/^0 changes/);
    const { status, stdout } = runCli(...pair('operation-added'), '--all');
    expect(status).toBe(0);
    expect(stdout).toContain('operation added: (none) -> GET /v1/dev/keys/{key_id}');
  });

  test('exit 2 with a one-line error for bad input', async ({}, testInfo) => {
    const notJson = testInfo.outputPath('not-json.json');
    writeFileSync(notJson, '{"openapi": "3.1.0",\n');
    const [validOld] = pair('request-type-widened');
    const cases: Array<[string[], RegExp]> = [
      [pair('invalid-document'), /^spec-diff: NEW .*new\.json: not a valid OpenAPI 3\.x document \("openapi" is "2\.0"/],
      [[validOld!, join(FIXTURES, 'no-such-file.json')], /^spec-diff: NEW .*no-such-file\.json: cannot read \(no such file\)/],
      [[notJson, validOld!], /^spec-diff: OLD .*not-json\.json: not JSON/],
      [[validOld!], /^spec-diff: expected OLD and NEW files, got 1/],
      [[...pair('request-type-widened'), '--frobnicate'], /^spec-diff: unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const { status, stdout, stderr } = runCli(...args);
      expect(status, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n'), 'a single line, no stack trace').toHaveLength(1);
    }
  });
});
