import fc from 'fast-check';
import type { Draw, Phase } from '../model/phase';
import { jsonRequestContent, type Contract, type Operation } from '../contract/load';
import { dereference, isObject, type JsonObject, mainType, RECURSION } from '../contract/refs';
import { caseOf, type Case } from '../model/case';
import { authVariants } from './auth';
import { foldedField } from '../model/identity';
import { mutantLabel, mutationsOf, negativeArbitrary, stringOfLength, type Mutant } from './negative';
import { parameterBoundaries, parameterBreaks, parameterNegativeArbitrary } from './parameter-breaks';
import { parametersArbitrary, type CaseParameters } from './parameters';
import { compileSchema } from './schema-arbitrary';
import { spellings } from './spellings';
import { transportNegatives } from './transport';

/**
 * A random phase's budget is split into parts of at most this many cases, each its own test with its
 * own seed: the unit Playwright's --shard moves between machines. The parts depend only on the
 * budget, so every shard count divides the same cases.
 */
export const FUZZ_PART_RUNS = 500;

/** A random phase as the parts its budget is split into (`positive`, or `positive#1` … `positive#n`). */
export function splitBudget(phase: Phase, runs: number): Phase[] {
  if (phase.kind !== 'fuzz') return [phase];
  const parts = Math.max(1, Math.ceil(runs / FUZZ_PART_RUNS));
  if (parts === 1) return [{ ...phase, runs }];
  return Array.from({ length: parts }, (_, i) => ({
    ...phase,
    name: `${phase.name}#${i + 1}`,
    description: `${phase.description} (part ${i + 1} of ${parts})`,
    runs: i < parts - 1 ? FUZZ_PART_RUNS : runs - FUZZ_PART_RUNS * (parts - 1),
  }));
}

export const PHASE_ORDER = ['examples', 'breaks', 'spellings', 'positive', 'negative', 'transport', 'auth'] as const;

/** How many draws the deterministic phase looks through for each break: enough to meet each variant of it. */
const BREAK_DRAWS = 20;

/** How many draws the baseline body is looked for in: a schema of oneOf or allOf may draw one that breaks it. */
const BASELINE_DRAWS = 20;

/** A fixed, valid request body and parameters (the required ones only) that list phases vary one thing of. */
function baseline(operation: Operation, bodySchema: unknown, pointer: string, isValid: (pointer: string, value: unknown) => boolean): { body: unknown; params: CaseParameters } {
  const examples = jsonRequestContent(operation)?.examples ?? [];
  const drawn = () => {
    const draws = fc.sample(compileSchema(bodySchema, pointer), { seed: 0, numRuns: BASELINE_DRAWS });
    return draws.find((d) => isValid(pointer, d)) ?? draws[0];
  };
  const body = examples.length > 0 ? examples[0] : bodySchema !== undefined ? drawn() : undefined;
  const params = fc.sample(parametersArbitrary(operation, { requiredOnly: true }).filter((d) => !d.leavesRoute), { seed: 0, numRuns: 1 })[0].parameters;
  return { body, params };
}

const LABEL_PREVIEW = 60;

/** The parameters as one object for a preview: a repeated query name shows its values as an array. */
function parametersShown({ pathParams, queryParams = [], headerParams }: CaseParameters): Record<string, unknown> {
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of queryParams) {
    const seen = query[name];
    query[name] = seen === undefined ? value : [...(Array.isArray(seen) ? seen : [seen]), value];
  }
  return { ...pathParams, ...query, ...headerParams };
}

/** A short preview of what a random case sends, so labels (and saved case names) say what the case is. */
function describeInput(body: unknown, params: CaseParameters): string {
  // Long strings are cut before serialising: a preview need not pay for a 2,500-character name.
  const shown = JSON.stringify(body !== undefined ? body : parametersShown(params), (_key, value) =>
    // Stryker disable next-line ConditionalExpression,EqualityOperator,MethodExpression: never cutting, cutting at exactly 60 or not slicing are unseen: a cut string holds 60 characters, past the preview's 60 with its opening quote
    typeof value === 'string' && value.length > LABEL_PREVIEW ? `${value.slice(0, LABEL_PREVIEW)}… (${value.length} chars)` : value,
    // Stryker disable next-line StringLiteral: JSON.stringify of a body or of the parameters object is never undefined
  ) ?? '';
  return shown.length > LABEL_PREVIEW ? `${shown.slice(0, LABEL_PREVIEW)}…` : shown;
}

/**
 * Valid bodies at the edges of each top-level property: each bound met exactly, an array empty and at
 * its largest, an optional property left out or put in. The caller keeps those the validator accepts.
 */
function bodyEdges(schema: JsonObject, baseline: JsonObject, pointer: string): { label: string; value: unknown }[] {
  const out: { label: string; value: unknown }[] = [];
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const draw = (sub: unknown, at: string) => fc.sample(compileSchema(sub, at), { seed: 0, numRuns: 1 })[0];
  for (const [name, sub] of Object.entries(properties)) {
    // Never sent (readOnly), or not drawable (recursive past its bound): no edge of it either.
    if (!isObject(sub) || sub.readOnly === true || RECURSION in sub || (isObject(sub.items) && RECURSION in sub.items)) continue;
    const at = `${pointer}/properties/${name}`;
    const withValue = (label: string, value: unknown) => out.push({ label: `${name} ${label}`, value: { ...baseline, [name]: value } });
    const bound = (k: string) => (typeof sub[k] === 'number' ? (sub[k] as number) : undefined);
    for (const k of ['minLength', 'maxLength'] as const) {
      const n = bound(k);
      if (n !== undefined) withValue(`at its ${k} ${n}`, fc.sample(stringOfLength(n), { seed: 0, numRuns: 1 })[0]);
    }
    for (const k of ['minimum', 'maximum'] as const) {
      const n = bound(k);
      if (n !== undefined) withValue(`at its ${k} ${n}`, n);
    }
    if (mainType(sub) === 'array') {
      const [min, max] = [bound('minItems') ?? 0, bound('maxItems')];
      if (min === 0) withValue('empty', []);
      else withValue(`at its minItems ${min}`, draw({ ...sub, minItems: min, maxItems: min }, at));
      if (max !== undefined) withValue(`at its maxItems ${max}`, draw({ ...sub, minItems: max, maxItems: max }, at));
    }
    if (required.has(name)) continue;
    if (name in baseline) {
      const { [name]: _left, ...rest } = baseline;
      out.push({ label: `${name} left out`, value: rest });
    } else withValue('present', draw(sub, at));
  }
  return out;
}

/** Cases of one operation, from its schemas; the generators never know where cases go. */
export class OperationCases {
  readonly bodySchema: unknown;
  readonly bodyPointer: string | undefined;
  readonly mediaType: string | undefined;

  constructor(
    readonly contract: Contract,
    readonly operation: Operation,
    /** The contract's own validator, by where the schema sits: body and parameter negatives it accepts are dropped. */
    private readonly isValid: (pointer: string, value: unknown) => boolean,
    private readonly unknownToken: string,
    /** The schemes whose credential the run holds, differs from this operation's, and must not open it. */
    private readonly foreignSchemes: (operation: Operation) => string[] = () => [],
  ) {
    const content = jsonRequestContent(operation);
    this.bodySchema = content ? dereference(contract.doc, content.schema) : undefined;
    this.bodyPointer = content?.pointer;
    this.mediaType = content?.mediaType;
  }

  private make(phase: string, label: string, partial: Partial<Case>): Case {
    return caseOf(this.operation, phase, label, partial);
  }

  private jsonBody(value: unknown) {
    return value === undefined || !this.mediaType ? ({ kind: 'none' } as const) : ({ kind: 'json', value, contentType: this.mediaType } as const);
  }

  /** Every phase this operation has, in PHASE_ORDER. */
  phases(): Phase[] {
    const op = this.operation;
    const { body, params } = baseline(op, this.bodySchema, this.bodyPointer ?? op.pointer, this.isValid);
    const phases: Phase[] = [];
    phases.push({ name: 'examples', operationId: op.id, kind: 'list', description: "the spec's examples, each enum value alone, all of them, the empty array", cases: this.exampleCases(body, params) });
    const hasInputs = this.bodySchema !== undefined || op.parameters.length > 0;
    // Built when first sent: drawing every break of every operation would slow every start, also of runs that send few of them.
    let breaks: Case[] | undefined;
    const breakCases = () => (breaks ??= this.breakCases(body, params));
    const breakable = this.bodySchema !== undefined || op.parameters.some((p) => p.in !== 'path') || parameterBreaks(op, this.isValid).length > 0;
    if (breakable) phases.push({ name: 'breaks', operationId: op.id, kind: 'list', description: 'each single break the schemas allow, once, and each positive edge: the same cases every run', get cases() { return breakCases(); } });
    let spelled: Case[] | undefined;
    const spellingCases = () => (spelled ??= spellings(op, { params, body }, this.bodySchema === undefined ? undefined : { schema: this.bodySchema, pointer: this.bodyPointer! })
      .map((s) => this.make('spellings', s.label, { field: s.field, rule: s.rule, ...s.parameters, body: this.jsonBody(s.body) })));
    if (this.bodySchema !== undefined || op.parameters.some((p) => p.in !== 'path')) {
      phases.push({ name: 'spellings', operationId: op.id, kind: 'list', description: 'each input written in the ways common frameworks read differently (docs/unpinned-values.md): no check reads a meaning into the value respelled', get cases() { return spellingCases(); } });
    }
    if (hasInputs) phases.push({ name: 'positive', operationId: op.id, kind: 'fuzz', description: 'valid requests from the schemas', arbitrary: this.positiveArbitrary() });
    const negative = this.negativeArbitrary(body, params);
    if (negative) phases.push({ name: 'negative', operationId: op.id, kind: 'fuzz', ...negative });
    if (this.mediaType) {
      const cases = transportNegatives(body, this.mediaType).map(({ label, kind, body: raw }) =>
        this.make('transport', label, { expectation: 'reject-input', field: 'body', transport: kind, body: raw, ...params }),
      );
      phases.push({ name: 'transport', operationId: op.id, kind: 'list', description: 'malformed JSON, empty bodies, other media types', cases });
    }
    if (op.security.length > 0) {
      const cases = authVariants(op.security[0], this.unknownToken, this.foreignSchemes(op)).map(({ label, auth, expectation }) =>
        this.make('auth', label, { expectation, auth, ...params, body: this.jsonBody(body) }),
      );
      phases.push({ name: 'auth', operationId: op.id, kind: 'list', description: 'missing, empty, unknown and differently-schemed credentials', cases });
    }
    return phases;
  }

  private exampleCases(body: unknown, params: CaseParameters): Case[] {
    const cases: Case[] = [];
    const examples = jsonRequestContent(this.operation)?.examples ?? [];
    examples.forEach((example, i) => cases.push(this.make('examples', `documented example ${i + 1}`, { body: this.jsonBody(example), ...params })));
    if (examples.length === 0) cases.push(this.make('examples', 'documented call', { body: this.jsonBody(body), ...params }));
    const schema = this.bodySchema;
    if (isObject(schema) && isObject(schema.properties) && isObject(body)) {
      for (const [name, sub] of Object.entries(schema.properties)) {
        // Stryker disable next-line ConditionalExpression: a guard; a property schema that is no object is true or false (the validator refuses others), has no items or enum, and the next check passes it over
        if (!isObject(sub)) continue;
        const items = isObject(sub.items) ? sub.items : undefined;
        const values = Array.isArray(sub.enum) ? sub.enum : Array.isArray(items?.enum) ? items.enum : undefined;
        if (!values) continue;
        const asArray = items !== undefined;
        const variant = (label: string, value: unknown) => this.make('examples', label, { body: this.jsonBody({ ...(body as JsonObject), [name]: value }), ...params });
        for (const value of values) cases.push(variant(`${name} = ${JSON.stringify(asArray ? [value] : value)}`, asArray ? [value] : value));
        if (asArray) {
          cases.push(variant(`${name} = every enum value`, [...values]));
          cases.push(variant(`${name} = []`, []));
        }
      }
    }
    return cases;
  }

  /**
   * The deterministic phase: every single break of the body and of each parameter, sent once each
   * (every variant of a break: each wrong type, each retyping), then the positive edges (each bound met
   * exactly, arrays empty and full, each optional part absent and present). Drawn with a fixed seed,
   * so every run sends the same cases whatever its own seed.
   */
  private breakCases(body: unknown, params: CaseParameters): Case[] {
    const cases: Case[] = [];
    const seen = new Set<string>();
    const once = (key: string) => !seen.has(key) && !!seen.add(key);
    if (this.bodySchema !== undefined) {
      const pointer = this.bodyPointer!;
      for (const mutation of mutationsOf(this.bodySchema, pointer, true)) {
        for (const m of fc.sample(mutation, { seed: 0, numRuns: BREAK_DRAWS }) as Mutant[]) {
          if (this.isValid(pointer, m.value) || !once(`${m.kind} ${foldedField(m.at)} ${m.detail}`)) continue;
          cases.push(this.make('breaks', mutantLabel(m), { expectation: 'reject-input', field: foldedField(m.at), rule: m.kind, body: this.jsonBody(m.value), ...params }));
        }
      }
    }
    for (const b of parameterBreaks(this.operation, this.isValid, true)) {
      const [n] = fc.sample(b.arbitrary, { seed: 0, numRuns: 1 });
      cases.push(this.make('breaks', n.label, { expectation: 'reject-input', field: n.field, rule: n.rule, body: this.jsonBody(body), ...n.parameters }));
    }
    if (this.bodySchema !== undefined && isObject(body)) {
      for (const edge of bodyEdges(this.bodySchema as JsonObject, body as JsonObject, this.bodyPointer!)) {
        if (this.isValid(this.bodyPointer!, edge.value)) cases.push(this.make('breaks', edge.label, { body: this.jsonBody(edge.value), ...params }));
      }
    }
    for (const edge of parameterBoundaries(this.operation, params, this.isValid)) cases.push(this.make('breaks', edge.label, { body: this.jsonBody(body), ...edge.parameters }));
    return cases;
  }

  private positiveArbitrary(): fc.Arbitrary<Draw> {
    const body = this.bodySchema !== undefined ? compileSchema(this.bodySchema, this.bodyPointer!) : fc.constant(undefined);
    return fc.tuple(body, parametersArbitrary(this.operation)).map(([value, draw]): Draw => {
      if (draw.leavesRoute) return { skip: 'a path parameter that leaves the route' };
      // oneOf and allOf are drawn branch by branch: a value two branches accept is not a valid one.
      if (this.bodySchema !== undefined && !this.isValid(this.bodyPointer!, value)) return { skip: 'a body drawn from oneOf or allOf that breaks the schema' };
      return { case: this.make('positive', `valid request ${describeInput(value, draw.parameters)}`, { body: this.jsonBody(value), ...draw.parameters }) };
    });
  }

  /** Body breaks (with the baseline parameters) and parameter breaks (with the baseline body): one break per case. */
  private negativeArbitrary(body: unknown, params: CaseParameters): { description: string; arbitrary: fc.Arbitrary<Draw> } | undefined {
    const bodyPointer = this.bodyPointer!;
    const mutants = this.bodySchema === undefined ? undefined : negativeArbitrary(this.bodySchema, bodyPointer, (value) => this.isValid(bodyPointer, value));
    const bodyBreaks = mutants?.map((m): Draw => ({
      case: this.make('negative', mutantLabel(m), { expectation: 'reject-input', field: foldedField(m.at), body: this.jsonBody(m.value), ...params }),
    }));
    const parameterBreaks = parameterNegativeArbitrary(this.operation, this.isValid)?.map((n): Draw => ({
      case: this.make('negative', n.label, { expectation: 'reject-input', field: n.field, body: this.jsonBody(body), ...n.parameters }),
    }));
    if (bodyBreaks && parameterBreaks) return { description: 'bodies or parameters that break their schemas in one named way', arbitrary: fc.oneof(bodyBreaks, parameterBreaks) };
    if (bodyBreaks) return { description: 'bodies that break the schema in one named way', arbitrary: bodyBreaks };
    if (parameterBreaks) return { description: 'parameters that break their schemas in one named way', arbitrary: parameterBreaks };
    return undefined;
  }
}
