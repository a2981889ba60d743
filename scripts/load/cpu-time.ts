import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system) of groups of processes, read from /proc: what each part of the
 * process group costs per request, independent of how long requests wait. Linux only; a process that
 * exits between two readings loses its time (Postgres backends live as long as their pool).
 */
export type CpuGroups = Record<string, number[]>;

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** utime + stime of one process in ms, or 0 if it is gone. */
export function processCpuMs(pid: number): number {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return 0;
  }
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis don't.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Pids of the running processes whose command name is exactly `name` (pgrep -x). */
export function pidsNamed(name: string): number[] {
  try {
    return execFileSync('pgrep', ['-x', name], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

export type CpuReading = Map<number, number>;

/** CPU ms of every pid in the groups, now. */
export function readCpu(groups: CpuGroups): CpuReading {
  const reading: CpuReading = new Map();
  for (const pids of Object.values(groups)) {
    for (const pid of pids) reading.set(pid, processCpuMs(pid));
  }
  return reading;
}

/**
 * CPU ms per request of each group between two readings (pids missing before count from 0, pids
 * gone after count nothing).
 */
export function cpuPerRequest(
  groups: CpuGroups,
  before: CpuReading,
  after: CpuReading,
  requests: number,
): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [group, pids] of Object.entries(groups)) {
    let spent = 0;
    // A process gone by the second reading reads 0: its time since the first is lost, not negative.
    for (const pid of pids) spent += Math.max(0, (after.get(pid) ?? 0) - (before.get(pid) ?? 0));
    result[group] = requests > 0 ? spent / requests : NaN;
  }
  return result;
}
