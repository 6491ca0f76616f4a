import { onlyReads, type Contract, type Operation } from './load';
import { dereference, isObject, mainType } from './refs';

/**
 * A resource as the contract's paths and shapes show it, with no name known in advance: its
 * collection path, the operations that create it, the one that lists it, and those that act on one
 * of it by id.
 */
export interface Resource {
  /** The collection's path, such as `/v1/dev/user/memories`. */
  collection: string;
  /** The collection's last path segment, for people to read. */
  name: string;
  /** POSTs on the collection (or one segment below it, such as `/batch`) whose success body holds ids. */
  producers: Operation[];
  /** The GET on the collection whose success body is an array of objects with `id`. */
  lister?: Operation;
  /** Operations on `{collection}/{param}`: the param takes an id of this resource. */
  consumers: Operation[];
  /** The name of that path parameter. */
  idParameter?: string;
}

/** A schema's properties by name, the schema and each property dereferenced (a property that is no object reads as {}). */
export function schemaProperties(contract: Contract, schema: unknown): Record<string, Record<string, unknown>> {
  // Only a reference is resolved whole: a schema already dereferenced is not copied again.
  const resolved = isObject(schema) && typeof schema.$ref === 'string' ? dereference(contract.doc, schema) : schema;
  const properties = isObject(resolved) && isObject(resolved.properties) ? resolved.properties : {};
  return Object.fromEntries(Object.entries(properties).map(([name, sub]) => {
    const property = dereference(contract.doc, sub);
    return [name, isObject(property) ? property : {}];
  }));
}

export function successSchema(contract: Contract, operation: Operation): Record<string, unknown> | undefined {
  const response = operation.responses.find((r) => r.status.startsWith('2') && r.content.length > 0);
  const schema = response ? dereference(contract.doc, response.content[0].schema) : undefined;
  return isObject(schema) ? schema : undefined;
}

/** The properties an item of a resource's list shows, or undefined when its schema does not name them. */
export function listedProperties(contract: Contract, resource: Resource): Set<string> | undefined {
  const schema = resource.lister && successSchema(contract, resource.lister);
  const items = isObject(schema) && isObject(schema.items) ? dereference(contract.doc, schema.items) : undefined;
  return isObject(items) && isObject(items.properties) ? new Set(Object.keys(items.properties)) : undefined;
}

const propertiesOf = (schema: unknown): Record<string, unknown> => (isObject(schema) && isObject(schema.properties) ? schema.properties : {});
const hasId = (schema: unknown) => 'id' in propertiesOf(schema);
/** The object properties of a body that are arrays of objects with ids: a batch's created items. */
const idArrays = (schema: unknown) => Object.entries(propertiesOf(schema)).filter(([, sub]) => isObject(sub) && mainType(sub) === 'array' && hasId(sub.items)).map(([name]) => name);

/** Whether a success body of this schema names created ids: an object with `id`, or with arrays of such objects. */
export function yieldsIds(schema: unknown): boolean {
  return isObject(schema) && mainType(schema) !== 'array' && (hasId(schema) || idArrays(schema).length > 0);
}

/** The ids a producer's success body names, as its schema places them. */
export function idsInBody(schema: unknown, body: unknown): string[] {
  if (!isObject(body)) return [];
  const own = hasId(schema) && (typeof body.id === 'string' || typeof body.id === 'number') ? [String(body.id)] : [];
  const nested = idArrays(schema).flatMap((name) => (Array.isArray(body[name]) ? body[name] : []))
    .filter((item): item is Record<string, unknown> => isObject(item) && (typeof item.id === 'string' || typeof item.id === 'number'))
    .map((item) => String(item.id));
  return [...own, ...nested];
}

const segments = (path: string) => path.split('/').filter(Boolean);
const isTemplate = (segment: string) => /^\{[^}]+\}$/.test(segment);

/** Every resource the contract defines, in the order their collections first appear. */
export function resourcesOf(contract: Contract): Resource[] {
  const byCollection = new Map<string, Resource>();
  const resource = (collection: string) => {
    let found = byCollection.get(collection);
    if (!found) byCollection.set(collection, (found = { collection, name: segments(collection).at(-1) ?? collection, producers: [], consumers: [] }));
    return found;
  };
  for (const op of contract.operations) {
    const parts = segments(op.path);
    const last = parts.at(-1) ?? '';
    const schema = successSchema(contract, op);
    if (isTemplate(last) && parts.length > 1 && !isTemplate(parts.at(-2)!)) {
      const target = resource(`/${parts.slice(0, -1).join('/')}`);
      target.consumers.push(op);
      target.idParameter ??= last.slice(1, -1);
    } else if (op.method === 'GET' && mainType(schema) === 'array' && hasId(schema!.items)) {
      resource(op.path).lister ??= op;
    }
  }
  // Producers after listers and consumers, so that `/batch` under a known collection joins it. A POST
  // whose words say it only reads (an answer that cites ids) makes nothing.
  for (const op of contract.operations) {
    if (op.method !== 'POST' || onlyReads(op) || !yieldsIds(successSchema(contract, op))) continue;
    const parent = `/${segments(op.path).slice(0, -1).join('/')}`;
    const collection = byCollection.has(op.path) || !byCollection.has(parent) ? op.path : parent;
    resource(collection).producers.push(op);
  }
  return [...byCollection.values()];
}

/** The resource whose id an operation's path takes, or that it creates. */
export function resourceOfOperation(resources: readonly Resource[], operation: Operation): Resource | undefined {
  return resources.find((r) => r.consumers.includes(operation) || r.producers.includes(operation) || r.lister === operation);
}

/** Every string in the contract's examples: ids a reader may try, which may exist on a live account. */
export function exampleStrings(contract: Contract): Set<string> {
  const found = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string') found.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (isObject(value)) Object.values(value).forEach(collect);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObject(node)) {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'example') collect(value);
        else if (key === 'examples') collect(Array.isArray(value) ? value : isObject(value) ? Object.values(value).map((e) => (isObject(e) ? e.value : undefined)) : undefined);
        else walk(value);
      }
    }
  };
  walk(contract.doc);
  return found;
}

/** One line per resource for people: what makes it, lists it, and acts on one of it. */
export function describeResource(resource: Resource): string {
  const ids = (ops: Operation[]) => ops.map((op) => op.id).join(', ') || 'none';
  const by = resource.idParameter ? ` (by ${resource.idParameter})` : '';
  return `${resource.name}: made by ${ids(resource.producers)}; listed by ${resource.lister?.id ?? 'none'}; one of it by ${ids(resource.consumers)}${by}`;
}
