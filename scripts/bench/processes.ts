/**
 * Child processes of the bench: each in its own process group, remembered until stopped, so every
 * one of them (and what it started) can be ended on success, on error and on timeout alike.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';

/** Lines of output kept per process: enough to show why it failed. */
const TAIL_LINES = 400;
const STOP_GRACE_MS = 5_000;

export interface Managed {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The last TAIL_LINES lines of stdout and stderr, interleaved as they came. */
  tail: string[];
  /** Resolves with the exit code (null when killed by a signal) once the process has ended. */
  exited: Promise<number | null>;
  hasExited: boolean;
}

const running = new Set<Managed>();

/** Starts `command` in its own process group (detached), so that the whole group can be signalled. */
export function startProcess(name: string, command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Managed {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) if (line !== '') tail.push(line);
    if (tail.length > TAIL_LINES) tail.splice(0, tail.length - TAIL_LINES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const managed: Managed = { name, pid: child.pid, child, tail, hasExited: false, exited: undefined! };
  managed.exited = new Promise((resolve) => {
    child.once('exit', (code) => {
      managed.hasExited = true;
      running.delete(managed);
      resolve(code);
    });
  });
  child.once('error', () => undefined); // surfaced by 'exit' / readiness timeouts instead
  running.add(managed);
  return managed;
}

/** Waits until a line of the process's output matches, bounded; fails early if the process exits. */
export function waitForLine(managed: Managed, pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      managed.child.stdout!.off('data', scan);
      managed.child.stderr!.off('data', scan);
      outcome();
    };
    const scan = (): void => {
      const match = managed.tail.map((line) => pattern.exec(line)).find((m) => m !== null);
      if (match) settle(() => resolve(match));
    };
    const timer = setTimeout(
      () => settle(() => reject(new Error(`${managed.name} did not print ${pattern} within ${timeoutMs} ms\n${lastLines(managed, 40)}`))),
      timeoutMs,
    );
    // Registered after the tail keeper, so the tail already holds the new chunk when this runs.
    managed.child.stdout!.on('data', scan);
    managed.child.stderr!.on('data', scan);
    void managed.exited.then((code) => {
      scan();
      settle(() => reject(new Error(`${managed.name} exited (code ${code}) before printing ${pattern}\n${lastLines(managed, 40)}`)));
    });
    scan();
  });
}

/** Polls `url` until it answers with any status (a 401 means "up"), bounded. */
export async function waitForHttp(url: string, managed: Managed, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (managed.hasExited) throw new Error(`${managed.name} exited before answering ${url}\n${lastLines(managed, 40)}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
      await response.arrayBuffer();
      return;
    } catch {
      await sleep(100);
    }
  }
  throw new Error(`${managed.name} did not answer ${url} within ${timeoutMs} ms\n${lastLines(managed, 40)}`);
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1_000);
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('timeout', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Waits (bounded) for a port to be free: another run of the gate may briefly hold the mock's port. */
export async function waitForFreePort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await portInUse(port)) {
    if (Date.now() > deadline) throw new Error(`127.0.0.1:${port} is still in use after ${timeoutMs} ms (another gate run?)`);
    await sleep(500);
  }
}

/** Ends a process, its group and every descendant (Playwright starts its web server in a group of its own). */
export async function stopProcess(managed: Managed, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (managed.hasExited) return managed.exited;
  const tree = [managed.pid, ...descendantsOf(managed.pid)];
  signalTree(managed.pid, tree, signal);
  const ended = await Promise.race([managed.exited.then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!ended) signalTree(managed.pid, tree, 'SIGKILL');
  const code = await managed.exited;
  // Descendants that outlived their parent (re-parented to init) are still ours to end.
  for (const pid of tree.slice(1)) if (isAlive(pid)) signalQuietly(pid, 'SIGKILL');
  return code;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((managed) => stopProcess(managed)));
}

/** Synchronous last resort (watchdog, signals): SIGKILL everything still running. */
export function killAllNow(): void {
  for (const managed of running) signalTree(managed.pid, [managed.pid, ...descendantsOf(managed.pid)], 'SIGKILL');
}

export function lastLines(managed: Managed, count: number): string {
  return managed.tail.slice(-count).join('\n');
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function signalTree(groupLeader: number, pids: number[], signal: NodeJS.Signals): void {
  signalQuietly(-groupLeader, signal);
  for (const pid of pids) signalQuietly(pid, signal);
}

function signalQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Every process below `root`, from the parent pid in /proc/<pid>/stat. */
export function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentOf(Number(entry));
    if (ppid === undefined) continue;
    const list = children.get(ppid);
    if (list) list.push(Number(entry));
    else children.set(ppid, [Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined; // exited while scanning
  }
}

/** Resident memory of one process in KiB (VmRSS), 0 when it is gone or is a zombie. */
export function residentKiB(pid: number): number {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}
