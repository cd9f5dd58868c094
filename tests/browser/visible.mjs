// Each given page shows its main text in headless Chromium: nothing in the content (a site
// title of `International Leeds <!--<script>`, say) can swallow the page.
//
//   node visible.mjs http://127.0.0.1:PORT /path/ [/path/ …]

import { launch } from './chromium.mjs';

const [base, ...paths] = process.argv.slice(2);
const browser = await launch();
let failed = false;
try {
  const page = await browser.newPage();
  for (const path of paths) {
    await page.goto(`${base}${path}`);
    const shown = await page.evaluate(() => {
      const main = document.querySelector('main');
      return main ? main.innerText.trim().length : 0;
    });
    if (shown > 0) {
      console.log(`PASS ${path} shows ${shown} characters of main text`);
    } else {
      console.log(`FAIL ${path} shows no main text`);
      failed = true;
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
