import type { GateConfig } from '../../config/config';
import type { ContractFacts } from '../../contract/facts';
import { followable } from '../../contract/lifecycle';
import type { Contract, Operation } from '../../contract/load';
import { isObject } from '../../contract/refs';
import type { Resource } from '../../contract/resources';
import type { KeyRoles } from '../../contract/roles';
import { requiredScope, scopeFamily, scopeValues } from '../../contract/scopes';
import type { Case } from '../../model/case';
import { CreationBudget } from './creation-budget';
import type { RunJournal } from './run-journal';

export type ProbesAfter = 'scopes and accounts' | 'accounts' | 'none';

/**
 * What a run may spend: its wall time (live targets), and how many of each resource it may make
 * (OMI_MAX_KEYS of each), keeping back what the scenarios and probes after the random phases make.
 */
export class RunBudget {
  readonly creation: CreationBudget;
  /** Keys the scope probes make: one per scope set, up to a fifth of the budget. */
  private readonly scopeKeys: number;
  private readonly probesMade = new Map<string, number>();

  constructor(
    private readonly config: GateConfig,
    private readonly contract: Contract,
    private readonly facts: ContractFacts,
    private readonly roles: KeyRoles,
    journal: RunJournal,
    private readonly exampleBody: (operation: Operation) => Case['body'],
  ) {
    // The scope probes make one key per scope set after the random phases: kept back with what the
    // scenarios and the account probes make, up to a fifth of the budget (a small budget still leaves the random phases most).
    const scoped = config.target.kind === 'live' && contract.operations.some((op) => requiredScope(contract, op) !== undefined);
    this.scopeKeys = scoped ? Math.min(scopeFamily(scopeValues(contract)).length, Math.floor(config.maxKeys / 5)) : 0;
    this.creation = new CreationBudget(config.maxKeys, journal, (resource) => this.scenarioMakes(resource) + this.probesMake(resource));
  }

  /** Whether the run may still make one of this resource, keeping back what the probes after this phase make. */
  mayCreate(resource: Resource, after: ProbesAfter): boolean {
    return this.left(resource, after) > 0;
  }

  /** How many more of a resource the run may make, keeping back what the probes after this phase make. */
  left(resource: Resource, after: ProbesAfter): number {
    return this.creation.left(resource, after === 'none' ? 0 : this.probesMake(resource, after));
  }

  /** How many of a resource its scenario makes: one per producer, as many as its example body holds items (a batch). */
  scenarioMakes(resource: Resource): number {
    if (!followable(this.contract, resource)) return 0;
    return resource.producers.reduce((n, producer) => {
      const body = this.exampleBody(producer);
      const value = body.kind === 'json' ? body.value : undefined;
      const lists = Array.isArray(value) ? [value] : isObject(value) ? Object.values(value).filter(Array.isArray) : [];
      return n + Math.max(1, ...lists.map((list) => list.length));
    }, 0);
  }

  /**
   * How many of a resource the scope and account probes make, at most: per scope set a key, and of a
   * resource a scoped operation acts on one made by the main credential and one the key may create;
   * per account a key of its own and one of each followable resource. It depends only on the contract
   * and the settings, and reads prose and scopes: worked out once per resource.
   */
  probesMake(resource: Resource, probes: Exclude<ProbesAfter, 'none'> = 'scopes and accounts'): number {
    const key = `${resource.collection} ${probes}`;
    let made = this.probesMade.get(key);
    if (made === undefined) this.probesMade.set(key, (made = this.countProbesMake(resource, probes)));
    return made;
  }

  private countProbesMake(resource: Resource, probes: Exclude<ProbesAfter, 'none'>): number {
    const accounts = this.config.target.kind === 'live' && this.config.target.otherToken ? 2 : 0;
    const credential = resource === this.roles.resource;
    const byAccounts = (followable(this.contract, resource) ? accounts : 0) + (credential ? accounts : 0);
    if (probes === 'accounts' || this.scopeKeys === 0) return byAccounts;
    const scoped = [...resource.producers, ...resource.consumers].some((op) => requiredScope(this.contract, op) !== undefined);
    // A key creates with each producer whose scope its set holds: the set of that scope alone, every scope, the default if it has it.
    const values = scopeValues(this.contract);
    const defaults = this.facts.defaults.find((d) => d.operationId === this.roles.create?.id)?.values ?? [];
    const holding = resource.producers.map((op) => requiredScope(this.contract, op, values)).filter((s): s is string => s !== undefined)
      .reduce((n, scope) => n + scopeFamily(values).filter((m) => (m.scopes ?? defaults).includes(scope)).length, 0);
    return byAccounts + (credential ? this.scopeKeys : 0) + (scoped ? this.scopeKeys : 0) + Math.min(holding, this.scopeKeys);
  }
}
