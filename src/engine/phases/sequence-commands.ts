import fc from 'fast-check';
import { fieldOf } from '../../contract/filters';
import { deleteOf, jsonBody, singleProducer, updateOf } from '../../contract/lifecycle';
import { jsonRequestContent, type Contract, type Operation } from '../../contract/load';
import { bodyProperties, bodyPropertyNames } from '../../contract/prose';
import { dereference, isObject } from '../../contract/refs';
import { idsInBody, successSchema, type Resource } from '../../contract/resources';
import { compileSchema } from '../../generate/schema-arbitrary';
import { caseOf, NO_RESOURCE_ID, type Case, type ResourceStep } from '../../model/case';
import { jsonOf, type Exchange } from '../../model/exchange';
import type { JudgedFinding } from '../judge';

// The commands of the random sequences (fast-check's model-based testing): create one of a resource,
// update a field of one the sequence made, delete one; each checked against the model after it runs.

/** What the model says one resource the sequence made should hold. */
export interface Held {
  resource: Resource;
  id: string;
  fields: Record<string, unknown>;
}

export interface Model {
  held: Held[];
}

/** One run of one sequence: what it sent and found, in order, and what it made and has not deleted. */
export interface RunLog {
  findings: { judged: JudgedFinding; testCase: Case; exchange: Exchange; step: number }[];
  steps: string[];
  made: Held[];
}

export type SequenceCommand = fc.AsyncCommand<Model, RunLog, false>;

/** How commands reach the target and the model: each sends its case, judged into the log, then the model is read back. */
export interface CommandIO {
  contract: Contract;
  exampleBody: (operation: Operation) => Case['body'];
  isValid: (pointer: string, value: unknown) => boolean;
  mayCreate: (resource: Resource) => boolean;
  send: (log: RunLog, testCase: Case) => Promise<Exchange>;
  verify: (model: Model, log: RunLog) => Promise<void>;
}

/** A step of a sequence: the plain case for an operation, with the step its checks read. */
export const sequenceCase = (operation: Operation, partial: Partial<Case>, step: ResourceStep, label: string): Case => caseOf(operation, 'sequences', label, { ...partial, step });

const byId = (resource: Resource, id: string) => ({ pathParams: { [resource.idParameter!]: id } });

/** The fields an update of this resource takes, each with its valid values. */
function updateArbitrary(io: CommandIO, update: Operation): fc.Arbitrary<[string, unknown]> | undefined {
  const content = jsonRequestContent(update);
  const fields = Object.entries(bodyProperties(io.contract, update)).map(([name, sub]) => compileSchema(dereference(io.contract.doc, sub), `${content!.pointer}/properties/${name}`)
    .filter((value) => io.isValid(content!.pointer, { [name]: value }))
    .map((value): [string, unknown] => [name, value]));
  return fields.length > 0 ? fc.oneof(...fields) : undefined;
}

/** The commands of one resource: creates weigh double, since an update or a delete waits for one of it to exist. */
export function commandsFor(io: CommandIO, resource: Resource): fc.Arbitrary<SequenceCommand>[] {
  const create = singleProducer(io.contract, resource)!;
  const update = updateOf(resource);
  const remove = deleteOf(resource)!;
  const body = io.exampleBody(create);
  const sent = body.kind === 'json' && isObject(body.value) ? body.value : {};
  const writable = update ? bodyPropertyNames(io.contract, update) : [];
  const mine = (model: Model) => model.held.filter((h) => h.resource === resource);
  const pick = (model: Model, index: number) => mine(model)[index % mine(model).length];

  const creates = fc.constant<SequenceCommand>({
    check: () => io.mayCreate(resource),
    async run(model, log) {
      log.steps.push(`create ${resource.name}`);
      const exchange = await io.send(log, sequenceCase(create, { body }, { name: 'resource-created', resourceId: NO_RESOURCE_ID }, `${resource.name}: created`));
      const answer = exchange.response && exchange.response.status < 300 ? jsonOf(exchange.response)?.value : undefined;
      const [id] = idsInBody(successSchema(io.contract, create), answer);
      if (id !== undefined) {
        // What was sent, and what the answer says of each field an update may change (its defaults).
        const defaults = isObject(answer) ? Object.fromEntries(writable.flatMap((name) => {
          const found = fieldOf(answer, name);
          return found && !(name in sent) ? [[name, found.value]] : [];
        })) : {};
        const held = { resource, id, fields: { ...sent, ...defaults } };
        model.held.push(held);
        log.made.push(held);
      }
      await io.verify(model, log);
    },
    toString: () => `create ${resource.name}`,
  });
  const deletes = fc.nat().map<SequenceCommand>((index) => ({
    check: (model) => mine(model).length > 0,
    async run(model, log) {
      const held = pick(model, index);
      log.steps.push(`delete ${resource.name} #${mine(model).indexOf(held) + 1}`);
      const exchange = await io.send(log, sequenceCase(remove, byId(resource, held.id), { name: 'resource-deleted', resourceId: held.id }, `${resource.name}: deleted`));
      if (exchange.response && exchange.response.status < 300) {
        model.held.splice(model.held.indexOf(held), 1);
        log.made.splice(log.made.indexOf(held), 1);
      }
      await io.verify(model, log);
    },
    toString: () => `delete ${resource.name} #${index}`,
  }));
  const values = update && updateArbitrary(io, update);
  if (!update || !values) return [creates, creates, deletes];
  const updates = fc.tuple(fc.nat(), values).map<SequenceCommand>(([index, [field, value]]) => ({
    check: (model) => mine(model).length > 0,
    async run(model, log) {
      const held = pick(model, index);
      log.steps.push(`update ${resource.name} #${mine(model).indexOf(held) + 1} ${field}`);
      const change = { [field]: value };
      const exchange = await io.send(log, sequenceCase(update, { ...byId(resource, held.id), body: jsonBody(update, change) }, { name: 'resource-updated', resourceId: held.id, expected: change }, `${resource.name}: updated`));
      if (exchange.response && exchange.response.status < 300) Object.assign(held.fields, change);
      await io.verify(model, log);
    },
    toString: () => `update ${resource.name} #${index} ${field}=${JSON.stringify(value)}`,
  }));
  return [creates, creates, updates, deletes];
}
