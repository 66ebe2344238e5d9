/** `sim report <run-dir> [--out FILE]`: writes report.html of a run, compare, replications or sweep directory. */
import type { Command } from 'commander';
import { ReportInputError, executeReport } from '../app/report.js';
import { CliError, EXIT_BAD_INPUT, EXIT_OK } from './errors.js';
import type { Io } from './io.js';

async function reportCommand(io: Io, dir: string, o: { out?: string; quiet?: boolean }): Promise<number> {
  let outcome;
  try {
    outcome = await executeReport(dir, o.out);
  } catch (e) {
    if (e instanceof ReportInputError) throw new CliError(EXIT_BAD_INPUT, 'BAD_RUN_DIR', e.message);
    throw e;
  }
  if (o.quiet !== true) io.out(`wrote ${outcome.path} (${outcome.charts.length} charts${outcome.listed ? '; listed in the manifest' : ''})\n`);
  return EXIT_OK;
}

/** Adds `sim report` to the program; `setCode` receives its exit code. */
export function addReportCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('report')
    .description('write report.html: the charts and headline numbers of a run, compare, replications or sweep directory, in one offline page')
    .argument('<run-dir>', 'a directory written by sim run, sim compare or sim sweep (holding manifest.json)')
    .option('--out <file>', 'write the page here instead of <run-dir>/report.html (the manifest is then left alone)')
    .option('--quiet', 'print nothing')
    .action(async (dir: string, o: { out?: string; quiet?: boolean }) => setCode(await reportCommand(io, dir, o)));
}
