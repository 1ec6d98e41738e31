/** The summary printed at the end of a run: one row per figure, our bot beside the bare bot, and the target. */

export interface Row {
  figure: string;
  ours: string;
  bare?: string;
  ratio?: string;
  target?: string;
  /** Undefined when the figure has no target. */
  met?: boolean;
}

export class Report {
  readonly rows: Row[] = [];
  readonly notes: string[] = [];

  add(row: Row): void {
    this.rows.push(row);
  }

  note(text: string): void {
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  /** The rows as a Markdown table (pasted as is into bench/README.md). */
  table(): string {
    const header = ['Figure', 'Our bot', 'Bare bot', 'Ratio', 'Target', 'Result'];
    const lines = this.rows.map((row) => [
      row.figure,
      row.ours,
      row.bare ?? '',
      row.ratio ?? '',
      row.target ?? '',
      row.met === undefined ? '' : row.met ? 'met' : 'MISSED',
    ]);
    const widths = header.map((title, i) =>
      Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)),
    );
    const format = (cells: string[]) =>
      `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
    return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join(
      '\n',
    );
  }
}

/** "1.07×" for a ratio. */
export function ratio(ours: number, bare: number): string {
  return bare > 0 && Number.isFinite(ours / bare) ? `${(ours / bare).toFixed(2)}×` : 'n/a';
}

/** Prints a phase heading with the time, so a long run shows where it is. */
export function heading(text: string): void {
  console.log(`\n== ${text} (${new Date().toISOString().slice(11, 19)} UTC)`);
}
