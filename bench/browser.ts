/**
 * The headless browser of the report's browser test and screenshot: Debian's
 * chromium-headless-shell driven by puppeteer-core (which downloads nothing), with a fresh
 * profile and nothing that phones home.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';

/** Where Debian's chromium-headless-shell package puts the browser (QUARTET_CHROMIUM overrides it). */
export const CHROMIUM = process.env.QUARTET_CHROMIUM ?? '/usr/bin/chromium-headless-shell';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

/** A running browser with its own temporary profile; `close` ends it and removes the profile. */
export interface HeadlessBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

export async function launchHeadless(): Promise<HeadlessBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'quartet-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: 'shell',
    userDataDir: profile,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    close: async () => {
      try {
        await browser.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
