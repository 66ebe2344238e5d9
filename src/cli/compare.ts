import type { CompareResult } from '../economics/index.js';
import { fixed, minorToDecimal } from '../output/csv.js';
import type { Scenario } from '../scenario/types.js';
import type { Io } from './io.js';
import { painter } from './report.js';

/** The comparison as a coloured table: one column per model. */
export function printCompareTable(io: Io, r: CompareResult, sc: Scenario): void {
  const c = painter(io);
  const e = sc.currencyExponent;
  const names = r.models.map((m) => m.name);
  const w0 = 34;
  const w = Math.max(14, ...names.map((n) => n.length + 2));
  const line = (label: string, cells: string[]): void => io.out(`  ${label.padEnd(w0)}${cells.map((x) => x.padStart(w)).join('')}\n`);
  const money = (minor: number): string => {
    const v = Number(minorToDecimal(Math.round(minor), e));
    return Math.round(v).toLocaleString('en-US');
  };
  io.out(`\n${c.bold(`Fee models on the same ${r.models[0]?.channels.at(-1)?.purchases.toLocaleString('en-US') ?? 0} cleared purchases`)} ${c.dim(`(${sc.name}, seed ${sc.seed}, ${sc.currency})`)}\n`);
  line('', names.map((n) => c.bold(n)));
  const all = (m: (typeof r.models)[number]) => m.channels.at(-1)!;
  line('purchases cleared', r.models.map((m) => all(m).purchases.toLocaleString('en-US')));
  line(`value cleared (${sc.currency})`, r.models.map((m) => money(all(m).valueMinor)));
  line(`merchant cost per ${sc.currency} 100`, r.models.map((m) => fixed(all(m).merchantCostPer100 ?? 0, 4)));
  for (const ch of r.models[0]!.channels.slice(0, -1)) {
    if (ch.purchases === 0) continue;
    line(`  ${ch.channel}`, r.models.map((m) => fixed(m.channels.find((x) => x.channel === ch.channel)?.merchantCostPer100 ?? 0, 4)));
  }
  line('scheme take (bp)', r.models.map((m) => fixed(m.schemeTakeBps ?? 0, 2)));
  for (const p of ['issuer', 'scheme', 'acquirer', 'merchant', 'cardholder'] as const) {
    line(`${p} net (${sc.currency})`, r.models.map((m) => {
      const v = m.participants[p].netMinor;
      const s = money(v);
      return v < 0 ? c.red(s) : v > 0 ? c.green(s) : s;
    }));
  }
  line('tourist test (fee <= cash cost)', r.models.map((m) => {
    const pass = all(m).touristTestPass;
    return pass === null ? '-' : pass ? c.green(`pass ${fixed(all(m).merchantFeeBps ?? 0, 0)}<=${fixed(m.avoidedCostBps, 0)}bp`) : c.red(`fail ${fixed(all(m).merchantFeeBps ?? 0, 0)}>${fixed(m.avoidedCostBps, 0)}bp`);
  }));
  io.out('\n');
}
