// Lighthouse on a page of each kind, for phones and for desktops, in Debian's headless
// Chromium: accessibility, best practices and SEO must each score 100, and performance at
// least 95. Performance varies from run to run with the machine's load (its Total Blocking
// Time is measured, then scaled for a slow phone: on a busy CI machine the home page scored
// 99, 99 and 100 in a row, and on a noisy one the partnerships page 93, 94 and 99, where
// both score 100 on an idle one). The noise only ever takes points away, and what the test
// is for (a blocking request, a script, a large picture) costs them in every run: so a page
// under 95 is run up to twice more, and judged by its best run.
//
//   node lighthouse.mjs http://127.0.0.1:3000 /path/ /other/ ...

import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import desktop from 'lighthouse/core/config/desktop-config.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM, FLAGS } from './chromium.mjs';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
// The least each category may score: a real slowdown (a blocking request, a script, a large
// picture) costs far more than the few points of a busy machine.
const LEAST = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 };

const [base, ...paths] = process.argv.slice(2);
if (!base || paths.length === 0) {
  console.error('usage: node lighthouse.mjs BASE PATH...');
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), 'lighthouse-'));
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM,
  userDataDir: profile,
  chromeFlags: ['--headless', ...FLAGS],
});
let failures = 0;
try {
  for (const path of paths) {
    for (const [formFactor, config] of [['mobile', undefined], ['desktop', desktop]]) {
      const run = async () =>
        (await lighthouse(
          `${base}${path}`,
          { port: chrome.port, onlyCategories: CATEGORIES, logLevel: 'error' },
          config,
        )).lhr;
      const first = await run();
      const { categories, audits } = first;
      const runs = [categories.performance.score];
      while (Math.max(...runs) < LEAST.performance && runs.length < 3) {
        runs.push((await run()).categories.performance.score);
      }
      if (runs.length > 1) {
        console.log(`   ${formFactor} ${path}: performance ${runs.map((s) => Math.round(s * 100)).join(', ')}; the best counts`);
        categories.performance.score = Math.max(...runs);
      }
      const scores = CATEGORIES.map((id) => `${id} ${Math.round(categories[id].score * 100)}`);
      const low = CATEGORIES.filter((id) => categories[id].score < LEAST[id]);
      console.log(`${low.length ? 'FAIL' : 'ok'} lighthouse ${formFactor} ${path}: ${scores.join(', ')}`);
      for (const id of low) {
        failures += 1;
        for (const ref of categories[id].auditRefs) {
          const audit = audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 1) {
            console.log(`FAIL   ${id}: ${audit.id}: ${audit.title} (${audit.displayValue ?? audit.score})`);
          }
        }
      }
    }
  }
} finally {
  await chrome.kill();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failures === 0 ? 0 : 1);
