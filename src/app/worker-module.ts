import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The compiled worker entry of the application layer (./worker.js). Under the test runner this
 * module is TypeScript source, and a worker thread cannot load TypeScript, so it runs the compiled
 * copy in dist/ (built by `npm install` and by `npm test`).
 */
export function appWorkerModule(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const js = join(here, 'worker.js');
  if (existsSync(js)) return js;
  const dist = join(here, '..', '..', 'dist', 'src', 'app', 'worker.js');
  if (existsSync(dist)) return dist;
  throw new Error(`worker script not found (${js}); run npm run build`);
}
