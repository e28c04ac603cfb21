import { chromium, type Browser } from 'playwright-core';

// Debian's Chromium, headless, as the end-to-end tests drive it (CHROMIUM_PATH overrides the path)
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Launches the Chromium the end-to-end tests drive. */
export const launchChromium = (): Promise<Browser> => chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
