import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { runGate } from '../../src/engine/run';
import { cleanUpAfterTests, CONTRACT_PATH, scratchDir } from './support';
import { RunContext } from '../../src/engine/context';

test.afterAll(cleanUpAfterTests);

// The gate follows a changed openapi.json with no code change. The reference server knows only the
// published contract, so where a variant promises more, the gate must say so.

const TOKEN = 'omi_test_variant_credential';
type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> } };

function variant(name: string, change: (doc: Doc) => void): string {
  const doc = JSON.parse(readFileSync(CONTRACT_PATH, 'utf8')) as Doc;
  change(doc);
  const file = path.join(scratchDir('variant'), `${name}.json`);
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

async function gateOn(contractFile: string) {
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const gate = RunContext.fromEnvironment({ OMI_CONTRACT: contractFile, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: '7', OMI_FUZZ_RUNS: '200' });
    const run = await runGate(gate);
    return { gate, violations: run.outcomes.flatMap((o) => o.violations) };
  } finally {
    await server.close();
  }
}

test('a new scope in the enum: the gate sends it and names it in a rejected valid request', async () => {
  const file = variant('new-scope', (doc) => {
    (doc.components.schemas.CreateApiKey.properties.scopes.items as { enum: string[] }).enum.push('webhooks:write');
  });
  const { violations } = await gateOn(file);
  const rejected = violations.filter((v) => v.check === 'positive_data_acceptance' && v.status === 422);
  expect(rejected.length).toBeGreaterThan(0);
  expect(rejected.some((v) => v.caseLabel.includes('webhooks:write') || (v.exchange.request.body ?? '').includes('webhooks:write'))).toBe(true);
});

test('a new optional property: generated in valid bodies, and broken in negative ones that a server ignoring it accepts', async () => {
  const file = variant('new-optional', (doc) => {
    doc.components.schemas.CreateApiKey.properties.expires_in_days = { type: 'integer', minimum: 1, maximum: 365 };
  });
  const { gate, violations } = await gateOn(file);
  // Valid bodies with the property pass; invalid values of it are accepted, since this server ignores it.
  expect([...new Set(violations.map((v) => `${v.check} ${v.location}`))]).toEqual(['negative_data_rejection /expires_in_days']);
  const positive = gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
  if (positive.kind !== 'fuzz') throw new Error('positive phase must be random');
  const bodies = fc.sample(positive.arbitrary, { seed: 1, numRuns: 200 }).map((d) => ('case' in d && d.case.body.kind === 'json' ? d.case.body.value : {})) as Record<string, unknown>[];
  expect(bodies.some((b) => typeof b.expires_in_days === 'number')).toBe(true);
});

test('a maxLength on name: longer names become negative cases, and a server that accepts them is caught', async () => {
  const file = variant('name-max-length', (doc) => {
    doc.components.schemas.CreateApiKey.properties.name.maxLength = 64;
  });
  const { gate, violations } = await gateOn(file);
  const negative = gate.phasesOf('createApiKey').find((p) => p.name === 'negative')!;
  const positive = gate.phasesOf('createApiKey').find((p) => p.name === 'positive')!;
  if (negative.kind !== 'fuzz' || positive.kind !== 'fuzz') throw new Error('random phases expected');
  const labels = fc.sample(negative.arbitrary, { seed: 1, numRuns: 500 }).map((d) => ('case' in d ? d.case.label : ''));
  expect(labels.some((l) => l.startsWith('too-long at /name'))).toBe(true);
  const names = fc.sample(positive.arbitrary, { seed: 1, numRuns: 500 }).map((d) => ('case' in d && d.case.body.kind === 'json' ? (d.case.body.value as { name: string }).name : ''));
  expect(names.filter((n) => [...n].length > 64)).toEqual([]);
  expect(violations.some((v) => v.check === 'negative_data_rejection' && v.location === '/name' && v.caseLabel.startsWith('too-long'))).toBe(true);
});

test('a removed status: the server that still answers it is reported', async () => {
  const file = variant('no-422', (doc) => {
    delete doc.paths['/v1/dev/keys'].post.responses['422'];
  });
  const { violations } = await gateOn(file);
  expect(violations.some((v) => v.check === 'status_code_conformance' && v.status === 422)).toBe(true);
});
