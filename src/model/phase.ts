import type fc from 'fast-check';
import type { Case } from './case';

/** A case, or a draw that is not a case of this operation (counted as a skip). */
export type Draw = { case: Case } | { skip: string };

export type Phase =
  /** Fixed cases, in order: replayed by their index. */
  | { name: string; operationId: string; kind: 'list'; description: string; cases: Case[] }
  /** Random cases from a seed: replayed by seed and fast-check path. `runs` is set once the budget is split. */
  | { name: string; operationId: string; kind: 'fuzz'; description: string; arbitrary: fc.Arbitrary<Draw>; runs?: number };
