/** Peak resident memory of a whole process tree (Playwright, its worker, Prism...), sampled from /proc. */
import { readFileSync } from 'node:fs';
import { descendantsOf, residentKiB } from './processes';

const SAMPLE_EVERY_MS = 50;

export interface TreeMemory {
  peakMiB: number;
  /** How many processes the tree had when the peak was seen. */
  processesAtPeak: number;
  /** The peak of the gate's own processes together (the runner, its worker, their shells), Prism excluded. */
  gatePeakMiB: number;
  /** The peak of the Prism processes the run started (0 when it started none). */
  prismPeakMiB: number;
  /** CPU seconds (user + system) each group used, as last sampled: where the run's time went. */
  gateCpuSeconds: number;
  prismCpuSeconds: number;
  samples: number;
}

const TICKS_PER_SECOND = 100;

/** A process's CPU time so far, in clock ticks (utime + stime of /proc/<pid>/stat). */
function cpuTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** Whether a process is Prism's (its command line names it), not the gate's own. */
function isPrism(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('prism');
  } catch {
    return false;
  }
}

/** Starts sampling the tree below (and including) `root`; `stop()` returns the peak seen. */
export function sampleTreeMemory(root: number): { stop: () => TreeMemory } {
  const peak = { kib: 0, processes: 0, samples: 0, gateKib: 0, prismKib: 0 };
  /** The last CPU time seen of each process, and whether it is Prism's. */
  const cpu = new Map<number, { ticks: number; prism: boolean }>();
  const sample = () => {
    const tree = [root, ...descendantsOf(root)];
    let kib = 0;
    let prismKib = 0;
    for (const pid of tree) {
      const resident = residentKiB(pid);
      kib += resident;
      const prism = isPrism(pid);
      if (prism) prismKib += resident;
      const ticks = cpuTicks(pid);
      if (ticks > 0) cpu.set(pid, { ticks, prism });
    }
    peak.gateKib = Math.max(peak.gateKib, kib - prismKib);
    peak.prismKib = Math.max(peak.prismKib, prismKib);
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
      const seconds = (prism: boolean) => round([...cpu.values()].filter((c) => c.prism === prism).reduce((n, c) => n + c.ticks, 0) / TICKS_PER_SECOND, 2);
      return {
        peakMiB: round(peak.kib / 1024, 1), processesAtPeak: peak.processes, gatePeakMiB: round(peak.gateKib / 1024, 1), prismPeakMiB: round(peak.prismKib / 1024, 1),
        gateCpuSeconds: seconds(false), prismCpuSeconds: seconds(true), samples: peak.samples,
      };
    },
  };
}

export const round = (value: number, digits: number) => Number(value.toFixed(digits));
