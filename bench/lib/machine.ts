/** The machine a run happened on, printed at the top so the figures can be read against it. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function describeMachine(): string[] {
  const cpu =
    /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  const memory = execFileSync('free', ['-h']).toString().split('\n')[1]?.trim().split(/\s+/) ?? [];
  return [
    `CPU: ${cpu ?? 'unknown'}, ${os.availableParallelism()} cores available (nproc)`,
    `Memory: ${memory[1] ?? '?'} total, ${memory[6] ?? '?'} available (free -h)`,
    `Node ${process.version}, ${os.type()} ${os.release()}`,
    `Load average at start: ${os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  ];
}
