import type { CompareResult } from '../economics/index.js';
import { minorToDecimal } from '../output/csv.js';
import type { Scenario } from '../scenario/types.js';
import type { Io } from './io.js';
import { painter } from './report.js';
import { formatTable, grouped } from './table.js';

/**
 * The comparison as a table: one column per model, one row per metric with its unit in the label
 * and one number format (counts whole, money to the minor unit, costs per 100 to 4 decimals,
 * basis points to 2), columns aligned whatever the number and length of the model names.
 */
export function printCompareTable(io: Io, r: CompareResult, sc: Scenario): void {
  const c = painter(io);
  const e = sc.currencyExponent;
  const cur = sc.currency;
  const all = (m: (typeof r.models)[number]) => m.channels.at(-1)!;
  const money = (minor: number): string => grouped(Number(minorToDecimal(Math.round(minor), e)), e);
  const rows: string[][] = [['fee model', ...r.models.map((m) => c.bold(m.name))]];
  const row = (label: string, cell: (m: (typeof r.models)[number]) => string): void => void rows.push([label, ...r.models.map(cell)]);
  row('purchases cleared', (m) => grouped(all(m).purchases, 0));
  row(`value cleared (${cur})`, (m) => money(all(m).valueMinor));
  row(`merchant cost (${cur} per ${cur} 100)`, (m) => grouped(all(m).merchantCostPer100 ?? 0, 4));
  for (const ch of r.models[0]!.channels.slice(0, -1)) {
    if (ch.purchases === 0) continue;
    row(`  ${ch.channel}`, (m) => grouped(m.channels.find((x) => x.channel === ch.channel)?.merchantCostPer100 ?? 0, 4));
  }
  row('scheme take (bp)', (m) => grouped(m.schemeTakeBps ?? 0, 2));
  for (const p of ['issuer', 'scheme', 'acquirer', 'merchant', 'cardholder'] as const) {
    row(`${p} net (${cur})`, (m) => {
      const v = m.participants[p].netMinor;
      const s = money(v);
      return v < 0 ? c.red(s) : v > 0 ? c.green(s) : s;
    });
  }
  row('tourist test (merchant fee <= cash cost, bp)', (m) => {
    const pass = all(m).touristTestPass;
    if (pass === null) return '-';
    const fee = grouped(all(m).merchantFeeBps ?? 0, 0);
    const cash = grouped(m.avoidedCostBps, 0);
    return pass ? c.green(`pass ${fee} <= ${cash}`) : c.red(`fail ${fee} > ${cash}`);
  });
  const cleared = grouped(r.models[0]?.channels.at(-1)?.purchases ?? 0, 0);
  io.out(`\n${c.bold(`Fee models on the same ${cleared} cleared purchases`)} ${c.dim(`(${sc.name}, seed ${sc.seed}, ${cur})`)}\n`);
  for (const line of formatTable(rows)) io.out(`${line}\n`);
  io.out('\n');
}
