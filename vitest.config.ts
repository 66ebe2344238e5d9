import { defineConfig } from 'vitest/config';
import ClosingLine from './test/helpers/closing-line.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    reporters: ['default', new ClosingLine()],
  },
});
