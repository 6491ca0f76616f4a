import { test, expect } from '@playwright/test';
import { EXCHANGE_CHECKS } from '../../src/checks';
import { spawn } from 'node:child_process';
import { Agent, request as httpRequest } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { CHECK_NAMES, FAULTS } from '../../fixtures/reference-server/faults';
import { loadContract, startReferenceServer } from '../../fixtures/reference-server';
import type { ReferenceServer } from '../../fixtures/reference-server/server';

const TOKEN = 'self-test-account-token';
const KEYS = '/v1/dev/keys';
const CONTRACT = loadContract();
const READ_DEFAULT = CONTRACT.scopes.filter((s) => s.endsWith(':read'));

test.describe.configure({ mode: 'parallel' });

type Obj = Record<string, unknown>;

interface Reply {
  status: number;
  type: string;
  text: string;
  body: unknown;
}

interface CallOptions {
  /** Full Authorization header; null = none; default = the account token as Bearer. */
  auth?: string | null;
  body?: string;
  /** Content-Type for the body; null = send none. Default application/json. */
  type?: string | null;
  timeoutMs?: number;
}

async function call(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? `Bearer ${TOKEN}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  let body: string | Uint8Array | undefined;
  if (opts.body !== undefined) {
    const type = opts.type === undefined ? 'application/json' : opts.type;
    if (type === null) body = new TextEncoder().encode(opts.body); // no implicit text/plain
    else {
      headers['content-type'] = type;
      body = opts.body;
    }
  }
  const res = await fetch(base + path, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 2000) });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, body: parsed };
}

/**
 * The same as `call` over node:http with a keep-alive agent: several times cheaper than fetch, for the
 * mini-suite, which sends ~9k requests.
 */
const MINI_AGENT = new Agent({ keepAlive: true, maxSockets: 4 });

function rawCall(base: string, method: string, path: string, opts: CallOptions = {}): Promise<Reply> {
  const url = new URL(base + path);
  const headers: Record<string, string> = {};
  const auth = opts.auth === undefined ? `Bearer ${TOKEN}` : opts.auth;
  if (auth !== null) headers.authorization = auth;
  if (opts.body !== undefined && opts.type !== null) headers['content-type'] = opts.type ?? 'application/json';
  return new Promise<Reply>((done, fail) => {
    const req = httpRequest(
      { host: url.hostname, port: url.port, path: url.pathname, method, headers, agent: MINI_AGENT, timeout: opts.timeoutMs ?? 2000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', fail);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = text === '' ? undefined : JSON.parse(text);
          } catch {
            body = undefined;
          }
          done({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), text, body });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', fail);
    req.end(opts.body);
  });
}

const create = (base: string, payload: unknown, opts: CallOptions = {}): Promise<Reply> =>
  call(base, 'POST', KEYS, { body: JSON.stringify(payload), ...opts });

function isErrorResponse(r: Reply): boolean {
  return (
    r.type.split(';')[0]!.trim().toLowerCase() === 'application/json' &&
    typeof r.body === 'object' &&
    r.body !== null &&
    typeof (r.body as { detail?: unknown }).detail === 'string'
  );
}

async function withServer<T>(fault: string | undefined, fn: (s: ReferenceServer) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ token: TOKEN, fault });
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

test('conforming server: create -> list -> key authenticates -> revoke -> 404 -> revoked key 401', async () => {
  await withServer(undefined, async (s) => {
    expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const before = Date.now();
    const c = await create(s.url, { name: '  My Key \u{1F511} ', scopes: ['memories:write', 'memories:write'], extra: true });
    expect(c.status).toBe(200);
    expect(c.type).toBe('application/json');
    const k = c.body as Obj;
    expect(k.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(k.name).toBe('  My Key \u{1F511} ');
    expect(k.key).toMatch(/^omi_dev_[0-9a-f]{32}$/);
    const key = k.key as string;
    expect(k.key_prefix).toBe(`omi_dev_${key.slice(8, 12)}...${key.slice(-4)}`);
    expect(k.created_at).toMatch(/Z$/);
    expect(Date.parse(k.created_at as string)).toBeGreaterThanOrEqual(before - 5);
    expect(k.last_used_at).toBeNull();
    expect(k.scopes).toEqual(['memories:write', 'memories:write']);
    expect(Object.keys(k)).toEqual(['id', 'name', 'key_prefix', 'key', 'created_at', 'last_used_at', 'scopes']);

    const d = await create(s.url, { name: 'default scopes' });
    expect((d.body as Obj).scopes).toEqual(READ_DEFAULT);
    expect(READ_DEFAULT).toEqual(['conversations:read', 'memories:read', 'action_items:read', 'goals:read']);
    expect(s.liveKeyCount()).toBe(2);

    // the new key is a credential at once, for any route
    const list = await call(s.url, 'GET', KEYS, { auth: `Bearer ${key}` });
    expect(list.status).toBe(200);
    expect(list.type).toBe('application/json');
    const items = list.body as Obj[];
    expect(items.map((i) => i.id)).toEqual([k.id, (d.body as Obj).id]);
    const { key: _secret, ...withoutSecret } = k;
    expect(items[0]).toEqual(withoutSecret);
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain((d.body as Obj).key as string);
    const byKey = await create(s.url, { name: 'made with a key' }, { auth: `bearer ${key}` });
    expect(byKey.status).toBe(200);

    const del = await call(s.url, 'DELETE', `${KEYS}/${k.id as string}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe('');
    const after = await call(s.url, 'GET', KEYS);
    expect((after.body as Obj[]).map((i) => i.id)).not.toContain(k.id);
    expect((after.body as Obj[]).length).toBe(2);
    const again = await call(s.url, 'DELETE', `${KEYS}/${k.id as string}`);
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ detail: 'Not found' });
    const revokedUse = await call(s.url, 'GET', KEYS, { auth: `Bearer ${key}` });
    expect(revokedUse.status).toBe(401);
    expect(isErrorResponse(revokedUse)).toBe(true);
    expect(s.liveKeyCount()).toBe(2);

    // a key may revoke itself, and stops working immediately
    const self = (byKey.body as Obj).key as string;
    expect((await call(s.url, 'DELETE', `${KEYS}/${encodeURIComponent((byKey.body as Obj).id as string)}`, { auth: `Bearer ${self}` })).status).toBe(204);
    expect((await call(s.url, 'GET', KEYS, { auth: `Bearer ${self}` })).status).toBe(401);
    expect(s.requestCount()).toBe(10);
  });
});

test('conforming server: validation and auth errors', async () => {
  await withServer('none', async (s) => {
    for (const name of ['', '   ', 'ctl\u0000\u0007', 'e\u0301', '\u{1F600}'.repeat(300), 'z'.repeat(5000), '\ud800 lone']) {
      const r = await create(s.url, { name });
      expect(r.status, JSON.stringify(name).slice(0, 40)).toBe(200);
      expect((r.body as Obj).name).toBe(name);
    }
    expect((await create(s.url, { name: 'a', scopes: [] })).body).toMatchObject({ scopes: [] });
    expect((await create(s.url, { name: 'a' }, { type: 'Application/JSON; charset=UTF-8' })).status).toBe(200);

    const bad: CallOptions[] = [
      { body: '{"name":' },
      { body: '' },
      { body: 'null' },
      { body: '"name"' },
      { body: '[{"name":"a"}]' },
      { body: '{"scopes":[]}' },
      { body: '{"name":null}' },
      { body: '{"name":["a"]}' },
      { body: '{"name":"a","scopes":null}' },
      { body: '{"name":"a","scopes":{}}' },
      { body: '{"name":"a","scopes":["memories:read","memories:admin"]}' },
      { body: '{"name":"a","scopes":["MEMORIES:READ"]}' },
      { body: '{"name":"a"}', type: 'text/plain' },
      { body: '{"name":"a"}', type: 'application/json-patch+json' },
      { body: '{"name":"a"}', type: null },
    ];
    for (const b of bad) {
      const r = await call(s.url, 'POST', KEYS, b);
      expect(r.status, `${b.type ?? ''} ${b.body ?? ''}`).toBe(422);
      expect(isErrorResponse(r)).toBe(true);
    }
    expect(s.liveKeyCount()).toBe(9);

    for (const auth of [null, `Basic ${TOKEN}`, `Token ${TOKEN}`, 'Bearer', 'Bearer   ', `Bearer ${TOKEN}x`, `Bearer omi_dev_${'0'.repeat(32)}`, TOKEN]) {
      for (const [method, path] of [['GET', KEYS], ['POST', KEYS], ['DELETE', `${KEYS}/x`]] as const) {
        // auth comes before the body: a malformed body still gets 401
        const r = await call(s.url, method, path, { auth, body: method === 'POST' ? '{' : undefined });
        expect(r.status, `${method} ${auth}`).toBe(401);
        expect(isErrorResponse(r)).toBe(true);
      }
    }
    expect((await call(s.url, 'GET', KEYS, { auth: `BEARER ${TOKEN}` })).status).toBe(200);

    const notFound = await call(s.url, 'GET', '/v1/dev/nothing');
    expect([notFound.status, isErrorResponse(notFound)]).toEqual([404, true]);
    const notAllowed = await call(s.url, 'PUT', KEYS);
    expect([notAllowed.status, isErrorResponse(notAllowed)]).toEqual([405, true]);
    expect((await call(s.url, 'DELETE', `${KEYS}/%E0%A4%A`)).status).toBe(404);
    expect(s.liveKeyCount()).toBe(9);
  });
});

test('FAULTS: at least 28 unique kebab-case faults covering every check name', () => {
  const names = FAULTS.map((f) => f.name);
  expect(names.length).toBeGreaterThanOrEqual(28);
  expect(new Set(names).size).toBe(names.length);
  const known = new Set<string>(CHECK_NAMES);
  // The catalog names every check the suite has, and no other.
  expect([...known].sort()).toEqual(EXCHANGE_CHECKS.map((c) => c.name).sort());
  for (const f of FAULTS) {
    expect(f.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(f.description.length).toBeGreaterThan(10);
    expect(f.description).not.toMatch(/\n/);
    expect(f.expectedChecks.length).toBeGreaterThan(0);
    for (const c of f.expectedChecks) expect(known.has(c), `${f.name}: ${c}`).toBe(true);
  }
  const covered = new Set(FAULTS.flatMap((f) => f.expectedChecks));
  expect([...known].filter((c) => !covered.has(c))).toEqual([]);
  expect(names).not.toContain('none');
});

test('unknown fault names and bad options are refused', async () => {
  await expect(startReferenceServer({ token: TOKEN, fault: 'no-such-fault' })).rejects.toThrow(/unknown reference-server fault/);
  await expect(startReferenceServer({ token: '' })).rejects.toThrow(/token/);
});

// Whether the suite catches each fault is fault-detection.spec.ts's job, with the real checks.

test('faults behave as described', async () => {
  await withServer('missing-auth-403', async (s) => {
    const r = await call(s.url, 'GET', KEYS, { auth: null });
    expect([r.status, r.body]).toEqual([403, { detail: 'Not authenticated' }]);
    expect((await call(s.url, 'GET', KEYS, { auth: 'Bearer nope' })).status).toBe(401);
  });
  await withServer('naive-created-at', async (s) => {
    const at = (await create(s.url, { name: 'n' })).body as Obj;
    expect(at.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
  });
  await withServer('name-whitespace-stripped', async (s) => {
    expect(((await create(s.url, { name: '  spaced  ' })).body as Obj).name).toBe('spaced');
  });
  await withServer('validation-detail-array', async (s) => {
    const r = await create(s.url, { scopes: [] });
    expect(r.status).toBe(422);
    expect((r.body as Obj).detail).toEqual([{ type: 'missing', loc: ['body', 'name'], msg: expect.any(String), input: { scopes: [] } }]);
  });
  await withServer('crash-on-astral-name', async (s) => {
    const r = await create(s.url, { name: 'ok \u{1F680}' });
    expect([r.status, r.type, r.text]).toEqual([500, 'text/plain; charset=utf-8', 'Internal Server Error']);
    expect((await create(s.url, { name: 'ok \u00e9' })).status).toBe(200);
  });
  await withServer('revoke-unknown-204', async (s) => {
    expect((await call(s.url, 'DELETE', `${KEYS}/${randomUUID()}`)).status).toBe(204);
  });
  await withServer('rejected-create-stored', async (s) => {
    expect((await create(s.url, { name: 'leak', scopes: ['bogus'] })).status).toBe(422);
    const list = await call(s.url, 'GET', KEYS);
    expect((list.body as Obj[]).map((i) => i.name)).toEqual(['leak']);
    expect(s.liveKeyCount()).toBe(1);
  });
  await withServer('hang-after-50', async (s) => {
    for (let i = 0; i < 50; i++) expect((await rawCall(s.url, 'GET', KEYS)).status).toBe(200);
    await expect(call(s.url, 'GET', KEYS, { timeoutMs: 300 })).rejects.toThrow();
    expect(s.requestCount()).toBe(51);
    // close() must end the hung socket and resolve; the test's own timeout bounds it, no timed assertion.
    await expect(s.close()).resolves.toBeUndefined();
  });
  await withServer('crash-after-200', async (s) => {
    for (let i = 0; i < 200; i++) expect((await rawCall(s.url, 'GET', KEYS)).status).toBe(200);
    await expect(call(s.url, 'GET', KEYS)).rejects.toThrow();
    await expect(call(s.url, 'GET', KEYS)).rejects.toThrow(); // listener closed: refused
    expect(s.requestCount()).toBe(201);
  });
});

test('cli: needs OMI_API_TOKEN, prints one line without the token, stops on SIGTERM', async () => {
  const cli = resolve(__dirname, '../../fixtures/reference-server/cli.ts');
  const run = (env: NodeJS.ProcessEnv, args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: resolve(__dirname, '../..'), env: { PATH: process.env.PATH, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    return { child, exited, out: () => out, err: () => err };
  };

  const noToken = run({}, ['--port', '0']);
  expect(await noToken.exited).toBe(2);
  expect(noToken.err().trim().split('\n')).toHaveLength(1);

  const secret = `cli-secret-${randomBytes(6).toString('hex')}`;
  const ok = run({ OMI_API_TOKEN: secret }, ['--port', '0', '--fault', 'create-returns-201']);
  await new Promise<void>((ready) => ok.child.stdout.on('data', () => ok.out().includes('\n') && ready()));
  const line = ok.out().trim();
  expect(line).toMatch(/^reference server listening on http:\/\/127\.0\.0\.1:\d+ \(fault: create-returns-201, parsing: gate\)$/);
  const url = line.split(' ')[4]!;
  const r = await call(url, 'POST', KEYS, { auth: `Bearer ${secret}`, body: '{"name":"cli"}' });
  expect(r.status).toBe(201);
  ok.child.kill('SIGTERM');
  expect(await ok.exited).toBe(0);
  expect(ok.out() + ok.err()).not.toContain(secret);
});

test('each parsing mode reads the values the contract leaves open as its framework does, and the same otherwise', async () => {
  const answers: Record<string, string[]> = {};
  for (const parsing of ['gate', 'fastapi', 'go']) {
    const server = await startReferenceServer({ token: TOKEN, parsing });
    try {
      const count = async (path: string) => {
        const reply = await call(server.url, 'GET', `/v1/dev/user${path}`);
        return Array.isArray(reply.body) ? `${reply.body.length} items` : String(reply.status);
      };
      const created = async (body: string, type: string | null) => {
        const reply = await call(server.url, 'POST', '/v1/dev/user/memories', { body, type });
        return reply.status === 200 ? `200 ${(reply.body as Obj).content}` : String(reply.status);
      };
      answers[parsing] = [
        await count('/action-items?limit=2'), // canonical: read alike
        await count('/action-items?limit=0_1'), // pydantic reads 1; JavaScript and Go refuse it (the list keeps its default)
        await count('/action-items?completed=yes'), // pydantic and the gate read true; Go's ParseBool refuses it
        await count('/memories?categories=%1C'), // whitespace to Python only: no filter there
        await created('{"content":"a"}', null), // no Content-Type: FastAPI and Go parse it anyway
        await created('{"content":"a"}', 'text/plain'), // Go decodes whatever the header says
        await created('{"content":"a","CONTENT":"b"}', 'application/json'), // Go matches keys in any case, the last one winning
        await created('{"content":"Infinity War and NaN bread"}', 'application/json'), // words inside a string are words everywhere
        await created('{"content":"a","tags":NaN}', 'application/json'), // Python's json reads NaN; the FastAPI handler refuses it, as JSON.parse and Go do
        await count('/action-items?limit=1.'), // pydantic refuses it (measured), as Go does and the gate's reading; JavaScript's Number() would read 1
      ];
    } finally {
      await server.close();
    }
  }
  expect(answers).toEqual({
    gate: ['2 items', '6 items', '3 items', '0 items', '422', '422', '200 a', '200 Infinity War and NaN bread', '422', '6 items'],
    fastapi: ['2 items', '1 items', '3 items', '25 items', '200 a', '422', '200 a', '200 Infinity War and NaN bread', '422', '6 items'],
    go: ['2 items', '6 items', '6 items', '0 items', '200 a', '200 a', '200 b', '200 Infinity War and NaN bread', '422', '6 items'],
  });
});
