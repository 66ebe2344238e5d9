import type { Command } from 'commander';
import { starterPath, writeStarter } from '../app/starter.js';
import { EXIT_OK } from './errors.js';
import type { Io } from './io.js';
import { painter } from './report.js';

/** `sim init [name]`: writes a commented starter scenario, `<name>.yaml` (default my-scenario.yaml). */
export function addInitCommand(program: Command, io: Io, setCode: (code: number) => void): void {
  program
    .command('init')
    .description('write a commented starter scenario (with the editor modeline for the schema) that runs in seconds')
    .argument('[name]', 'the file to write, <name>.yaml', 'my-scenario')
    .option('--force', 'replace an existing file')
    .action((name: string, o: { force?: boolean }) => {
      const file = starterPath(name);
      writeStarter(file, o.force === true);
      const c = painter(io);
      io.out(`${c.green('wrote')} ${file}: a starter scenario; check it with ${c.bold(`npx sim validate ${file}`)} and run it with ${c.bold(`npx sim run ${file}`)}\n`);
      setCode(EXIT_OK);
    });
}
