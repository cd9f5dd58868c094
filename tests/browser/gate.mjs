// The real-browser quality gate. Crawls a running site from `/` in Debian's headless Chromium
// and checks every page at phone and desktop widths: axe-core (WCAG 2.2 A/AA), the skip link and
// keyboard focus, reflow at 320px, a city's locator map (Leeds and the city apart, both in the
// frame), WCAG text-spacing overrides, console and CSP errors, requests to other sites, the Nu
// HTML Checker on every page and the stylesheet, and every internal link.
//
//   node gate.mjs http://127.0.0.1:3000 OUT_DIR   check a site; screenshots go to OUT_DIR
//   node gate.mjs --selftest OUT_DIR              prove each check fails on a page made to fail it
//
// Exit status 0 when everything passes, 1 when anything fails, 2 when the gate cannot run.

import { launch } from './chromium.mjs';
import { execFile } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = join(dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [
  { name: 'phone', width: 320, height: 640 },
  { name: 'desktop', width: 1280, height: 800 },
];
const NOT_FOUND_PATH = '/this-page-does-not-exist/';
// Pages that no link leads to, answered for any address or query: checked as well.
const DYNAMIC = [
  { path: NOT_FOUND_PATH, status: 404 },
  { path: '/search?q=schools', status: 200 },
  { path: '/search?q=zzzqqq', status: 200 },
  // A misspelling answered for the site's word, with its two links.
  { path: '/search?q=Dortmnd', status: 200 },
  { path: '/fr/search?q=Lile', status: 200 },
  // A translated language's: its 404 page and its search, which mixes languages.
  { path: `/fr${NOT_FOUND_PATH}`, status: 404 },
  { path: '/fr/search?q=Lille', status: 200 },
  { path: `/zh-hans/search?q=${encodeURIComponent('杭州')}`, status: 200 },
];
// The least distance between the markers of a city's locator map, in CSS pixels.
const LOCATOR_GAP = 24;
const CONCURRENCY = Number(process.env.GATE_CONCURRENCY || 3);

/// Problems found, each naming the page, the width and the rule.
class Failures {
  list = [];
  add(path, width, rule, detail) {
    this.list.push({ path, width, rule, detail });
  }
  print() {
    for (const f of this.list) {
      const at = f.width ? ` @${f.width}px` : '';
      console.log(`FAIL ${f.path}${at} [${f.rule}] ${f.detail}`);
    }
  }
}

/// Visits every page reachable from `/` and the sitemap, collecting pages, assets and links.
async function crawl(browser, base, failures) {
  const page = await browser.newPage();
  const pages = new Map(); // path -> html
  const links = new Map(); // url path -> first page linking to it
  // From the home page, and from the sitemap too, so that no page is missed for want of a link.
  const sitemap = await (await fetch(`${base}/sitemap.xml`)).text();
  const listed = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]).pathname);
  const queue = ['/', ...listed];
  while (queue.length > 0) {
    const path = queue.shift();
    if (pages.has(path)) continue;
    const response = await page.goto(base + path);
    if (!response || response.status() !== 200) {
      failures.add(path, null, 'crawl', `answered ${response ? response.status() : 'nothing'}`);
      pages.set(path, null);
      continue;
    }
    pages.set(path, await response.text());
    const found = await page.evaluate(() => {
      const urls = [];
      // getAttribute, not .href: an SVG link's href is not a string.
      const resolve = (value) => new URL(value, document.baseURI).href;
      for (const el of document.querySelectorAll('a[href], link[href]')) urls.push(resolve(el.getAttribute('href')));
      for (const el of document.querySelectorAll('img[src], script[src], source[src], image[href]')) {
        urls.push(resolve(el.getAttribute('src') ?? el.getAttribute('href')));
      }
      // Every width of every picture, not only the one this window chose.
      for (const el of document.querySelectorAll('img[srcset], source[srcset]')) {
        for (const candidate of el.getAttribute('srcset').split(',')) {
          urls.push(resolve(candidate.trim().split(/\s+/)[0]));
        }
      }
      const ids = new Set([...document.querySelectorAll('[id]')].map((el) => el.id));
      const badFragments = [...document.querySelectorAll('a[href^="#"]')]
        .map((a) => decodeURIComponent(a.getAttribute('href').slice(1)))
        .filter((id) => id && !ids.has(id));
      return { urls, badFragments };
    });
    for (const id of found.badFragments) {
      failures.add(path, null, 'broken-fragment', `links to #${id}, which is not on the page`);
    }
    for (const raw of found.urls) {
      const url = new URL(raw);
      if (url.origin !== new URL(base).origin) continue;
      const target = url.pathname + url.search;
      if (!links.has(target)) links.set(target, path);
      const isPage = !url.pathname.startsWith('/static/') && !/\.[a-z0-9]+$/i.test(url.pathname);
      if (isPage && !pages.has(target) && !queue.includes(target)) queue.push(target);
    }
  }
  await page.close();
  return { pages, links };
}

/// Every internal link and asset must answer 200 itself, not through a redirect.
async function checkLinks(base, links, failures) {
  for (const [target, from] of links) {
    const response = await fetch(base + target, { redirect: 'manual' });
    if (response.status !== 200) {
      failures.add(from, null, 'broken-link', `links to ${target}, which answers ${response.status}`);
    }
  }
}

/// All the in-browser checks of one page at one width.
async function auditPage(browser, base, path, viewport, failures, { expectStatus = 200, screenshots } = {}) {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  const origin = new URL(base).origin;
  const fail = (rule, detail) => failures.add(path, viewport.width, rule, detail);
  page.on('console', (msg) => {
    // A 404 page logs its own status as an error; that one is expected.
    const own = expectStatus !== 200 && msg.location().url === base + path;
    if (msg.type() === 'error' && !own) fail('console-error', msg.text());
  });
  page.on('pageerror', (error) => fail('page-error', error.message));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(origin) && !url.startsWith('data:')) fail('third-party-request', url);
  });
  page.on('requestfailed', (request) => {
    const error = request.failure()?.errorText;
    // The browser abandons its own background fetch of the icon when the audit moves on or
    // closes the page; that is no failure of the site (the icon is checked with every link).
    if (error === 'net::ERR_ABORTED' && request.resourceType() === 'other') return;
    // Nor is a picture it stops fetching when the window changes width and another of the
    // picture's widths fits better (or the page closes): every width is checked with the links.
    if (error === 'net::ERR_ABORTED' && request.resourceType() === 'image') return;
    fail('request-failed', `${request.url()}: ${error}`);
  });

  const response = await page.goto(base + path);
  if (!response || response.status() !== expectStatus) {
    fail('status', `answered ${response ? response.status() : 'nothing'}, not ${expectStatus}`);
    await context.close();
    return;
  }

  // axe-core, loaded through the debugging protocol so that the page's CSP still applies.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (tags) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  }, AXE_TAGS);
  for (const v of violations) fail(v.id, `${v.help} (${v.targets.join('; ')})`);

  // Reflow: nothing may scroll sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow > 0) fail('reflow', `the page scrolls sideways by ${overflow}px`);

  if (screenshots) {
    const slug = path === '/' ? 'home' : path.replace(/^\/|\/$/g, '').replace(/[^a-z0-9]+/gi, '-');
    const name = `${slug}-${viewport.name}.png`;
    await page.screenshot({ path: join(screenshots, name), fullPage: true });
  }

  await checkLocator(page, fail);
  await checkKeyboard(page, fail);
  await page.goto(base + path);
  await checkTextSpacing(page, fail);
  await context.close();
}

/// On a city's locator map, Leeds' marker and the city's are both inside the map and at least
/// 24 CSS pixels apart, centre to centre, so that neither hides the other.
async function checkLocator(page, fail) {
  const problems = await page.evaluate((least) => {
    const found = [];
    for (const map of document.querySelectorAll('figure.map-small')) {
      const frame = map.querySelector('.map-frame').getBoundingClientRect();
      const markers = [...map.querySelectorAll('a[class^="marker-"]')].map((a) => ({
        name: a.querySelector('title')?.textContent ?? a.getAttribute('href'),
        box: a.getBoundingClientRect(),
      }));
      if (markers.length < 2) found.push(`the locator map has ${markers.length} markers, not Leeds and the city`);
      for (const { name, box } of markers) {
        const inside =
          box.left >= frame.left - 0.5 && box.right <= frame.right + 0.5 && box.top >= frame.top - 0.5 && box.bottom <= frame.bottom + 0.5;
        if (!inside) found.push(`${name}'s marker is not wholly inside the map`);
      }
      const centre = ({ box }) => [box.left + box.width / 2, box.top + box.height / 2];
      for (let i = 0; i < markers.length; i++) {
        for (let j = i + 1; j < markers.length; j++) {
          const [a, b] = [centre(markers[i]), centre(markers[j])];
          const gap = Math.hypot(a[0] - b[0], a[1] - b[1]);
          if (gap < least) found.push(`${markers[i].name} and ${markers[j].name} are ${gap.toFixed(1)}px apart, under ${least}px`);
        }
      }
    }
    return found;
  }, LOCATOR_GAP);
  for (const problem of problems) fail('locator-map', problem);
}

/// The first Tab reaches the skip link, following it focuses `main`, and every focusable element
/// shows a visible change when focused from the keyboard.
async function checkKeyboard(page, fail) {
  const focusable = await page.evaluate(() => {
    const props = [
      'outlineStyle', 'outlineWidth', 'outlineColor', 'boxShadow', 'backgroundColor', 'color',
      'borderTopColor', 'borderBottomColor', 'borderLeftColor', 'borderRightColor',
      'textDecorationLine', 'textDecorationThickness',
    ];
    // Everything in the Tab order; elements taken out of it with tabindex="-1" are not.
    const selector = ['a[href]', 'button', 'input', 'select', 'textarea', 'summary', '[tabindex]']
      .map((s) => `${s}:not([tabindex="-1"])`)
      .join(', ');
    const elements = [...document.querySelectorAll(selector)].filter((el) => !el.disabled);
    window.__gate = { props, styles: [] };
    elements.forEach((el, i) => {
      el.dataset.gateIndex = String(i);
      const style = getComputedStyle(el);
      window.__gate.styles.push(Object.fromEntries(props.map((p) => [p, style[p]])));
    });
    return elements.length;
  });

  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    const box = el.getBoundingClientRect();
    return {
      isSkip: el.matches('a.skip-link[href="#main"]'),
      visible: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < window.innerHeight,
      html: el.outerHTML.slice(0, 80),
    };
  });
  if (!first.isSkip) fail('skip-link', `the first Tab reaches ${first.html}, not the skip link`);
  else if (!first.visible) fail('skip-link', 'the skip link is not visible when focused');

  // Walk the whole page with Tab, checking each stop against its unfocused look.
  const reached = new Set();
  for (let i = 0; i < focusable + 5; i++) {
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const index = el.dataset.gateIndex;
      if (index === undefined) return { index: null, html: el.outerHTML.slice(0, 80) };
      const style = getComputedStyle(el);
      const before = window.__gate.styles[Number(index)];
      const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
      const changed = window.__gate.props.filter((p) => {
        if (style[p] === before[p]) return false;
        if (p.startsWith('outline')) {
          return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
        }
        if (p.endsWith('Color') || p === 'color') return !transparent(style[p]);
        return style[p] !== 'none';
      });
      return { index: Number(index), changed: changed.length > 0, html: el.outerHTML.slice(0, 80) };
    });
    if (stop && stop.index !== null) {
      if (reached.has(stop.index)) break;
      reached.add(stop.index);
      if (!stop.changed) fail('focus-visible', `no visible focus indicator on ${stop.html}`);
    }
    await page.keyboard.press('Tab');
  }
  if (reached.size < focusable) {
    fail('keyboard', `Tab reached ${reached.size} of ${focusable} focusable elements`);
  }

  // Follow the skip link from the keyboard, on a fresh load of the page.
  if (first.isSkip) {
    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    const target = await page.evaluate(() => ({
      onMain: document.activeElement.matches('main#main'),
      html: document.activeElement.outerHTML.slice(0, 60),
    }));
    if (!target.onMain) fail('skip-link', `following the skip link focuses ${target.html}, not main`);
  }
}

/// WCAG 1.4.12: with the text-spacing overrides applied, no content is clipped or scrolls sideways.
async function checkTextSpacing(page, fail) {
  const clipped = await page.evaluate(() => {
    for (const el of document.querySelectorAll('body *')) {
      // CSSOM, not a style element: the page's CSP forbids inline styles, and rightly so.
      el.style.setProperty('line-height', '1.5', 'important');
      el.style.setProperty('letter-spacing', '0.12em', 'important');
      el.style.setProperty('word-spacing', '0.16em', 'important');
      if (el.tagName === 'P') el.style.setProperty('margin-bottom', '2em', 'important');
    }
    const found = [];
    for (const el of document.querySelectorAll('body *')) {
      const style = getComputedStyle(el);
      const clipsX = style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1;
      const clipsY = style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1;
      if ((clipsX || clipsY) && el.clientHeight > 0) found.push(el.outerHTML.slice(0, 80));
    }
    const sideways = document.documentElement.scrollWidth - window.innerWidth;
    if (sideways > 0) found.push(`the page scrolls sideways by ${sideways}px`);
    return found;
  });
  for (const what of clipped) fail('text-spacing', `clipped with WCAG text spacing: ${what}`);
}

/// The Nu HTML Checker over every page and the stylesheets, in one run of Java.
async function checkHtml(pages, stylesheets, outDir, failures) {
  const dir = join(outDir, 'html');
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const files = new Map();
  let n = 0;
  for (const [path, html] of pages) {
    if (html === null) continue;
    const file = join(dir, `page-${n++}.html`);
    await writeFile(file, html);
    files.set(file, path);
  }
  for (const [path, css] of stylesheets) {
    const file = join(dir, `style-${n++}.css`);
    await writeFile(file, css);
    files.set(file, path);
  }
  const output = await new Promise((resolve) => {
    execFile(
      'java',
      ['-jar', VNU_JAR, '--format', 'json', '--stdout', '--also-check-css', ...files.keys()],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && !stdout) {
          failures.add('(all)', null, 'nu-html-checker', `could not run: ${stderr || error.message}`);
        }
        resolve(stdout);
      },
    );
  });
  if (!output) return 0;
  const { messages } = JSON.parse(output);
  for (const m of messages) {
    if (m.type !== 'error' && m.subType !== 'fatal') continue;
    const file = decodeURIComponent(new URL(m.url).pathname);
    failures.add(files.get(file) ?? file, null, 'nu-html-checker', `line ${m.lastLine}: ${m.message}`);
  }
  return files.size;
}

async function checkSite(base, outDir) {
  const started = Date.now();
  const failures = new Failures();
  const screenshots = join(outDir, 'screenshots');
  await mkdir(screenshots, { recursive: true });
  const browser = await launch();
  const { pages, links } = await crawl(browser, base, failures);
  await checkLinks(base, links, failures);
  const audited = [...pages.keys()].filter((p) => pages.get(p) !== null);
  const targets = [...audited.map((path) => ({ path, status: 200 })), ...DYNAMIC];
  const jobs = targets.flatMap((target) => WIDTHS.map((viewport) => ({ ...target, viewport })));
  // A few pages at once: each waits on the browser and the server more than on the CPU.
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      await auditPage(browser, base, job.path, job.viewport, failures, { expectStatus: job.status, screenshots });
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await browser.close();
  failures.list.sort((a, b) => a.path.localeCompare(b.path) || (a.width ?? 0) - (b.width ?? 0));

  const documents = new Map(pages);
  for (const { path } of DYNAMIC) documents.set(path, await (await fetch(base + path)).text());
  const stylesheets = new Map();
  for (const target of links.keys()) {
    if (target.endsWith('.css')) stylesheets.set(target, await (await fetch(base + target)).text());
  }
  const checked = await checkHtml(documents, stylesheets, outDir, failures);

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `browser gate: ${pages.size} pages crawled from / and the sitemap, ${targets.length} pages (with the 404 and search pages) ` +
      `checked at ${WIDTHS.map((w) => `${w.width}px`).join(' and ')}, ${links.size} internal links and assets, ` +
      `${checked} documents through the Nu HTML Checker, in ${seconds}s`,
  );
  console.log(`browser gate: screenshots in ${screenshots}`);
  failures.print();
  console.log(`browser gate: ${failures.list.length === 0 ? 'all checks pass' : `${failures.list.length} failures`}`);
  return failures.list.length === 0;
}

/// Each fixture page is made to break one rule; the gate must report that rule on that page.
async function selftest(outDir) {
  const fixtures = join(here, 'fixtures');
  const expected = {
    '/missing-alt.html': 'image-alt',
    '/missing-label.html': 'label',
    '/missing-lang.html': 'html-has-lang',
    '/no-focus-style.html': 'focus-visible',
    '/no-skip-link.html': 'skip-link',
    '/sideways.html': 'reflow',
    '/clipped.html': 'text-spacing',
    '/low-contrast.html': 'color-contrast',
    '/crowded-locator.html': 'locator-map',
  };
  const server = createServer(async (req, res) => {
    try {
      const body = await readFile(join(fixtures, new URL(req.url, 'http://x').pathname.replace(/^\/+/, '')));
      const type = req.url.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8';
      res.writeHead(200, { 'content-type': type });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await launch();
  let ok = true;
  for (const [path, rule] of Object.entries(expected)) {
    const failures = new Failures();
    await auditPage(browser, base, path, WIDTHS[0], failures);
    const caught = failures.list.some((f) => f.rule === rule && f.path === path);
    console.log(`selftest: ${path} ${caught ? 'fails' : 'DOES NOT FAIL'} on [${rule}]`);
    ok &&= caught;
  }
  // And a clean fixture passes, so the checks do not fail on everything.
  const failures = new Failures();
  await auditPage(browser, base, '/clean.html', WIDTHS[0], failures);
  await auditPage(browser, base, '/clean.html', WIDTHS[1], failures);
  failures.print();
  console.log(`selftest: /clean.html ${failures.list.length === 0 ? 'passes' : 'FAILS'}`);
  ok &&= failures.list.length === 0;
  const html = new Failures();
  await checkHtml(new Map([['/invalid.html', await readFile(join(fixtures, 'invalid.html'), 'utf8')]]), new Map(), outDir, html);
  const htmlCaught = html.list.some((f) => f.rule === 'nu-html-checker' && f.path === '/invalid.html');
  console.log(`selftest: /invalid.html ${htmlCaught ? 'fails' : 'DOES NOT FAIL'} on [nu-html-checker]`);
  ok &&= htmlCaught;
  await browser.close();
  server.close();
  return ok;
}

const [first, second] = process.argv.slice(2);
if (!first) {
  console.error('usage: node gate.mjs BASE_URL OUT_DIR | --selftest OUT_DIR');
  process.exit(2);
}
const outDir = second || join(here, '..', '..', 'target', 'browser-gate');
const passed = first === '--selftest' ? await selftest(outDir) : await checkSite(first.replace(/\/$/, ''), outDir);
process.exit(passed ? 0 : 1);
