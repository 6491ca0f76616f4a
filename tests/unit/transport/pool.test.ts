import { expect, test } from 'vitest';
import { inParallel } from '../../../src/transport/pool';

test('work runs at most `width` at a time, every item once, a window not batches', async () => {
  let running = 0;
  let peak = 0;
  const started: number[] = [];
  const release: (() => void)[] = [];
  const work = inParallel([0, 1, 2, 3, 4], 2, async (item) => {
    started.push(item);
    running++;
    peak = Math.max(peak, running);
    await new Promise<void>((resolve) => (release[item] = resolve));
    running--;
  });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  await settle();
  expect(started).toEqual([0, 1]);
  // Item 1 done: the next one starts at once, while item 0 still runs.
  release[1]();
  await settle();
  expect(started).toEqual([0, 1, 2]);
  release[2]();
  await settle();
  expect(started).toEqual([0, 1, 2, 3]);
  release[0]();
  release[3]();
  await settle();
  release[4]();
  await work;
  expect(started).toEqual([0, 1, 2, 3, 4]);
  expect(peak).toBe(2);
  const seen: number[] = [];
  await inParallel([1, 2, 3], 0, async (item) => void seen.push(item));
  expect(seen).toEqual([1, 2, 3]);
});
