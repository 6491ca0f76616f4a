import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { runCleanup } from '../../../src/cli/cleanup-run';
import { RunJournal } from '../../../src/engine/state/run-journal';
import { fieldsSent } from '../../../src/engine/state/write-ahead';
import { ISOLATED_ENV, scratchDir } from '../support/contract';
import { scriptedServer } from '../support/servers';

// npm run cleanup, after a killed run: it deletes what the run's journal says it left, with the
// credentials of the accounts it made them in, says what it deleted, and refuses what it cannot do.

const scratch = scratchDir('cleanup');
afterAll(scratch.remove);
const TOKEN = 'omi_test_cleanup_credential';

/** A journal in a report folder of its own, as a run against `target` left it. */
function leftBy(target: string, made: (journal: RunJournal) => void): string {
  const dir = path.join(scratch.dir, String(Math.random()).slice(2));
  const journal = new RunJournal(path.join(dir, 'journal.jsonl'));
  journal.target = target;
  made(journal);
  journal.save();
  return dir;
}

async function cleanup(env: Record<string, string>, args: string[] = []) {
  const lines: string[] = [];
  const code = await runCleanup(args, { ...ISOLATED_ENV, ...env }, (line) => lines.push(line)).catch((error: Error) => error.message);
  return { code, lines };
}

test('with no journal, or the journal of a mock run, there is nothing to clean up', async () => {
  const none = await cleanup({ OMI_REPORT_DIR: path.join(scratch.dir, 'empty') });
  expect(none).toEqual({ code: 0, lines: [expect.stringMatching(/^Nothing to clean up: no journal at .*journal\.jsonl\.$/)] });
  // A mock run writes no target in its journal.
  const mock = path.join(scratch.dir, 'mock');
  const journal = new RunJournal(path.join(mock, 'journal.jsonl'));
  journal.recordSecret('x');
  journal.save();
  expect((await cleanup({ OMI_REPORT_DIR: mock })).lines[0]).toMatch(/the journal of a run against the mock/);
});

test('what the journal lists is deleted with the credential of the account that made it, and said; nothing else is sent a delete', async () => {
  const server = await scriptedServer((r) => (r.method === 'DELETE' ? { status: 200, body: '{}' } : { status: 200, body: '[]' }));
  try {
    const dir = leftBy(server.url, (j) => {
      j.recordResource('/v1/dev/user/memories', 'm1');
      j.recordResource('/v1/dev/user/memories', 'm2');
    });
    const { code, lines } = await cleanup({ OMI_REPORT_DIR: dir, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(lines).toEqual(['Deleted 2 resource(s) the run left: /v1/dev/user/memories/m1, /v1/dev/user/memories/m2.']);
    expect(server.received.filter((r) => r.method === 'DELETE').map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/v1/dev/user/memories/m1', `Bearer ${TOKEN}`],
      ['/v1/dev/user/memories/m2', `Bearer ${TOKEN}`],
    ]);
  } finally {
    await server.close();
  }
});

test('a journal of another target, or of a second account whose credential is not given, is refused before anything is sent', async () => {
  const server = await scriptedServer(() => ({ status: 200, body: '[]' }));
  try {
    const elsewhere = leftBy('http://127.0.0.2:9', (j) => j.recordResource('/v1/dev/user/memories', 'm1'));
    expect((await cleanup({ OMI_REPORT_DIR: elsewhere, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN })).code).toMatch(/is the journal of a run against http:\/\/127\.0\.0\.2:9: point OMI_API_BASE_URL/);
    const other = leftBy(server.url, (j) => j.recordResource('/v1/dev/user/memories', 'm9', 'other'));
    expect((await cleanup({ OMI_REPORT_DIR: other, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN })).code).toMatch(/lists what the run made in its second account too: set OMI_API_TOKEN_OTHER/);
    expect(server.received).toEqual([]);
    expect(existsSync(path.join(other, 'journal.jsonl'))).toBe(true);
  } finally {
    await server.close();
  }
});

test('what creates whose answer never came made is found in their list by the fields they sent, a batch item by item; nothing else is deleted', async () => {
  const listed = [{ id: 'pre-1', content: 'lost' }, { id: 'x1', content: 'lost' }, { id: 'x2', content: 'b1' }, { id: 'x3', content: 'b2' }, { id: 'x4', content: 'someone else' }];
  const server = await scriptedServer((r) => {
    if (r.method === 'DELETE') return { status: 200, body: '{}' };
    const offset = Number(new URL(r.url, 'http://x').searchParams.get('offset') ?? 0);
    return { status: 200, body: JSON.stringify(r.url.startsWith('/v1/dev/user/memories') ? listed.slice(offset) : []) };
  });
  try {
    const dir = leftBy(server.url, (j) => {
      j.snapshot = { ids: ['pre-1'], complete: ['/v1/dev/user/memories'] };
      j.announceCreate({ collection: '/v1/dev/user/memories', ...fieldsSent({ kind: 'json', value: { content: 'lost' }, contentType: 'application/json' }) });
      j.announceCreate({ collection: '/v1/dev/user/memories', ...fieldsSent({ kind: 'json', value: { memories: [{ content: 'b1' }, { content: 'b2' }] }, contentType: 'application/json' }) });
    });
    const { code, lines } = await cleanup({ OMI_REPORT_DIR: dir, OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN });
    expect(code).toBe(0);
    expect(server.received.filter((r) => r.method === 'DELETE').map((r) => r.url).sort()).toEqual(['/v1/dev/user/memories/x1', '/v1/dev/user/memories/x2', '/v1/dev/user/memories/x3']);
    expect(lines[0]).toMatch(/^Deleted 3 resource\(s\) the run left: .* \(and looked for what 2 unanswered create\(s\) made\)\.$/);
  } finally {
    await server.close();
  }
});
