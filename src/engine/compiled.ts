import { existsSync, statSync } from 'node:fs';
import { namingContract } from '../contract/errors';
import { readFacts, type ContractFacts } from '../contract/facts';
import { loadContract, type Contract } from '../contract/load';
import { Oracle } from '../validate/oracle';

/** A contract loaded, its schemas compiled into the one validator, and its prose facts read. */
export interface Compiled {
  contract: Contract;
  oracle: Oracle;
  facts: ContractFacts;
}

/** Contracts this process has loaded, by file and version: however many runs a process builds (the replay command, tests), each schema is compiled once. */
const compiled = new Map<string, Compiled>();

export function compiledContract(file: string): Compiled {
  // A file that cannot be read is left to loadContract, whose error is one line.
  const stat = existsSync(file) ? statSync(file) : undefined;
  const version = stat && `${file}@${stat.mtimeMs}:${stat.size}`;
  const cached = version === undefined ? undefined : compiled.get(version);
  if (cached) return cached;
  const contract = loadContract(file);
  const made = namingContract(contract.label, () => ({ contract, oracle: new Oracle(contract), facts: readFacts(contract) }));
  if (version !== undefined) compiled.set(version, made);
  return made;
}
