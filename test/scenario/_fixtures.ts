/** Helpers of the scenario tests (outside the test glob). */
import { fileURLToPath } from 'node:url';
import { loadScenario, type ScenarioError, type ScenarioOverrides } from '../../src/scenario/index.js';

/** Absolute path of a fixture in test/scenario/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
}

/** Absolute path of a scenario in scenarios/. */
export function scenarioFile(name: string): string {
  return fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
}

export function loadFixture(name: string, overrides?: ScenarioOverrides): ReturnType<typeof loadScenario> {
  return loadScenario(fixture(name), overrides);
}

/** The parts of errors a test pins down exactly: code, path, line, column. */
export function located(errors: readonly ScenarioError[]): { code: string; path: string; line: number; column: number }[] {
  return errors.map(({ code, path, line, column }) => ({ code, path, line, column }));
}
