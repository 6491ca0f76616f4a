import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { startReferenceServer } from '../../fixtures/reference-server';
import type { ReferenceServer } from '../../fixtures/reference-server/server';
import { splitSchemesContract } from './gate-runs';
import { cleanUpAfterTests, collect, CONTRACT_PATH, ROOT, runGateCli, scratchDir, spawnTracked, WHOLE_CONTRACT_PATH, type GateExit } from './support';

test.afterAll(cleanUpAfterTests);

// These run the gate as a user does, `npx playwright test`, against reference servers started here
// (the bad-input cases stop before any server would start).

const TOKEN = 'omi_test_cli_credential_5f1c';
for (const [label, env, message] of [
  ['a URL without a token', { OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'http://127.0.0.1:9' }, /OMI_API_TOKEN is not/],
  ['a malformed URL', { OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'not a url', OMI_API_TOKEN: TOKEN }, /not a URL/],
  ['a public URL without OMI_LIVE', { OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'https://api.example.invalid', OMI_API_TOKEN: TOKEN }, /OMI_LIVE=1/],
  ['a bad fuzz budget', { OMI_FUZZ_RUNS: 'many' }, /OMI_FUZZ_RUNS must be/],
  ['an unknown check name', { OMI_EXCLUDE_CHECKS: 'no_such_check' }, /unknown check name\(s\).*no_such_check/],
  ['a token too short to be a credential', { OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: 'tok' }, /too short to be a bearer credential/],
] as const) {
  test(`${label} is a one-line error and exit 2`, async () => {
    const result = await runGateCli(env);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toContain(TOKEN);
  });
}

test('more than one worker, or shards without a shared seed, is a one-line error and exit 2', async () => {
  for (const [args, env, message] of [
    [['--workers', '2'], {}, /runs in one worker/],
    [['-j4'], {}, /runs in one worker/],
    [['--shard=1/2'], {}, /sharded run needs OMI_FUZZ_SEED/],
  ] as const) {
    const result = await runGateCli(env, [...args]);
    expect(result.code, args.join(' ')).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(message);
  }
});

test('a broken openapi.json is a one-line error and exit 2', async () => {
  const dir = scratchDir('spec');
  for (const [name, text, message] of [
    ['not-json.json', '{"openapi": "3.1.0", ', /not valid JSON/],
    ['swagger.json', '{"swagger": "2.0", "paths": {}}', /swagger\.json is not an OpenAPI 3\.0 or 3\.1 document/],
    ['bad-ref.json', readFileSync(CONTRACT_PATH, 'utf8').replace('#/components/schemas/CreateApiKey', '#/components/schemas/Nope'), /does not resolve|does not compile/],
    ['bad-type.json', readFileSync(CONTRACT_PATH, 'utf8').replace('"description": "Descriptive name for the key."', '"type": "text", "description": "Descriptive name for the key."'), /bad-type\.json: the schema at .* does not compile/],
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
  ].join('\n'), html], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  expect(unpacked.status, unpacked.stderr).toBe(0);
  expect(unpacked.stdout.length).toBeGreaterThan(1000);
  texts.push({ file: `${html} (embedded report data)`, text: unpacked.stdout });
  return texts;
}

/** Runs `body` against a reference server started for it (conforming, or with one fault), closed after. */
async function withServer(fault: string | undefined, body: (server: ReferenceServer, live: Record<string, string>) => Promise<void>): Promise<void> {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    await body(server, { OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
  } finally {
    await server.close();
  }
}

for (const fault of ['list-leaks-secret', 'key-without-prefix']) {
  test(`against a server that breaks the contract (${fault}): non-zero exit, the finding reported, no secret in any artifact`, async () => {
    test.setTimeout(120_000);
    // list-leaks-secret puts full secrets in list bodies; key-without-prefix issues secrets that no
    // key-shaped pattern would catch, so only the exact redaction of each seen secret can hide them.
    await withServer(fault, async (server, live) => {
      const result = await runGateCli(live);
      expect(result.code).toBe(1);
      const check = fault === 'list-leaks-secret' ? 'list_hides_secrets' : 'key_documented_prefix';
      expect(result.stdout).toContain(check);
      // The real junit.xml: each failed phase a <failure> typed by its checks, counted as failures, no errors.
      const junit = readFileSync(path.join(result.reportDir, 'junit.xml'), 'utf8');
      const failures = junit.match(/<failure message="[^"]*" type="([^"]*)">/g) ?? [];
      expect(failures.length).toBeGreaterThan(0);
      expect(failures.some((f) => f.includes(`type="${check}`) || f.includes(`, ${check}`))).toBe(true);
      expect(junit).not.toContain('<error ');
      expect(junit.match(/<testsuites [^>]*>/)![0]).toMatch(new RegExp(`failures="${failures.length}" .*errors="0"`));
      expect(result.stdout).toMatch(/replay: .*OMI_API_BASE_URL=\S+ OMI_API_TOKEN="\$OMI_API_TOKEN"(?: OMI_CONTRACT=\S+)? OMI_FUZZ_SEED=\d+/);
      const secrets = [TOKEN, ...server.issuedSecrets()];
      expect(secrets.length).toBeGreaterThan(100);
      const artifacts = [{ file: 'stdout', text: result.stdout }, { file: 'stderr', text: result.stderr }, ...artifactTexts(result.reportDir)];
      // The evidence really holds the responses that carried secrets, filtered.
      expect(artifacts.some(({ text }) => text.includes('[Filtered]'))).toBe(true);
      const leaks = artifacts.flatMap(({ file, text }) => (secrets.some((secret) => text.includes(secret)) ? [file] : []));
      expect(leaks).toEqual([]);
      expect(server.liveKeyCount()).toBe(0);
    });
  });
}

test('with a second account, the whole contract run probes the walls: a fault is reported with a replay line that keeps both credentials in the shell, and no credential is in any artifact', async () => {
  test.setTimeout(240_000);
  const other = 'omi_test_cli_second_account_9a3e';
  for (const fault of [undefined, 'account-list-shows-other']) {
    const server = await startReferenceServer({ token: TOKEN, otherToken: other, fault });
    try {
      const result = await runGateCli({ OMI_CONTRACT: WHOLE_CONTRACT_PATH, OMI_FUZZ_RUNS: '100', OMI_FUZZ_SEED: '5', OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: other });
      const summary = JSON.parse(readFileSync(path.join(result.reportDir, 'summary.json'), 'utf8'));
      expect(summary.untested).toBeUndefined();
      expect(summary.phases.map((p: { key: string }) => p.key)).toContain('accounts/isolation');
      if (fault === undefined) {
        expect(result.code, result.stdout.slice(-3000)).toBe(0);
      } else {
        expect(result.code).toBe(1);
        expect(result.stdout).toContain('other_account_unlisted');
        expect(result.stdout).toMatch(/replay: .*OMI_API_TOKEN="\$OMI_API_TOKEN" OMI_API_TOKEN_OTHER="\$OMI_API_TOKEN_OTHER".* OMI_FUZZ_PATH='accounts\/isolation:\d+'/);
      }
      const leaks = [{ file: 'stdout', text: result.stdout }, { file: 'stderr', text: result.stderr }, ...artifactTexts(result.reportDir)].flatMap(({ file, text }) => ([TOKEN, other, ...server.issuedSecrets()].some((secret) => text.includes(secret)) ? [file] : []));
      expect(leaks).toEqual([]);
      expect(server.liveKeyCount()).toBe(0);
    } finally {
      await server.close();
    }
  }
});

test('against the conforming server the gate passes and leaves no key behind', async () => {
  test.setTimeout(120_000);
  await withServer(undefined, async (server, live) => {
    const result = await runGateCli(live);
    expect(result.code, result.stdout.slice(-3000)).toBe(0);
    expect(server.liveKeyCount()).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(result.reportDir, 'summary.json'), 'utf8'));
    expect(summary.requests).toBeGreaterThanOrEqual(1000);
  });
});

test('against a server that hangs, the run ends with target_responds and names what it could not revoke', async () => {
  test.setTimeout(120_000);
  await withServer('hang-after-50', async (_server, live) => {
    const result = await runGateCli(live);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('target_responds');
    expect(result.stdout + result.stderr).toMatch(/could not be revoked/);
  });
});

test('a printed replay line replays exactly the reported case', async () => {
  test.setTimeout(120_000);
  await withServer('crash-on-astral-name', async (_server, live) => {
    // Verbose, so the console shows each violation's block too: the replay must print the same one.
    const first = await runGateCli({ ...live, OMI_VERBOSE: '1' });
    expect(first.code).toBe(1);
    const replay = /OMI_FUZZ_SEED=(\d+) OMI_FUZZ_PATH='([^']+)'/.exec(first.stdout)!;
    expect(replay).not.toBeNull();
    // Replayed into the run's own report folder, as a user copying the line with OMI_REPORT_DIR set would.
    const runFiles = ['summary.json', 'violations.json', 'gate.html', 'junit.xml'].map((f) => readFileSync(path.join(first.reportDir, f), 'utf8'));
    const again = await runGateCli({ ...live, OMI_FUZZ_SEED: replay[1], OMI_FUZZ_PATH: replay[2], OMI_REPORT_DIR: first.reportDir, OMI_VERBOSE: '1' });
    expect(again.code).toBe(1);
    const block = (out: string) => /✗ not_a_server_error[\s\S]*?Replay: [^\n]*/.exec(out)?.[0];
    expect(block(first.stdout)).toBeDefined();
    expect(block(again.stdout)).toBe(block(first.stdout));
    // The replay's reports are its own, in replay/; the run's are as the run left them.
    const summary = JSON.parse(readFileSync(path.join(first.reportDir, 'replay', 'summary.json'), 'utf8'));
    expect(summary.requests).toBe(1);
    expect(['summary.json', 'violations.json', 'gate.html', 'junit.xml'].map((f) => readFileSync(path.join(first.reportDir, f), 'utf8'))).toEqual(runFiles);
  });
});

/** Runs one of the project's commands; asynchronously, since the test servers live in this process. */
function runTool(script: string, args: string[], env: Record<string, string>): Promise<GateExit> {
  return collect(spawnTracked(process.execPath, ['--import', 'tsx', path.join('src', 'cli', script), ...args], { cwd: ROOT, env: { ...process.env, ...env } }));
}

test('violations become saved regression cases and known discrepancies, with one command each', async () => {
  test.setTimeout(180_000);
  const work = scratchDir('regress');
  const dirs = { OMI_REGRESSIONS_DIR: path.join(work, 'regressions'), OMI_KNOWN_DISCREPANCIES: path.join(work, 'known.json') };
  const faulty = await startReferenceServer({ token: TOKEN, fault: 'crash-on-astral-name' });
  try {
    const live = { ...dirs, OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: faulty.url, OMI_API_TOKEN: TOKEN };
    const first = await runGateCli(live);
    expect(first.code).toBe(1);
    const report = { OMI_REPORT_DIR: first.reportDir };

    const saved = await runTool('save-regression.ts', ['--all'], { ...live, ...report });
    expect(saved.code, saved.stderr).toBe(0);
    const files = readdirSync(dirs.OMI_REGRESSIONS_DIR);
    expect(files.length).toBeGreaterThanOrEqual(3);
    expect(files.some((f) => /^not_a_server_error--createApiKey--.+--live--[0-9a-f]{8}\.json$/.test(f))).toBe(true);
    expect(readFileSync(path.join(dirs.OMI_REGRESSIONS_DIR, files[0]), 'utf8')).not.toContain(TOKEN);

    const replayed = await runTool('replay.ts', [path.join(dirs.OMI_REGRESSIONS_DIR, files[0])], live);
    expect(replayed.code, replayed.stdout + replayed.stderr).toBe(1);
    expect(replayed.stdout).toMatch(/✗ \w+ · createApiKey · regressions/);

    // Saved cases are sent first, before any random case, and judged by the normal checks.
    const second = await runGateCli({ ...live, OMI_VERBOSE: '1' });
    expect(second.code).toBe(1);
    expect(second.stdout.indexOf('regressions')).toBeLessThan(second.stdout.indexOf('createApiKey (POST'));
    expect(second.stdout).toMatch(/regressions › createApiKey: \d+ saved case/);
    expect(second.stdout).toContain('✗ not_a_server_error · createApiKey · regressions');

    const recorded = await runTool('known-discrepancies.ts', ['record', '--reason', 'astral names crash; accepted until the fix ships'], { ...live, OMI_REPORT_DIR: second.reportDir });
    expect(recorded.code, recorded.stderr).toBe(0);
    const known = JSON.parse(readFileSync(dirs.OMI_KNOWN_DISCREPANCIES, 'utf8')).discrepancies;
    expect(known.map((k: { check: string }) => k.check).sort()).toEqual(['not_a_server_error', 'positive_data_acceptance', 'status_code_conformance']);

    const accepted = await runGateCli(live);
    expect(accepted.code, accepted.stdout.slice(-2000)).toBe(0);
    expect(accepted.stdout).toMatch(/0 violations \(distinct\), 0 cause\(s\), [1-9]\d* known discrepancies/);
  } finally {
    await faulty.close();
  }
  const fixedServer = await startReferenceServer({ token: TOKEN });
  try {
    const fixedRun = await runGateCli({ ...dirs, OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: fixedServer.url, OMI_API_TOKEN: TOKEN });
    expect(fixedRun.code).toBe(0);
    expect(fixedRun.stdout).toMatch(/[1-9]\d* known discrepancies no longer seen/);
    const summary = JSON.parse(readFileSync(path.join(fixedRun.reportDir, 'summary.json'), 'utf8'));
    expect(summary.fixed).toHaveLength(3);
  } finally {
    await fixedServer.close();
  }
});

test('a new violation still fails a run that has known discrepancies', async () => {
  test.setTimeout(120_000);
  const work = scratchDir('known');
  const knownFile = path.join(work, 'known.json');
  writeFileSync(knownFile, JSON.stringify({ discrepancies: [{ operation: 'createApiKey', check: 'not_a_server_error', status: 500, location: '', reason: 'accepted for this test' }] }));
  await withServer('html-content-type-on-success', async (_server, live) => {
    const result = await runGateCli({ ...live, OMI_KNOWN_DISCREPANCIES: knownFile });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('content_type_conformance');
  });
});

test('a refused credential or a target that does not answer ends the run before any phase, in one line, exit 2', async () => {
  test.setTimeout(120_000);
  await withServer(undefined, async (_server, live) => {
    const refused = await runGateCli({ ...live, OMI_API_TOKEN: 'omi_test_not_the_servers_token' });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^omi-contract-gate: the target refused the credential: 401 .*check OMI_API_TOKEN$/);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stdout).not.toContain('A valid request was rejected');
    expect(refused.stderr + refused.stdout).not.toContain('omi_test_not_the_servers_token');
    // A second account's credential the target refuses is the user's to fix too, named by its variable.
    const otherRefused = await runGateCli({ ...live, OMI_API_TOKEN_OTHER: 'omi_test_no_such_second_account' });
    expect(otherRefused.code).toBe(2);
    expect(otherRefused.stderr.trim()).toMatch(/^omi-contract-gate: the target refused the second account's credential: 401 .*check OMI_API_TOKEN_OTHER$/);
    expect(otherRefused.stderr + otherRefused.stdout).not.toContain('omi_test_no_such_second_account');
  });
  const silent = await runGateCli({ OMI_CONTRACT: CONTRACT_PATH, OMI_API_BASE_URL: 'http://127.0.0.1:9', OMI_API_TOKEN: TOKEN, OMI_REQUEST_TIMEOUT_MS: '2000' });
  expect(silent.code).toBe(2);
  expect(silent.stderr.trim()).toMatch(/^omi-contract-gate: the target does not answer at http:\/\/127\.0\.0\.1:9: /);
});

test('split schemes: each credential where its scheme is asked for, a refused one named by its own variable, no credential in any artifact', async () => {
  test.setTimeout(180_000);
  const keyTokens = ['omi_test_cli_firebase_main', 'omi_test_cli_firebase_other'];
  const other = 'omi_test_cli_split_other_account';
  const server = await startReferenceServer({ token: TOKEN, otherToken: other, keyTokens });
  try {
    const live = { OMI_CONTRACT: splitSchemesContract(), OMI_FUZZ_RUNS: '60', OMI_FUZZ_SEED: '3', OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: other, OMI_API_TOKEN_FIREBASE_BEARER: keyTokens[0], OMI_API_TOKEN_OTHER_FIREBASE_BEARER: keyTokens[1] };
    const result = await runGateCli(live);
    expect(result.code, result.stdout.slice(-2000)).toBe(0);
    const secrets = [TOKEN, other, ...keyTokens, ...server.issuedSecrets()];
    const leaks = [{ file: 'stdout', text: result.stdout }, { file: 'stderr', text: result.stderr }, ...artifactTexts(result.reportDir)].flatMap(({ file, text }) => (secrets.some((secret) => text.includes(secret)) ? [file] : []));
    expect(leaks).toEqual([]);
    expect(server.liveKeyCount()).toBe(0);
    // The data credential where the Firebase token belongs: refused by the key routes, named by the variable to set.
    const refused = await runGateCli({ ...live, OMI_API_TOKEN_FIREBASE_BEARER: '' });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trim()).toMatch(/^omi-contract-gate: the target refused the credential of scheme firebaseBearer: 401 .*\(on listApiKeys\); check OMI_API_TOKEN \(or set OMI_API_TOKEN_FIREBASE_BEARER, its own credential\)$/);
    const wrong = await runGateCli({ ...live, OMI_API_TOKEN_FIREBASE_BEARER: 'omi_test_not_a_firebase_token' });
    expect(wrong.stderr.trim()).toMatch(/check OMI_API_TOKEN_FIREBASE_BEARER$/);
    expect(wrong.stderr + wrong.stdout).not.toContain('omi_test_not_a_firebase_token');
  } finally {
    await server.close();
  }
});

test('the mock takes a free port; OMI_MOCK_PORT on a port something holds is one line and exit 2', async () => {
  test.setTimeout(120_000);
  const holder = createServer((_req, res) => res.end('another Prism, of another contract'));
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const port = (holder.address() as { port: number }).port;
  try {
    const clash = await runGateCli({ OMI_CONTRACT: CONTRACT_PATH, OMI_MOCK_PORT: String(port) });
    expect(clash.code).toBe(2);
    expect(clash.stderr.trim()).toBe(`omi-contract-gate: OMI_MOCK_PORT ${port} is taken on 127.0.0.1: free it, or leave OMI_MOCK_PORT unset for a free port`);
    // Unset, the run picks a port of its own, whatever holds the others.
    const free = await runGateCli({ OMI_CONTRACT: CONTRACT_PATH, OMI_FUZZ_RUNS: '20' });
    expect(free.code, free.stdout.slice(-1500)).toBe(0);
  } finally {
    holder.close();
  }
});

test('a passing mock run fits one screen and ends with its verdict; the tables are in summary.txt', async () => {
  test.setTimeout(120_000);
  const result = await runGateCli({ OMI_FUZZ_RUNS: '40' });
  expect(result.code, result.stdout.slice(-1500)).toBe(0);
  const lines = result.stdout.trimEnd().split('\n');
  expect(lines.length).toBeLessThanOrEqual(30);
  expect(lines.at(-1)).toMatch(/^Verdict: PASS: openapi\.json holds on the Prism mock \(static\): \d+ requests, \d+ phases$/);
  expect(lines.at(-2)).toContain('gate.html');
  expect(readFileSync(path.join(result.reportDir, 'summary.txt'), 'utf8')).toMatch(/check +cases judged[\s\S]*phase +cases sent[\s\S]*Verdict: PASS/);
  const summary = JSON.parse(readFileSync(path.join(result.reportDir, 'summary.json'), 'utf8'));
  expect({ verdict: summary.verdict, target: summary.target.kind, contract: summary.contract.file, causes: summary.causes }).toEqual({ verdict: 'pass', target: 'mock', contract: 'openapi.json', causes: [] });
  expect(summary.seed).toEqual(expect.any(Number));
});
