import { expect, test } from 'vitest';
import { startReferenceServer } from '../../../fixtures/reference-server';
import { runAccountProbes } from '../../../src/engine/phases/account-probes';
import { runScopeProbes } from '../../../src/engine/phases/scope-probes';
import { scopeFamily } from '../../../src/contract/scopes';
import type { Case } from '../../../src/model/case';
import type { Exchange } from '../../../src/model/exchange';
import { testGate } from '../support/contract';
import { probeHarness, type ProbeHarnessOptions, type SentCase } from '../support/probes';
import { startRun, finishRun } from '../../../src/engine/run';

// What the scope and account probes send, step by step, against the conforming reference server:
// which keys they make, what each key is tried on and in what order, what is read before and after a
// refused write, and what happens when an answer is not a success or the target stops.

const TOKEN = 'omi_test_plans_main_credential';
const OTHER = 'omi_test_plans_other_credential';
const ORDER = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

async function withGate<T>(body: (gate: ReturnType<typeof testGate>, server: Awaited<ReturnType<typeof startReferenceServer>>) => Promise<T>): Promise<T> {
  const server = await startReferenceServer({ token: TOKEN, otherToken: OTHER });
  const gate = testGate({ OMI_API_BASE_URL: server.url, OMI_API_TOKEN: TOKEN, OMI_API_TOKEN_OTHER: OTHER, OMI_FUZZ_SEED: '3', OMI_CONCURRENCY: '1' });
  try {
    await startRun(gate);
    return await body(gate, server);
  } finally {
    await finishRun(gate);
    await gate.close();
    await server.close();
  }
}

const answeredBody = (s: SentCase, exchangeBodies: Map<Case, unknown>) => exchangeBodies.get(s.testCase);
const isLabel = (s: SentCase, text: string) => s.testCase.label.includes(text);
const bodyValue = (c: Case) => (c.body.kind === 'json' ? (c.body.value as Record<string, unknown>) : undefined);

/** The harness, with every answer's JSON body kept by case (ids and secrets made on the way). */
function recording(gate: ReturnType<typeof testGate>, options: ProbeHarnessOptions = {}) {
  const bodies = new Map<Case, unknown>();
  const harness = probeHarness(gate, {
    ...options,
    rewrite: (testCase, exchange) => {
      const answer: Exchange = options.rewrite ? options.rewrite(testCase, exchange) : exchange;
      try {
        bodies.set(testCase, JSON.parse(answer.response?.body ?? ''));
      } catch {
        // no JSON: nothing made
      }
      return answer;
    },
  });
  return { ...harness, bodies };
}

/** An answer turned into a 300 (no success, no refusal a client may rely on either). */
const as300 = (exchange: Exchange): Exchange => ({ ...exchange, response: exchange.response && { ...exchange.response, status: 300 } });

test('scope probes: per scope set a key, one of each resource by the main credential, every scoped operation with the key in method order, then revoked and tried again', async () => {
  await withGate(async (gate) => {
    const { sent, revoked, scopeDeps, bodies } = recording(gate);
    const result = await runScopeProbes(scopeDeps);
    expect(result.sent).toBe(sent.length);
    const family = scopeFamily(scopeDeps.scopes);
    const creates = sent.filter((s) => s.testCase.operationId === scopeDeps.createKey.id);
    expect(creates.map((s) => s.testCase.label)).toEqual(family.map((m) => `scopes: a key with ${m.label}`));
    expect(creates.map((s) => bodyValue(s.testCase)?.[scopeDeps.scopeProperty])).toEqual(family.map((m) => m.scopes));
    expect(creates.every((s) => !s.viaKey && s.testCase.expectation === 'accept')).toBe(true);
    const keyIds = creates.map((s) => String((answeredBody(s, bodies) as { id: string }).id));
    expect(revoked).toEqual(keyIds);

    // Each key's section, from its create to the next.
    const starts = creates.map((c) => sent.indexOf(c));
    family.forEach((member, k) => {
      const section = sent.slice(starts[k], starts[k + 1] ?? sent.length);
      const made = section.filter((s) => isLabel(s, 'for the key to act on'));
      expect(made.length, member.label).toBeGreaterThan(0);
      expect(made.every((s) => !s.viaKey && s.testCase.method === 'POST')).toBe(true);
      const madeIds = new Set(made.map((s) => String((answeredBody(s, bodies) as { id: string }).id)));
      const probes = section.filter((s) => s.viaKey && !isLabel(s, 'revoked'));
      expect(probes.map((s) => s.testCase.label).every((l) => l.endsWith(`with a key of ${member.label}`)), member.label).toBe(true);
      const methods = probes.map((s) => ORDER.indexOf(s.testCase.method));
      expect(methods, member.label).toEqual([...methods].sort((a, b) => a - b));
      expect(new Set(probes.map((s) => s.testCase.method))).toEqual(new Set(['GET', 'POST', 'PATCH', 'DELETE']));
      for (const probe of probes) {
        const ids = Object.values(probe.testCase.pathParams);
        for (const id of ids) expect(madeIds.has(id), `${probe.testCase.operationId} acts on ${id}, one this key's section made`).toBe(true);
        expect(probe.testCase.body.kind === 'none', probe.testCase.operationId).toBe(probe.testCase.method === 'GET' || probe.testCase.method === 'DELETE');
        // The conforming server enforces scopes: what it accepted is what the probe expected to be accepted.
        const holds = (probe.status ?? 0) < 300;
        expect(probe.testCase.expectation, `${member.label}: ${probe.testCase.operationId}`).toBe(holds ? 'accept' : 'reject-auth');
        const at = section.indexOf(probe);
        const refusedWrite = !holds && ['PUT', 'PATCH', 'DELETE'].includes(probe.testCase.method);
        // A write the key may not make is read before it and, refused, read back after it, both with the main credential.
        expect(isLabel(section[at - 1], 'before the key writes'), `${member.label}: ${probe.testCase.operationId}`).toBe(refusedWrite);
        if (refusedWrite) expect(section[at - 1].viaKey).toBe(false);
        expect(isLabel(section[at + 1] ?? section[at], 'read back with the main credential')).toBe(refusedWrite && (probe.status ?? 0) >= 300);
      }
      const revoke = section.find((s) => s.testCase.operationId === scopeDeps.revokeKey.id)!;
      expect(revoke.testCase.label).toBe(`scopes: revoke the key with ${member.label}`);
      expect(Object.values(revoke.testCase.pathParams)).toEqual([keyIds[k]]);
      // After the revoke, every probe that was answered with success is sent again, refused now.
      const again = section.slice(section.indexOf(revoke) + 1);
      const answered = probes.filter((s) => (s.status ?? 0) >= 200 && (s.status ?? 0) < 300);
      expect(again.map((s) => [s.testCase.operationId, s.testCase.pathParams])).toEqual(answered.map((s) => [s.testCase.operationId, s.testCase.pathParams]));
      expect(again.every((s) => s.viaKey && s.testCase.expectation === 'reject-auth' && s.testCase.label.endsWith(`with the revoked key of ${member.label}`))).toBe(true);
    });
  });
}, 30_000);

test('scope probes: an answer that is no success is no key, no resource, no answered probe, no revoke', async () => {
  await withGate(async (gate) => {
    const family = scopeFamily(probeHarness(gate).scopeDeps.scopes);
    let keys = 0;
    let madeInSection = 0;
    let revokes = 0;
    const { sent, revoked, scopeDeps } = recording(gate, {
      rewrite: (c, e) => {
        // The first key's create, the second key's first resource, the third key's revoke, and the every-scope key's probes.
        if (c.operationId === 'createApiKey') {
          keys++;
          madeInSection = 0;
          if (keys === 1) return as300(e);
        }
        if (c.label.includes('for the key to act on') && keys === 2 && madeInSection++ === 0) return as300(e);
        if (c.operationId === 'revokeApiKey' && revokes++ === 1) return as300(e);
        if (c.label.endsWith(`with a key of ${family.at(-1)!.label}`)) return as300(e);
        return e;
      },
    });
    const result = await runScopeProbes(scopeDeps);
    const section = (label: string) => {
      const start = sent.findIndex((s) => s.testCase.label === `scopes: a key with ${label}`);
      const next = sent.findIndex((s, i) => i > start && s.testCase.operationId === 'createApiKey');
      return sent.slice(start, next === -1 ? sent.length : next);
    };
    // The first key was not made: nothing follows its create.
    expect(section(family[0].label)).toHaveLength(1);
    // The second key has no resource of the first kind to act on: the operations on one by id are left out for it alone.
    const probed = (label: string) => new Set(section(label).filter((s) => s.viaKey).map((s) => s.testCase.operationId));
    const leftOut = [...probed(family[2].label)].filter((op) => !probed(family[1].label).has(op));
    expect(leftOut.length).toBeGreaterThan(0);
    for (const op of leftOut) expect(gate.contract.operations.find((o) => o.id === op)!.parameters.some((p) => p.in === 'path' && p.required)).toBe(true);
    // The third key was not revoked: nothing is tried again with it, and the run still owes its revoke.
    expect(section(family[2].label).some((s) => s.testCase.label.includes('revoked key'))).toBe(false);
    expect(revoked).toHaveLength(family.length - 2);
    // Probes answered 300 are not answered: none is tried again after the revoke.
    const last = section(family.at(-1)!.label);
    expect(last.filter((s) => s.viaKey).length).toBeGreaterThan(0);
    expect(last.some((s) => s.testCase.label.includes('revoked key'))).toBe(false);
    expect(result.sent).toBe(sent.length);
  });
}, 30_000);

test('scope probes: a write the key may not make, answered 300, is a refusal: what it would change is read back', async () => {
  await withGate(async (gate) => {
    const { sent, scopeDeps } = recording(gate, { rewrite: (c, e) => (c.label.endsWith('with a key of the default') && c.method === 'PATCH' ? as300(e) : e) });
    await runScopeProbes(scopeDeps);
    const patches = sent.filter((s) => s.viaKey && s.testCase.method === 'PATCH' && s.testCase.label.endsWith('with a key of the default'));
    expect(patches.length).toBeGreaterThan(0);
    for (const patch of patches) expect(sent[sent.indexOf(patch) + 1].testCase.label).toMatch(/read back with the main credential$/);
  });
}, 30_000);

test('scope probes: with no key budget nothing is sent and every scope set is said to be held back; a target that stops ends them at the next key', async () => {
  await withGate(async (gate) => {
    const none = recording(gate, { keyBudget: 0 });
    const result = await runScopeProbes(none.scopeDeps);
    expect(none.sent).toEqual([]);
    expect(result.skipped).toBe(scopeFamily(none.scopeDeps.scopes).length);
    expect(result.limited).toMatch(/^the key budget is spent \(OMI_MAX_KEYS\): no key with the default was made$/);
    const stopped = recording(gate, { breakAfter: 1 });
    await runScopeProbes(stopped.scopeDeps);
    expect(stopped.sent.filter((s) => s.testCase.operationId === 'createApiKey')).toHaveLength(1);
  });
}, 30_000);

test('account probes: a key of each account, then each owner\'s resources asked for by the other, by credential and by key, lists paged to their end, writes read before and after; each key revoked by its account', async () => {
  await withGate(async (gate, server) => {
    const { sent, revoked, accountDeps, bodies } = recording(gate);
    const result = await runAccountProbes(accountDeps);
    expect(result.sent).toBe(sent.length);
    // The keys each owner made to be asked for, like its other resources, are the cleanup's to delete.
    expect(server.liveKeyCount()).toBe(2);
    expect((await finishRun(gate)).keys).toEqual([]);
    expect(server.liveKeyCount()).toBe(0);
    const creates = sent.filter((s) => s.testCase.label.startsWith('accounts: a key of'));
    expect(creates.map((s) => [s.testCase.label, s.testCase.account])).toEqual([['accounts: a key of the main account', undefined], ['accounts: a key of the other account', 'other']]);
    expect(creates.map((s) => bodyValue(s.testCase)?.[accountDeps.keys!.scopeProperty!])).toEqual([accountDeps.keys!.scopes, accountDeps.keys!.scopes]);
    const keyIds = creates.map((s) => String((answeredBody(s, bodies) as { id: string }).id));
    expect(revoked).toEqual(keyIds);
    const revokes = sent.filter((s) => s.testCase.label.startsWith('accounts: revoke the key of'));
    expect(revokes.map((s) => [s.testCase.label, s.testCase.account, Object.values(s.testCase.pathParams)])).toEqual([
      ['accounts: revoke the key of the main account', undefined, [keyIds[0]]],
      ['accounts: revoke the key of the other account', 'other', [keyIds[1]]],
    ]);
    expect(sent.slice(-2)).toEqual(revokes);

    for (const [owner, intruder, ownerAccount, intruderAccount] of [['main', 'other', undefined, 'other'], ['other', 'main', 'other', undefined]] as const) {
      const made = sent.filter((s) => s.testCase.label.startsWith('accounts: a ') && s.testCase.label.endsWith(` of the ${owner} account`) && !s.testCase.label.startsWith('accounts: a key of'));
      // The key is one of the resources each owner makes and the other asks for.
      expect(made.map((s) => s.testCase.label)).toContain(`accounts: a keys of the ${owner} account`);
      expect(made.length).toBeGreaterThan(0);
      expect(made.every((s) => s.testCase.account === ownerAccount && !s.viaKey)).toBe(true);
      const madeIds = made.map((s) => String((answeredBody(s, bodies) as { id: string }).id));
      for (const viaKey of [false, true]) {
        const who = `${viaKey ? 'a key of' : 'the credential of'} the ${intruder} account`;
        const byIntruder = sent.filter((s) => s.testCase.operationId !== accountDeps.keys!.create.id && (s.testCase.label.endsWith(who) || s.testCase.label.includes(`for ${who}`)));
        expect(byIntruder.length, who).toBeGreaterThan(0);
        expect(byIntruder.every((s) => s.viaKey === viaKey && s.testCase.account === (viaKey ? undefined : intruderAccount)), who).toBe(true);
        // Each list, page after page: offsets count the items seen; the walk ends on an empty page (or the one page of a list without an offset).
        const lists = byIntruder.filter((s) => s.testCase.label.includes(' list for '));
        const walks = new Map<string, SentCase[]>();
        for (const s of lists) walks.set(s.testCase.label, [...(walks.get(s.testCase.label) ?? []), s]);
        expect(walks.size).toBeGreaterThan(0);
        for (const [label, pages] of walks) {
          let seen = 0;
          for (const [i, page] of pages.entries()) {
            const items = answeredBody(page, bodies) as unknown[];
            const offset = page.testCase.queryParams?.find(([n]) => n === 'offset')?.[1];
            if (offset !== undefined) expect(offset, label).toBe(String(seen));
            else expect(pages, label).toHaveLength(1);
            if (offset !== undefined && i === pages.length - 1) expect(items, label).toEqual([]);
            seen += items.length;
          }
        }
        // Reads before writes, deletes last; a write is read by the owner first, and refused, read back by the owner after.
        const probes = byIntruder.filter((s) => s.testCase.step?.name === 'account-probe');
        const methods = probes.map((s) => s.testCase.method);
        for (const id of madeIds) {
          const onIt = probes.filter((s) => Object.values(s.testCase.pathParams).includes(id));
          const order = onIt.map((s) => ORDER.indexOf(s.testCase.method));
          expect(order, id).toEqual([...order].sort((a, b) => a - b));
        }
        expect(new Set(methods)).toEqual(new Set(['GET', 'PATCH', 'DELETE']));
        for (const probe of probes) {
          expect(madeIds).toContain(Object.values(probe.testCase.pathParams)[0]);
          expect(probe.testCase.expectation).toBe('reject-auth');
          expect(probe.testCase.label).toMatch(new RegExp(`^accounts: ${probe.testCase.operationId} of the ${owner} account's .+ with ${who}$`));
          expect(probe.testCase.body.kind === 'none').toBe(probe.testCase.method === 'GET' || probe.testCase.method === 'DELETE');
          const at = sent.indexOf(probe);
          const writes = probe.testCase.method !== 'GET';
          expect(sent[at - 1].testCase.label.endsWith(`before ${who} writes`), probe.testCase.label).toBe(writes);
          if (writes) expect(sent[at - 1].testCase.account).toBe(ownerAccount);
          expect(sent[at + 1].testCase.label === `accounts: ${sent[at + 1].testCase.label.split(' ')[1]} read back by the ${owner} account`, probe.testCase.label).toBe(writes);
          if (writes) expect([sent[at + 1].testCase.account, sent[at + 1].viaKey]).toEqual([ownerAccount, false]);
        }
      }
    }
  });
}, 30_000);

test('account probes: with no key budget only the credentials probe, and that is said; a key not made is not used; a target that stops ends them', async () => {
  await withGate(async (gate) => {
    const none = recording(gate, { keyBudget: 0 });
    const result = await runAccountProbes(none.accountDeps);
    // Each account's key, and each owner's key as a resource to ask for, are all held back.
    expect(result.skipped).toBe(4);
    expect(result.limited).toBe('the key budget is spent (OMI_MAX_KEYS): the accounts were probed with their credentials only');
    expect(none.sent.some((s) => s.viaKey || s.testCase.operationId === 'createApiKey')).toBe(false);
    expect(none.sent.length).toBeGreaterThan(0);

    const unmade = recording(gate, { rewrite: (c, e) => (c.operationId === 'createApiKey' && c.account === 'other' ? as300(e) : e) });
    await runAccountProbes(unmade.accountDeps);
    // The other account has no key: the main account's resources are asked for by its credential only; the main account's key still probes.
    expect(unmade.sent.some((s) => s.testCase.label.includes('a key of the other account') && s.testCase.operationId !== 'createApiKey')).toBe(false);
    expect(unmade.sent.some((s) => s.testCase.label.includes('with a key of the main account'))).toBe(true);
    expect(unmade.revoked).toHaveLength(1);

    const stopped = recording(gate, { breakAfter: 1 });
    const cut = await runAccountProbes(stopped.accountDeps);
    expect(stopped.sent.map((s) => s.testCase.label)).toEqual(['accounts: a key of the main account', 'accounts: revoke the key of the main account']);
    expect(cut.sent).toBe(2);
  });
}, 30_000);

test('probes: a resource whose budget is spent is not made, so not probed, and the phase says which', async () => {
  await withGate(async (gate) => {
    const { sent, accountDeps, scopeDeps } = recording(gate);
    const spent = (r: { name: string }) => r.name !== 'memories';
    const accounts = await runAccountProbes({ ...accountDeps, mayCreate: spent });
    expect(accounts.limited).toBe('the budget for memories is spent (OMI_MAX_KEYS): the account probes made none, so it was not probed');
    // One skip per owner.
    expect(accounts.skipped).toBe(2);
    const scopes = await runScopeProbes({ ...scopeDeps, mayCreate: spent });
    expect(scopes.limited).toBe('the budget for memories is spent (OMI_MAX_KEYS): the scope probes made none, so it was not probed');
    // Neither owner made one, nor the main credential for a key to act on (a key's own scoped create is a probe, not a making).
    expect(sent.filter((s) => /: a memories (of|for) /.test(s.testCase.label)).map((s) => s.testCase.label)).toEqual([]);
  });
}, 30_000);
