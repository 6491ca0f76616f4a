import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import { ROOT } from './support';

// These run the gate as a user does, `npx playwright test`, one at a time (they share Prism's port).
test.describe.configure({ mode: 'serial' });

const TOKEN = 'omi_test_cli_credential_5f1c';
const PLAYWRIGHT = path.join(ROOT, 'node_modules', '.bin', 'playwright');

interface GateExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the gate in a child process with `env` added, reports under a fresh folder. */
function runGateCli(env: Record<string, string>): Promise<GateExit & { reportDir: string }> {
  const reportDir = mkdtempSync(path.join(tmpdir(), 'omi-gate-'));
  return new Promise((resolve) => {
    const child = spawn(PLAYWRIGHT, ['test'], { cwd: ROOT, env: { ...process.env, CI: '', OMI_REPORT_DIR: reportDir, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr, reportDir }));
  });
}

for (const [label, env, message] of [
  ['a URL without a token', { OMI_API_BASE_URL: 'http://127.0.0.1:9' }, /OMI_API_TOKEN is not/],
  ['a malformed URL', { OMI_API_BASE_URL: 'not a url', OMI_API_TOKEN: TOKEN }, /not a URL/],
  ['a public URL without OMI_LIVE', { OMI_API_BASE_URL: 'https://api.example.invalid', OMI_API_TOKEN: TOKEN }, /OMI_LIVE=1/],
  ['a bad fuzz budget', { OMI_FUZZ_RUNS: 'many' }, /OMI_FUZZ_RUNS must be/],
  ['an unknown check name', { OMI_EXCLUDE_CHECKS: 'no_such_check' }, /unknown check name\(s\).*no_such_check/],
] as const) {
  test(`${label} is a one-line error and exit 2`, async () => {
    const result = await runGateCli(env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(TOKEN);
  });
}

test('a broken openapi.json is a one-line error and exit 2', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'omi-spec-'));
  for (const [name, text, message] of [
    ['not-json.json', '{"openapi": "3.1.0", ', /not valid JSON/],
    ['swagger.json', '{"swagger": "2.0", "paths": {}}', /not an OpenAPI 3.1 document/],
    ['bad-ref.json', readFileSync(path.join(ROOT, 'openapi.json'), 'utf8').replace('#/components/schemas/CreateApiKey', '#/components/schemas/Nope'), /does not resolve|does not compile/],
  ] as const) {
    writeFileSync(path.join(dir, name), text);
    const result = await runGateCli({ OMI_CONTRACT: path.join(dir, name) });
    expect(result.code, name).toBe(2);
    expect(result.stderr.trim().split('\n'), name).toHaveLength(1);
    expect(result.stderr, name).toMatch(message);
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Every artifact's text, with the HTML report's embedded zip unpacked (python3's zipfile does it). */
function artifactTexts(reportDir: string): { file: string; text: string }[] {
  const texts = filesUnder(reportDir).map((file) => ({ file, text: readFileSync(file, 'latin1') }));
  const html = path.join(reportDir, 'html', 'index.html');
  const unpacked = spawnSync('python3', ['-c', [
    'import base64, io, re, sys, zipfile',
    'html = open(sys.argv[1], encoding="utf-8").read()',
    'm = re.search(r"data:application/zip;base64,([A-Za-z0-9+/=]+)", html)',
    'z = zipfile.ZipFile(io.BytesIO(base64.b64decode(m.group(1))))',
    'print("\\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()))',
  ].join('\n'), html], { encoding: 'utf8' });
  expect(unpacked.status, unpacked.stderr).toBe(0);
  expect(unpacked.stdout.length).toBeGreaterThan(1000);
  texts.push({ file: `${html} (embedded report data)`, text: unpacked.stdout });
  return texts;
}

test('against a server that breaks the contract: non-zero exit, the finding reported, no secret in any artifact', async () => {
  test.setTimeout(120_000);
  // This fault returns full secrets in the list: the redaction has real secrets to hide.
  const server = await startReferenceServer({ token: TOKEN, fault: 'list-leaks-secret' });
  try {
    const result = await runGateCli({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('list_hides_secrets');
    expect(result.stdout).toMatch(/Replay: OMI_FUZZ_SEED=\d+ OMI_FUZZ_PATH=/);
    const leaks = [{ file: 'stdout', text: result.stdout }, { file: 'stderr', text: result.stderr }, ...artifactTexts(result.reportDir)]
      .filter(({ text }) => text.includes(TOKEN) || /omi_dev_[0-9a-f]{32}/.test(text))
      .map(({ file }) => file);
    expect(leaks).toEqual([]);
    expect(server.liveKeyCount()).toBe(0);
  } finally {
    await server.close();
  }
});

test('against the conforming server the gate passes and leaves no key behind', async () => {
  test.setTimeout(120_000);
  const server = await startReferenceServer({ token: TOKEN });
  try {
    const result = await runGateCli({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(result.code, result.stdout.slice(-3000)).toBe(0);
    expect(server.liveKeyCount()).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(result.reportDir, 'summary.json'), 'utf8'));
    expect(summary.requests).toBeGreaterThanOrEqual(1000);
  } finally {
    await server.close();
  }
});

test('against a server that hangs, the run ends with target_responds and names what it could not revoke', async () => {
  test.setTimeout(120_000);
  const server = await startReferenceServer({ token: TOKEN, fault: 'hang-after-50' });
  try {
    const result = await runGateCli({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('target_responds');
    expect(result.stdout + result.stderr).toMatch(/could not be revoked/);
  } finally {
    await server.close();
  }
});

test('a printed replay line replays exactly the reported case', async () => {
  test.setTimeout(120_000);
  const server = await startReferenceServer({ token: TOKEN, fault: 'crash-on-astral-name' });
  try {
    const first = await runGateCli({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(first.code).toBe(1);
    const replay = /Replay: OMI_FUZZ_SEED=(\d+) OMI_FUZZ_PATH='([^']+)'/.exec(first.stdout)!;
    expect(replay).not.toBeNull();
    const again = await runGateCli({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_FUZZ_SEED: replay[1], OMI_FUZZ_PATH: replay[2] });
    expect(again.code).toBe(1);
    const block = (out: string) => /✗ not_a_server_error[\s\S]*?Replay: [^\n]*/.exec(out)?.[0];
    expect(block(again.stdout)).toBe(block(first.stdout));
    const summary = JSON.parse(readFileSync(path.join(again.reportDir, 'summary.json'), 'utf8'));
    expect(summary.requests).toBe(1);
  } finally {
    await server.close();
  }
});
