// The preview refreshes itself: in headless Chromium, a page open in `serve --dev` shows a
// saved edit without being reloaded by anyone, then a broken edit's errors with the stylesheet
// applied, then the page again once the mistake is fixed.
//
//   node preview.mjs http://127.0.0.1:PORT CONTENT_DIR
//
// Prints how long each change took to show, and exits 1 if one did not within the deadline.

import { launch } from './chromium.mjs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DEADLINE_MS = 30_000;
const [base, content] = process.argv.slice(2);
const file = join(content, 'partnerships/lille.md');

const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage();
  // The script is listening before anything is saved.
  const listening = page.waitForResponse((r) => r.url().includes('/_preview/events'));
  await page.goto(`${base}/partnerships/lille/`);
  await listening;
  const original = await readFile(file, 'utf8');
  const edited = original.replace('+++\nWe are linking', '+++\nEdited in the preview. We are linking');
  if (edited === original) throw new Error('the text to edit is not in lille.md');

  // Each step: save, then wait for the open page to show it.
  const steps = [
    ['a saved edit shows', edited, 'Edited in the preview.'],
    ['a broken edit shows its errors', edited.replace('kind = "partner"', 'kind = "partnr"'), 'The content has 1 problem'],
    ['the fixed page shows again', edited, 'Edited in the preview.'],
  ];
  for (const [name, text, expected] of steps) {
    const saved = Date.now();
    await writeFile(file, text);
    const shown = await waitForText(page, expected);
    if (shown === null) {
      console.log(`FAIL ${name}: "${expected}" not shown within ${DEADLINE_MS} ms`);
      failed = true;
      break;
    }
    console.log(`PASS ${name}, ${shown - saved} ms after the save`);
    const styled = await page.evaluate(() => [...document.styleSheets]
      .some((sheet) => sheet.cssRules.length > 10));
    if (!styled) {
      console.log(`FAIL ${name}: the page has no stylesheet`);
      failed = true;
    }
  }
  if (!failed) failed = !(await rebuildBeforeListening(browser, edited));
  await writeFile(file, original);
} catch (error) {
  console.log(`FAIL ${error.stack || error}`);
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);

/// A page whose event stream opens only after a rebuild still shows that rebuild: it knows
/// its build number, and the stream says which build is current.
async function rebuildBeforeListening(browser, text) {
  const page = await browser.newPage();
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/_preview/events', async (route) => {
    await held;
    await route.continue();
  });
  const response = await page.goto(`${base}/partnerships/lille/`);
  const build = Number(/desc="(\d+)"/.exec(response.headers()['server-timing'])[1]);
  const changed = text.replace('Edited in the preview.', 'Edited again in the preview.');
  await writeFile(file, changed);
  // Wait until the server has rebuilt, then let the page's stream open.
  const until = Date.now() + DEADLINE_MS;
  while (Date.now() < until) {
    const head = await fetch(`${base}/healthz`, { method: 'GET' });
    const timing = head.headers.get('server-timing') || '';
    const now = Number(/desc="(\d+)"/.exec(timing)?.[1]);
    if (now > build) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  release();
  const shown = await waitForText(page, 'Edited again in the preview.');
  console.log(shown === null
    ? 'FAIL a rebuild before the stream opened was missed'
    : 'PASS a rebuild before the stream opened still shows');
  await page.close();
  return shown !== null;
}

/// When the page, as it is now, first shows `text`: polled, since the page reloads itself
/// (and a reload destroys what a wait inside the page holds).
async function waitForText(page, text) {
  const until = Date.now() + DEADLINE_MS;
  while (Date.now() < until) {
    try {
      const body = await page.evaluate(() => document.body && document.body.innerText);
      if (body && body.includes(text)) return Date.now();
    } catch {
      // The page is between two loads.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}
