import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadRegressions, regressionName, saveRegression } from '../../../src/generate/regressions';
import { operationCases, scratchDir } from '../support/contract';

const scratch = scratchDir('regressions');
afterAll(scratch.remove);

test('a saved case is named after what it reproduces, written once, and loaded back by operation in name order', () => {
  const dir = path.join(scratch.dir, 'regressions');
  mkdirSync(dir);
  const examples = operationCases('createApiKey').phases().find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  const base = { check: 'not_a_server_error', operationId: 'createApiKey', targetKind: 'live', status: 500 as const, location: '', seed: 1, path: 'createApiKey/examples:0' };
  const name = regressionName({ ...base, case: examples.cases[0] });
  expect(name).toMatch(/^not_a_server_error--createApiKey--documented-example-1--live--[0-9a-f]{8}$/);
  expect(regressionName({ ...base, case: { ...examples.cases[0], label: '!!!' } })).toMatch(/--case--live--/);
  expect(regressionName({ ...base, case: examples.cases[1] })).not.toBe(name);
  const first = saveRegression(dir, { ...base, case: { ...examples.cases[0], source: 'somewhere.json' } });
  expect(first).toEqual({ file: path.join(dir, `${name}.json`), created: true });
  expect(saveRegression(dir, { ...base, case: examples.cases[0] }).created).toBe(false);
  const saved = JSON.parse(readFileSync(first.file, 'utf8'));
  expect(saved.name).toBe(name);
  expect(saved.case.source).toBeUndefined();
  saveRegression(dir, { ...base, case: examples.cases[1] });
  writeFileSync(path.join(dir, 'notes.txt'), 'not a case');
  const loaded = loadRegressions(dir);
  expect([...loaded.keys()]).toEqual(['createApiKey']);
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  expect(loaded.get('createApiKey')!.map((r) => r.case.source)).toEqual(files.map((f) => path.relative(process.cwd(), path.join(dir, f))));
  expect(loadRegressions(path.join(scratch.dir, 'none')).size).toBe(0);
  writeFileSync(path.join(dir, 'broken.json'), '{');
  expect(() => loadRegressions(dir)).toThrow(/broken\.json is not valid JSON/);
  for (const text of ['{"case": {"operationId": "x"}}', '{"case": {"method": "GET"}}', '{}', 'null', '{"case": null}']) {
    writeFileSync(path.join(dir, 'broken.json'), text);
    expect(() => loadRegressions(dir), text).toThrow(/broken\.json is not a saved regression case \(no "case" with operationId and method\)/);
  }
});

test('a label becomes at most 60 lower-case letters, digits and dashes, with no dash at either end', () => {
  const examples = operationCases('createApiKey').phases().find((p) => p.name === 'examples')!;
  if (examples.kind !== 'list') throw new Error('examples is a list');
  const base = { check: 'c', operationId: 'op', targetKind: 'mock', status: 500 as const, location: '', seed: 1, path: 'op/examples:0' };
  const what = (label: string) => regressionName({ ...base, case: { ...examples.cases[0], label } }).split('--')[2];
  expect(what('  Wrong Type at /scopes/0: number!  ')).toBe('wrong-type-at-scopes-0-number');
  expect(what('x'.repeat(70))).toBe('x'.repeat(60));
});
