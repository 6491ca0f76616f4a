/** Peak resident memory of a whole process tree (Playwright, its worker, Prism...), sampled from /proc. */
import { descendantsOf, residentKiB } from './processes';

const SAMPLE_EVERY_MS = 50;

export interface TreeMemory {
  peakMiB: number;
  /** How many processes the tree had when the peak was seen. */
  processesAtPeak: number;
  samples: number;
}

/** Starts sampling the tree below (and including) `root`; `stop()` returns the peak seen. */
export function sampleTreeMemory(root: number): { stop: () => TreeMemory } {
  const peak = { kib: 0, processes: 0, samples: 0 };
  const sample = () => {
    const tree = [root, ...descendantsOf(root)];
    const kib = tree.reduce((sum, pid) => sum + residentKiB(pid), 0);
    peak.samples++;
    if (kib > peak.kib) {
      peak.kib = kib;
      peak.processes = tree.length;
    }
  };
  sample();
  const timer = setInterval(sample, SAMPLE_EVERY_MS);
  return {
    stop: () => {
      clearInterval(timer);
      return { peakMiB: round(peak.kib / 1024, 1), processesAtPeak: peak.processes, samples: peak.samples };
    },
  };
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
