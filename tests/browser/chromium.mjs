// Debian's headless Chromium, started the one way every browser test starts it.

import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// The sandbox off (CI runs as root), and nothing that reaches out to the network; each
// launcher asks for headless in its own way.
export const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function launch() {
  if (!existsSync(CHROMIUM)) {
    console.error(`no Chromium at ${CHROMIUM}; install Debian's chromium (see README.md)`);
    process.exit(2);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
  });
}
