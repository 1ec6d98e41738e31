/** What reliability tests record, and the summary printed at the end of `npm test`. */
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    reliabilityDir: string;
  }
}

export interface ReliabilityRecord {
  area: string;
  faultsInjected: number;
  faultsSurvived: number;
  badInputsTried: number;
  badInputsHandled: number;
  dataLost: number;
}

/** Records one test's figures (called from reliability tests after their assertions ran). */
export function record(entry: Partial<ReliabilityRecord> & { area: string }): void {
  const full: ReliabilityRecord = {
    faultsInjected: 0,
    faultsSurvived: 0,
    badInputsTried: 0,
    badInputsHandled: 0,
    dataLost: 0,
    ...entry,
  };
  appendFileSync(path.join(inject('reliabilityDir'), `${process.pid}.jsonl`), `${JSON.stringify(full)}\n`);
}

export function summarise(records: readonly ReliabilityRecord[]): string {
  const byArea = new Map<string, ReliabilityRecord>();
  for (const r of records) {
    const sum = byArea.get(r.area) ?? {
      ...r,
      faultsInjected: 0,
      faultsSurvived: 0,
      badInputsTried: 0,
      badInputsHandled: 0,
      dataLost: 0,
    };
    sum.faultsInjected += r.faultsInjected;
    sum.faultsSurvived += r.faultsSurvived;
    sum.badInputsTried += r.badInputsTried;
    sum.badInputsHandled += r.badInputsHandled;
    sum.dataLost += r.dataLost;
    byArea.set(r.area, sum);
  }
  const rows = [...byArea.values()].sort((a, b) => a.area.localeCompare(b.area));
  const total = rows.reduce(
    (acc, r) => ({
      faultsInjected: acc.faultsInjected + r.faultsInjected,
      faultsSurvived: acc.faultsSurvived + r.faultsSurvived,
      badInputsTried: acc.badInputsTried + r.badInputsTried,
      badInputsHandled: acc.badInputsHandled + r.badInputsHandled,
      dataLost: acc.dataLost + r.dataLost,
    }),
    { faultsInjected: 0, faultsSurvived: 0, badInputsTried: 0, badInputsHandled: 0, dataLost: 0 },
  );
  const line = (name: string, r: Omit<ReliabilityRecord, 'area'>) =>
    `  ${name.padEnd(22)} faults ${`${r.faultsSurvived}/${r.faultsInjected}`.padStart(9)} survived   bad inputs ${`${r.badInputsHandled}/${r.badInputsTried}`.padStart(11)} handled   data lost ${r.dataLost}`;
  return ['Reliability summary', ...rows.map((r) => line(r.area, r)), line('total', total)].join('\n');
}
