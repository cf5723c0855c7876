import type { Figures } from './load.js';

const ms = (value: number | undefined) => (value === undefined ? 'n/a' : value.toFixed(2));

/** The rows measured, as a Markdown table. */
export function printTable(rows: Figures[]): void {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(line(['scenario', 'turns/s', 'p50 ms', 'p99 ms', 'errors', 'server CPU ms/turn', 'load CPU ms/turn']));
  console.log(line(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const r of rows) {
    console.log(line([r.name, r.rate.toFixed(0), String(r.p50), String(r.p99), String(r.errors), ms(r.cpu?.server), ms(r.cpu?.load)]));
  }
}

/** One target's line: what was measured, the rule, and whether it holds. Every target of `npm run bench` prints one. */
export function target(name: string, measured: string, rule: string, met: boolean): void {
  console.log(`TARGET ${name}: ${measured} (target: ${rule}) - ${met ? 'met' : 'missed'}`);
}

/** `a` as a multiple of `b`, as printed beside a target. */
export const times = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
