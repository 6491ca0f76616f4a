import { test, expect } from '@playwright/test';
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import {
  CHECK_NAMES,
  FAULTS,
  loadContract,
  startReferenceServer,
  type ReferenceServer,
} from '../../fixtures/reference-server/index';

const TOKEN = 'self-test-account-token';
const KEYS = '/v1/dev/keys';
const CONTRACT = loadContract();
const READ_DEFAULT = CONTRACT.scopes.filter((s) => s.endsWith(':read'));
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

test.describe.configure({ mode: 'parallel' });

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

// ---------------------------------------------------------------------------------------------
// A miniature of the suite's checks: runs one fixed scenario and returns the check names that fired.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isDateTime = (v: unknown): boolean => typeof v === 'string' && DATE_TIME.test(v) && !Number.isNaN(Date.parse(v));

function apiKeyShapeOk(v: unknown, withSecret: boolean): boolean {
  if (!isObj(v)) return false;
  const strOk = (k: string): boolean => v[k] === undefined || typeof v[k] === 'string';
  if (!strOk('id') || !strOk('name') || !strOk('key_prefix')) return false;
  if (withSecret && !strOk('key')) return false;
  if (v.created_at !== undefined && !isDateTime(v.created_at)) return false;
  if (v.last_used_at !== undefined && v.last_used_at !== null && !isDateTime(v.last_used_at)) return false;
  if (v.scopes !== undefined && v.scopes !== null && !(Array.isArray(v.scopes) && v.scopes.every((s) => typeof s === 'string'))) return false;
  return true;
}

class Stop extends Error {}

async function miniSuite(base: string): Promise<Set<string>> {
  const fired = new Set<string>();
  const documented: Record<string, readonly number[]> = { POST: [200, 401, 422], GET: [200, 401], DELETE: [204, 401, 404] };
  let sent = 0;

  const req = async (method: string, path: string, opts: CallOptions = {}): Promise<Reply> => {
    sent++;
    let r: Reply;
    try {
      r = await call(base, method, path, { timeoutMs: 400, ...opts });
    } catch {
      fired.add('target_responds');
      throw new Stop();
    }
    if (r.status >= 500) fired.add('not_a_server_error');
    if (!documented[method]!.includes(r.status)) fired.add('status_code_conformance');
    else if (r.status !== 204) {
      if (r.type.split(';')[0]!.trim().toLowerCase() !== 'application/json') fired.add('content_type_conformance');
      let ok: boolean;
      if (r.body === undefined) ok = false;
      else if (r.status !== 200) ok = isObj(r.body) && (r.body.detail === undefined || typeof r.body.detail === 'string');
      else if (method === 'POST') ok = apiKeyShapeOk(r.body, true);
      else ok = Array.isArray(r.body) && r.body.every((i) => apiKeyShapeOk(i, false));
      if (!ok) fired.add('response_schema_conformance');
    }
    return r;
  };

  const received: { id: string; key: string; keyPrefix: unknown }[] = [];
  const ids = new Set<string>();
  const keys = new Set<string>();
  const remember = (k: Obj): void => {
    const id = String(k.id);
    const key = String(k.key);
    if (ids.has(id) || keys.has(key)) fired.add('unique_ids_and_keys');
    ids.add(id);
    keys.add(key);
    received.push({ id, key, keyPrefix: k.key_prefix });
  };

  try {
    // auth
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    for (const auth of [null, `Basic ${TOKEN}`, `Basic ${b64(`user:${TOKEN}`)}`, `Token ${TOKEN}`, 'Bearer']) {
      const r = await req('GET', KEYS, { auth });
      if (r.status !== 401 || !isErrorResponse(r)) fired.add('auth_required');
    }
    const unknown = await req('GET', KEYS, { auth: `Bearer omi_dev_${randomBytes(16).toString('hex')}` });
    if (unknown.status !== 401) fired.add('unknown_token_rejected');

    // valid creates
    const positives: { name: string; scopes?: string[] }[] = [
      { name: 'plain' },
      { name: '  padded  ', scopes: [] },
      { name: '' },
      { name: ' \t ' },
      { name: 'emoji \u{1F600}' },
      { name: 'e\u0301' },
      { name: 'bell\u0007' },
      { name: 'x'.repeat(1001) },
      { name: 'y'.repeat(150) },
      { name: 'writes', scopes: ['memories:write', 'goals:write'] },
      { name: 'dups', scopes: ['memories:read', 'memories:read'] },
      { name: 'all', scopes: [...CONTRACT.scopes] },
    ];
    for (const p of positives) {
      const r = await req('POST', KEYS, { body: JSON.stringify(p) });
      if (r.status < 200 || r.status > 299) {
        fired.add('positive_data_acceptance');
        continue;
      }
      if (!isObj(r.body)) continue;
      const k = r.body;
      remember(k);
      const key = typeof k.key === 'string' ? k.key : '';
      if (!key.startsWith('omi_dev_')) fired.add('key_documented_prefix');
      const head = String(k.key_prefix).split(/\.\.\.|\*|…/)[0]!;
      if (!(head.length > 'omi_dev_'.length && key.startsWith(head))) fired.add('key_prefix_consistent');
      if (k.name !== p.name) fired.add('name_round_trip');
      const want = new Set(p.scopes ?? READ_DEFAULT);
      const got = Array.isArray(k.scopes) ? new Set(k.scopes) : null;
      if (got === null || got.size !== want.size || [...want].some((s) => !got.has(s))) fired.add('scopes_round_trip');
      const t = typeof k.created_at === 'string' ? Date.parse(k.created_at) : NaN;
      if (Number.isNaN(t) || Math.abs(Date.now() - t) > 5 * 60_000) fired.add('created_at_recent');
      if (k.last_used_at !== null && k.last_used_at !== undefined) fired.add('last_used_at_unset');
    }

    // invalid creates
    const negatives: CallOptions[] = [
      { body: '{"name": ' },
      { body: '' },
      { body: '[]' },
      { body: '{}' },
      { body: '{"name": 5}' },
      { body: '{"name":"a","scopes":null}' },
      { body: '{"name":"a","scopes":"memories:read"}' },
      { body: '{"name":"a","scopes":["nope:read"]}' },
      { body: '{"name":"a","scopes":[1]}' },
      { body: '{"name":"a"}', type: 'text/plain' },
      { body: '{"name":"a"}', type: null },
    ];
    for (const n of negatives) {
      const r = await req('POST', KEYS, n);
      if (r.status >= 200 && r.status <= 299) {
        fired.add('negative_data_rejection');
        if (isObj(r.body)) remember(r.body);
      }
    }

    // list
    const list = await req('GET', KEYS);
    if (list.status === 200 && Array.isArray(list.body)) {
      const items = list.body.filter(isObj);
      for (const c of received) {
        if (!items.some((i) => String(i.id) === c.id && i.key_prefix === c.keyPrefix)) fired.add('created_key_listed');
      }
      for (const i of items) {
        const text = JSON.stringify(i);
        for (const key of keys) if (key !== '' && text.includes(key)) fired.add('list_hides_secrets');
        if (!ids.has(String(i.id))) fired.add('rejected_create_leaves_nothing');
      }
    }

    // revoke
    const victim = received[0];
    if (victim !== undefined) {
      const path = `${KEYS}/${encodeURIComponent(victim.id)}`;
      const del = await req('DELETE', path);
      if (del.status === 204) {
        const after = await req('GET', KEYS);
        if (Array.isArray(after.body) && after.body.some((i) => isObj(i) && String(i.id) === victim.id)) fired.add('revoked_key_unlisted');
        const use = await req('GET', KEYS, { auth: `Bearer ${victim.key}` });
        if (use.status !== 401) fired.add('revoked_key_rejected');
        const again = await req('DELETE', path);
        if (again.status !== 404) fired.add('revoke_missing_is_404');
      }
    }
    const missing = await req('DELETE', `${KEYS}/${randomUUID()}`);
    if (missing.status !== 404) fired.add('revoke_missing_is_404');

    // volume: keep the target busy past the request counts the transport faults need
    while (sent < 215) await req('GET', KEYS);
  } catch (err) {
    if (!(err instanceof Stop)) throw err;
  }
  return fired;
}

// ---------------------------------------------------------------------------------------------

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
  expect(known.size).toBe(22);
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

test('mini-suite: the conforming server trips no check, and every fault trips one of its expectedChecks', async () => {
  const conforming = await withServer(undefined, (s) => miniSuite(s.url));
  expect([...conforming]).toEqual([]);

  const results = await Promise.all(
    FAULTS.map(async (f) => ({ fault: f, fired: await withServer(f.name, (s) => miniSuite(s.url)) })),
  );
  const missed = results
    .filter(({ fault, fired }) => !fault.expectedChecks.some((c) => fired.has(c)))
    .map(({ fault, fired }) => `${fault.name}: expected one of [${fault.expectedChecks.join(', ')}], fired [${[...fired].join(', ')}]`);
  expect(missed).toEqual([]);
});

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
    for (let i = 0; i < 50; i++) expect((await call(s.url, 'GET', KEYS)).status).toBe(200);
    await expect(call(s.url, 'GET', KEYS, { timeoutMs: 300 })).rejects.toThrow();
    expect(s.requestCount()).toBe(51);
    const t0 = Date.now();
    await s.close();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
  await withServer('crash-after-200', async (s) => {
    for (let i = 0; i < 200; i++) expect((await call(s.url, 'GET', KEYS)).status).toBe(200);
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
  const deadline = Date.now() + 10_000;
  while (!ok.out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const line = ok.out().trim();
  expect(line).toMatch(/^reference server listening on http:\/\/127\.0\.0\.1:\d+ \(fault: create-returns-201\)$/);
  const url = line.split(' ')[4]!;
  const r = await call(url, 'POST', KEYS, { auth: `Bearer ${secret}`, body: '{"name":"cli"}' });
  expect(r.status).toBe(201);
  ok.child.kill('SIGTERM');
  expect(await ok.exited).toBe(0);
  expect(ok.out() + ok.err()).not.toContain(secret);
});
