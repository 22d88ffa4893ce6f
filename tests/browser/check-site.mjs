// Checks a published dagsorden site in Debian's headless Chromium: axe-core (WCAG 2.1 A/AA) on every page, keyboard reach and skip link, no broken links, content without JavaScript, over file:// and over HTTP under a sub-path.
//
// usage: node check-site.mjs SITE_DIR [--base-url URL] [--screenshot FILE] [--meeting TEXT] [--search WORD --search-pdf TEXT]
//   --base-url URL     the URL the site was published for: a page linking to it absolutely fails (pages link relatively)
//   --screenshot FILE  a full-page PNG of the first meeting page whose path contains TEXT (default 2021-11-29)
//   --search WORD      over HTTP, type WORD into soeg.html by keyboard: a result must link to a PDF whose path
//                      contains the --search-pdf TEXT, the filter "art" must narrow the results, and the page
//                      with its results passes axe and the keyboard walk; prints what the browser downloaded
// environment: CHROMIUM (default /usr/bin/chromium)
// exit: 0 no problem, 1 problems found (each printed, then a summary), 2 usage or missing tools

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));

// ---------- arguments and tools ----------

function usage(msg) {
  if (msg) console.error(`check-site: ${msg}`);
  console.error('usage: node check-site.mjs SITE_DIR [--base-url URL] [--screenshot FILE] [--meeting TEXT]');
  process.exit(2);
}

const args = process.argv.slice(2);
let siteArg = null;
let screenshot = null;
let meetingText = '2021-11-29';
let baseUrl = null;
let searchWord = null;
let searchPdf = null;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--screenshot') screenshot = args[++i] ?? usage('--screenshot needs a FILE');
  else if (a === '--meeting') meetingText = args[++i] ?? usage('--meeting needs a TEXT');
  else if (a === '--base-url') baseUrl = args[++i] ?? usage('--base-url needs a URL');
  else if (a === '--search') searchWord = args[++i] ?? usage('--search needs a WORD');
  else if (a === '--search-pdf') searchPdf = args[++i] ?? usage('--search-pdf needs a TEXT');
  else if (a === '-h' || a === '--help') usage();
  else if (a.startsWith('-')) usage(`unknown option ${a}`);
  else if (siteArg === null) siteArg = a;
  else usage(`one SITE_DIR only (got ${siteArg} and ${a})`);
}
if (siteArg === null) usage('SITE_DIR is missing');
if ((searchWord === null) !== (searchPdf === null)) usage('--search and --search-pdf go together');
const SITE = fs.realpathSync(path.resolve(siteArg));
if (!fs.statSync(SITE).isDirectory()) usage(`${SITE} is not a folder`);

let chromium, axeSource;
try {
  ({ chromium } = require('playwright-core'));
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch (e) {
  console.error(`check-site: playwright-core and axe-core are not installed (${e.code ?? e.message}).`);
  console.error(`  run: npm ci --prefix ${path.relative(process.cwd(), HERE) || '.'}   (no browser is downloaded; or bash .ci/install-browser)`);
  process.exit(2);
}
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
if (!fs.existsSync(CHROMIUM)) {
  console.error(`check-site: no Chromium at ${CHROMIUM}. Install Debian's: apt-get install chromium (or bash .ci/install-browser), or set CHROMIUM.`);
  process.exit(2);
}

// ---------- the site's pages ----------

function walk(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (e.isFile() && e.name.endsWith('.html')) out.push(p);
  }
  return out;
}
const pages = walk(SITE).map((p) => path.relative(SITE, p).split(path.sep).join('/')).sort();
if (pages.length === 0) {
  console.error(`check-site: no .html page under ${SITE}`);
  process.exit(1);
}

const problems = []; // { page, pass, kind, text }
function problem(page, pass, kind, text) {
  problems.push({ page, pass, kind, text });
}

// ---------- the rules ----------

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
// Best-practice rules (not tagged WCAG by axe) for what the issue asks outright:
// headings in order, one h1, a main landmark, all content in landmarks, a skip link, table headers with text.
const EXTRA_RULES = ['heading-order', 'page-has-heading-one', 'landmark-one-main', 'region', 'skip-link', 'landmark-unique', 'empty-heading', 'empty-table-header'];

const FOCUSABLE = 'a[href], area[href], button, input:not([type="hidden"]), select, textarea, summary, iframe, [tabindex]:not([tabindex="-1"]), [contenteditable=""], [contenteditable="true"]';

// ---------- the browser ----------

// The flags Chromium needs on a closed network; Playwright adds a fresh --user-data-dir
// (a new temporary folder, removed at close) since no persistent context is asked for.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS }).catch((e) => {
  console.error(`check-site: Chromium at ${CHROMIUM} did not start: ${e.message.split('\n')[0]}`);
  process.exit(2);
});

const VIEWPORT = { width: 1280, height: 900 };
// bypassCSP: axe-core is injected as a script, which a strict Content-Security-Policy of the site would refuse.
const withJs = await browser.newContext({ viewport: VIEWPORT, locale: 'da-DK', bypassCSP: true });
const withoutJs = await browser.newContext({ viewport: VIEWPORT, locale: 'da-DK', javaScriptEnabled: false });
// WCAG 1.4.10 Reflow: at 320 CSS pixels wide (a phone, or 1280 px zoomed to 400 %) nothing scrolls sideways.
const narrow = await browser.newContext({ viewport: { width: 320, height: 640 }, locale: 'da-DK', bypassCSP: true });

/** Opens `url`, recording failed requests, error responses and console errors on the way. */
async function open(context, url) {
  const page = await context.newPage();
  const failures = [];
  page.on('requestfailed', (r) => failures.push(`${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400) failures.push(`${r.url()} (HTTP ${r.status()})`);
  });
  page.on('console', (m) => {
    if (m.type() === 'error') failures.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  const resp = await page.goto(url, { waitUntil: 'load' });
  if (resp && resp.status() >= 400) failures.push(`${url} (HTTP ${resp.status()})`);
  return { page, failures };
}

// ---------- checks of one page ----------

async function axeCheck(page, rel, pass) {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(
    async ({ tags, extra }) => {
      const rules = Object.fromEntries(extra.map((r) => [r, { enabled: true }]));
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, rules, resultTypes: ['violations'] });
      return {
        violations: r.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          helpUrl: v.helpUrl,
          tags: v.tags.filter((t) => t.startsWith('wcag') || t === 'best-practice'),
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html.slice(0, 160) })),
        })),
        incomplete: r.incomplete.map((v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(' ')} (${(n.any[0]?.message ?? '').slice(0, 120)})`).join('; ')}`),
      };
    },
    { tags: WCAG_TAGS, extra: EXTRA_RULES },
  );
  for (const v of result.violations) {
    const nodes = v.nodes.map((n) => `      ${n.target}\n        ${n.html}\n        ${n.summary.replace(/\n/g, '\n        ')}`).join('\n');
    problem(rel, pass, `axe ${v.id}`, `${v.impact}: ${v.help} [${v.tags.join(', ')}]\n      ${v.helpUrl}\n${nodes}`);
  }
  return result;
}

/** What axe does not check: lang="da", one h1, table header cells. */
async function structureCheck(page, rel, pass) {
  const s = await page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    title: document.title.trim(),
    tables: [...document.querySelectorAll('table')].filter((t) => t.rows.length > 1 && !t.querySelector('th')).length,
  }));
  if (!s.lang || !/^da(-|$)/i.test(s.lang)) problem(rel, pass, 'lang', `<html lang="${s.lang ?? ''}">: the site is Danish, lang="da"`);
  if (s.h1 !== 1) problem(rel, pass, 'h1', `${s.h1} h1 elements; a page has exactly one`);
  if (!s.title) problem(rel, pass, 'title', 'empty <title>');
  if (s.tables) problem(rel, pass, 'table', `${s.tables} table(s) of several rows without a header cell (th)`);
}

/** Tab from the top of a fresh page: every focusable element is reached, focus is visible,
 * and the first stop is a skip link whose activation takes the keyboard into main. */
async function keyboardCheck(page, rel, pass) {
  // Label every focusable element, in document order, and note its unfocused look.
  const expected = await page.evaluate((sel) => {
    const list = [];
    let i = 0;
    for (const el of document.querySelectorAll(sel)) {
      const id = String(i++);
      el.setAttribute('data-kbd', id);
      const disabled = el.matches(':disabled') || el.closest('[inert]') !== null;
      const visible = el.checkVisibility({ checkVisibilityCSS: true }) && el.getClientRects().length > 0;
      // A link hidden off-screen until focused (the skip link) counts as reachable by design.
      if (disabled) continue;
      // tabindex="-1" on a link or control takes it out of the Tab order: that is a miss, not an exemption.
      const tabindex = el.getAttribute('tabindex');
      if (tabindex !== null && Number(tabindex) < 0 && !el.matches('a[href], area[href], button, input, select, textarea, summary')) continue;
      if (!visible && !el.matches('a[href^="#"]')) continue;
      list.push({ id, desc: `${el.tagName.toLowerCase()}${el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : ''} "${(el.innerText || el.value || el.getAttribute('aria-label') || '').replace(/\s+/g, ' ').trim().slice(0, 50)}"` });
    }
    return list;
  }, FOCUSABLE);

  const looks = async () =>
    page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const cs = getComputedStyle(el);
      const r = el.getBoundingClientRect();
      return {
        id: el.getAttribute('data-kbd'),
        desc: `${el.tagName.toLowerCase()} "${(el.innerText || el.value || '').replace(/\s+/g, ' ').trim().slice(0, 50)}"`,
        style: [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.backgroundColor, cs.color, cs.textDecorationLine, cs.borderColor].join('|'),
        onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.left < innerWidth + scrollX + 1,
        href: el.getAttribute('href'),
        scroller: ['auto', 'scroll'].includes(cs.overflowX) && el.scrollWidth > el.clientWidth,
      };
    });

  await page.addScriptTag({ content: axeSource });
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const reached = [];
  const seen = new Set();
  const limit = expected.length + 3;
  for (let n = 0; n < limit; n++) {
    await page.keyboard.press('Tab');
    const f = await looks();
    if (!f) break; // past the last stop, focus leaves the page
    if (seen.has(f.id)) break; // wrapped around
    seen.add(f.id);
    reached.push(f);
    // Focus styles change colours: the focused element must keep its contrast (WCAG 1.4.3).
    const contrast = await page.evaluate(async () => {
      const r = await window.axe.run(document.activeElement, { runOnly: { type: 'rule', values: ['color-contrast'] }, resultTypes: ['violations'] });
      return r.violations.flatMap((v) => v.nodes.map((n) => n.failureSummary.split('\n').slice(1).join(' ').trim()));
    });
    for (const c of contrast) problem(rel, pass, 'focus-contrast', `${f.desc} while focused: ${c}`);
  }
  // Each reached element: does it look different focused than unfocused?
  for (const f of reached) {
    if (f.id === null) {
      if (f.scroller) problem(rel, pass, 'keyboard', `Tab stops on ${f.desc}, a box that scrolls sideways, which Chromium makes focusable by itself; give it tabindex="0" (and role="region" with a name) so every browser's keyboard can scroll it`);
      else problem(rel, pass, 'keyboard', `Tab stops on ${f.desc}, which is not a link or control`);
      continue;
    }
    const unfocused = await page.evaluate((id) => {
      const el = document.querySelector(`[data-kbd="${id}"]`);
      el.blur();
      const cs = getComputedStyle(el);
      return [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow, cs.backgroundColor, cs.color, cs.textDecorationLine, cs.borderColor].join('|');
    }, f.id);
    if (unfocused === f.style) problem(rel, pass, 'focus-visible', `${f.desc}: looks the same focused as not (outline, shadow, colours, underline unchanged)`);
    if (!f.onScreen) problem(rel, pass, 'focus-visible', `${f.desc}: focused but not on screen`);
  }
  const missed = expected.filter((e) => !seen.has(e.id));
  for (const m of missed) problem(rel, pass, 'keyboard', `Tab from the top never reaches ${m.desc}`);

  // The skip link: the first stop, an in-page link to main content, and following it moves the keyboard there.
  const first = reached[0];
  if (!first || !first.href || !first.href.startsWith('#') || first.href.length < 2) {
    problem(rel, pass, 'skip-link', `the first Tab stop is ${first ? first.desc : 'nothing'}, not a skip link to the main content`);
    return { expected: expected.length, reached: reached.length };
  }
  const targetOk = await page.evaluate((href) => {
    const t = document.getElementById(decodeURIComponent(href.slice(1)));
    const main = document.querySelector('main, [role="main"]');
    if (!t) return `its target ${href} does not exist`;
    if (!main) return 'the page has no main element';
    if (!(t === main || main.contains(t) || t.contains(main))) return `its target ${href} is not the main content`;
    return null;
  }, first.href);
  if (targetOk) {
    problem(rel, pass, 'skip-link', `first Tab stop ${first.desc}: ${targetOk}`);
    return { expected: expected.length, reached: reached.length };
  }
  await page.evaluate(() => {
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForTimeout(50);
  const where = async () =>
    page.evaluate(() => {
      const main = document.querySelector('main, [role="main"]');
      const el = document.activeElement;
      if (el && el !== document.body && (main.contains(el) || el.contains(main))) return 'in';
      // With nothing focusable in or after main, Tab leaves the page or wraps to the top: nothing to reach.
      const rest = [...document.querySelectorAll('[data-kbd]')].filter((e) => main.contains(e) || main.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING);
      if (rest.length === 0) return 'after';
      if (!el || el === document.body) return 'nowhere';
      return main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING ? 'after' : `before: ${el.tagName.toLowerCase()} "${(el.innerText || '').trim().slice(0, 40)}"`;
    });
  let at = await where();
  if (at !== 'in') {
    // Focus may stay on the link while the sequential navigation point moves: the next Tab must land in (or after) main.
    await page.keyboard.press('Tab');
    at = await where();
    if (at !== 'in' && at !== 'after') problem(rel, pass, 'skip-link', `after Enter on the skip link ${first.desc} and Tab, focus is ${at}, not in the main content`);
  }
  return { expected: expected.length, reached: reached.length };
}

/** Every relative href and src points at a file of the site (and an #id at an element there);
 * nothing is root-relative, which would break under a base URL and from file://. */
const idsCache = new Map();
function idsOf(file) {
  if (!idsCache.has(file)) {
    const html = fs.readFileSync(file, 'utf8');
    idsCache.set(file, new Set([...html.matchAll(/\s(?:id|name)\s*=\s*["']?([^"'\s>]+)/gi)].map((m) => m[1])));
  }
  return idsCache.get(file);
}
const linkedFiles = new Set();
async function linkCheck(page, rel, pass) {
  const refs = await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('[href], [src], [srcset], [poster], object[data]')) {
      for (const attr of ['href', 'src', 'poster', 'data']) {
        const v = el.getAttribute(attr);
        if (v !== null) out.push({ tag: el.tagName.toLowerCase(), attr, value: v.trim() });
      }
      const ss = el.getAttribute('srcset');
      if (ss) for (const part of ss.split(',')) out.push({ tag: el.tagName.toLowerCase(), attr: 'srcset', value: part.trim().split(/\s+/)[0] });
    }
    for (const el of document.querySelectorAll('[style*="url("]')) {
      for (const m of el.getAttribute('style').matchAll(/url\(\s*['"]?([^'")]+)/g)) out.push({ tag: el.tagName.toLowerCase(), attr: 'style', value: m[1] });
    }
    return out;
  });
  let local = 0;
  let external = 0;
  const pageFile = path.join(SITE, rel);
  for (const { tag, attr, value } of refs) {
    const where = `<${tag} ${attr}="${value}">`;
    if (value === '') {
      problem(rel, pass, 'link', `${where}: empty`);
      continue;
    }
    if (/^(mailto|tel|data):/i.test(value)) continue;
    if (/^[a-z][a-z0-9+.-]*:/i.test(value) || value.startsWith('//')) {
      if (/^(file|javascript):/i.test(value)) problem(rel, pass, 'link', `${where}: a ${value.split(':')[0]}: address`);
      else if (baseUrl && value.startsWith(baseUrl.replace(/\/?$/, '/'))) problem(rel, pass, 'link', `${where}: absolute to the base URL, so it fails from file:// and elsewhere (make it relative to the page)`);
      external++;
      continue;
    }
    if (value.startsWith('/')) {
      problem(rel, pass, 'link', `${where}: root-relative, breaks under a base URL and from file:// (make it relative to the page)`);
      continue;
    }
    local++;
    const [beforeHash, fragment] = value.split('#', 2);
    const pathPart = beforeHash.split('?')[0];
    let decoded;
    try {
      decoded = decodeURIComponent(pathPart);
    } catch {
      problem(rel, pass, 'link', `${where}: badly percent-encoded`);
      continue;
    }
    const target = pathPart === '' ? pageFile : path.resolve(path.dirname(pageFile), decoded);
    if (target !== SITE && !target.startsWith(SITE + path.sep)) {
      problem(rel, pass, 'link', `${where}: points outside the site`);
      continue;
    }
    let st;
    try {
      st = fs.statSync(target);
    } catch {
      problem(rel, pass, 'link', `${where}: ${path.relative(SITE, target)} does not exist`);
      continue;
    }
    linkedFiles.add(target);
    if (st.isDirectory()) {
      problem(rel, pass, 'link', `${where}: a folder; from file:// that shows a file listing, link to its index.html`);
      continue;
    }
    if (fragment && target.endsWith('.html') && !idsOf(target).has(decodeURIComponent(fragment))) {
      problem(rel, pass, 'link', `${where}: no id="${fragment}" in ${path.relative(SITE, target)}`);
    }
  }
  return { local, external };
}

/** At 320 px wide the page does not scroll sideways, but inside a scrollable box (a wide table's). */
async function reflowCheck(url, rel) {
  const { page } = await open(narrow, url);
  try {
    const wide = await page.evaluate(() => {
      const W = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth <= W + 1) return [];
      const scrolls = (el) => {
        for (let e = el.parentElement; e; e = e.parentElement) {
          const o = getComputedStyle(e).overflowX;
          if ((o === 'auto' || o === 'scroll') && e !== document.body && e !== document.documentElement) return true;
        }
        return false;
      };
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.right > W + 1 && r.width > 0 && !scrolls(el) && ![...el.children].some((c) => c.getBoundingClientRect().right > W + 1)) {
          out.push(`<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> "${(el.innerText || '').trim().slice(0, 60)}" reaches ${Math.round(r.right)} px`);
        }
      }
      // Text wider than its box (a long word, an address) overflows without widening any element.
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t && out.length < 8; t = walker.nextNode()) {
        if (!t.textContent.trim() || scrolls(t)) continue;
        const range = document.createRange();
        range.selectNodeContents(t);
        const r = range.getBoundingClientRect();
        if (r.right > W + 1) {
          const word = t.textContent.split(/\s+/).sort((a, b) => b.length - a.length)[0];
          out.push(`text in <${t.parentElement.tagName.toLowerCase()}> reaches ${Math.round(r.right)} px, longest word "${word.slice(0, 70)}"`);
        }
      }
      return [`the page is ${document.documentElement.scrollWidth} px wide`, ...out.slice(0, 8)];
    });
    if (wide.length) problem(rel, 'file', 'reflow', `at 320 px wide the page scrolls sideways (WCAG 1.4.10): ${wide.join('; ')}`);
    // The narrow layout is a layout of its own (media queries, boxes that scroll only here): axe again.
    await axeCheck(page, rel, '320px');
  } finally {
    await page.close();
  }
}

// The one page whose script changes what it shows: the search page, which says
// without JavaScript (and from file://) why there is no search. Pass 3 checks it.
const SEARCH_PAGE = 'soeg.html';

/** The page read with JavaScript off shows the same text as with it on. */
async function noJsCheck(url, rel, jsText) {
  const { page, failures } = await open(withoutJs, url);
  if (rel === SEARCH_PAGE) {
    const said = await page.locator('main').innerText();
    if (!/kræver JavaScript/.test(said) || !/http/.test(said)) problem(rel, 'no-js', 'no-js', 'without JavaScript the search page does not say that search needs JavaScript and http(s)');
    await page.close();
    return;
  }
  try {
    const text = await page.locator('body').innerText();
    const mainText = (await page.locator('main').count()) ? await page.locator('main').first().innerText() : '';
    if (!mainText.trim()) problem(rel, 'no-js', 'no-js', 'without JavaScript the main content is empty');
    if (text !== jsText) {
      const without = new Set(text.split('\n'));
      const with_ = new Set(jsText.split('\n'));
      const onlyJs = [...with_].filter((l) => l.trim() && !without.has(l)).slice(0, 3);
      const onlyNoJs = [...without].filter((l) => l.trim() && !with_.has(l)).slice(0, 3);
      problem(rel, 'no-js', 'no-js', `the text differs without JavaScript; only with it: ${JSON.stringify(onlyJs)}, only without it: ${JSON.stringify(onlyNoJs)}`);
    }
    for (const f of failures) if (!f.startsWith('console') && !f.startsWith('script')) problem(rel, 'no-js', 'load', f);
  } finally {
    await page.close();
  }
}

// ---------- pass 1: every page from file:// ----------

const stats = { axe: 0, focusables: 0, tabStops: 0, localLinks: 0, externalLinks: 0, incomplete: new Map() };
const started = Date.now();
for (const rel of pages) {
  const url = pathToFileURL(path.join(SITE, rel)).href;
  const { page, failures } = await open(withJs, url);
  try {
    for (const f of failures) problem(rel, 'file', 'load', f);
    const jsText = await page.locator('body').innerText();
    const links = await linkCheck(page, rel, 'file');
    stats.localLinks += links.local;
    stats.externalLinks += links.external;
    await structureCheck(page, rel, 'file');
    const kb = await keyboardCheck(page, rel, 'file');
    stats.focusables += kb.expected;
    stats.tabStops += kb.reached;
    // axe on a fresh load, untouched by the keyboard walk.
    await page.reload({ waitUntil: 'load' });
    const ax = await axeCheck(page, rel, 'file');
    stats.axe += 2; // and at 320 px in reflowCheck
    for (const i of ax.incomplete) stats.incomplete.set(`${rel}: ${i}`, 1);
    await noJsCheck(url, rel, jsText);
    await reflowCheck(url, rel);
  } catch (e) {
    problem(rel, 'file', 'error', e.message.split('\n')[0]);
  } finally {
    await page.close();
  }
}

// Every page and PDF of the site is reachable by following links from its pages
// (the index is the way in; oparl/ is for programs, reached from oparl/system.json).
function allFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
for (const f of allFiles(SITE)) {
  const rel = path.relative(SITE, f).split(path.sep).join('/');
  if (rel === 'index.html' || rel.startsWith('oparl/') || !/\.(html|pdf)$/i.test(rel)) continue;
  if (!linkedFiles.has(f)) problem(rel, 'file', 'orphan', 'no page of the site links to it');
}

// ---------- pass 2: every page over HTTP under /base/ (any base URL works) ----------

const BASE = '/base/';
const TYPES = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript', '.json': 'application/json', '.pdf': 'application/pdf', '.png': 'image/png', '.svg': 'image/svg+xml', '.jpg': 'image/jpeg', '.woff2': 'font/woff2', '.ico': 'image/x-icon', '.xml': 'application/xml', '.ics': 'text/calendar; charset=utf-8', '.atom': 'application/atom+xml', '.txt': 'text/plain; charset=utf-8' };
const outsideBase = [];
const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://127.0.0.1');
  if (!u.pathname.startsWith(BASE)) {
    // Chromium asks for /favicon.ico of every origin by itself; anything else is the site's.
    if (u.pathname !== '/favicon.ico') outsideBase.push(u.pathname);
    res.writeHead(404).end('outside the base path');
    return;
  }
  let file = path.join(SITE, decodeURIComponent(u.pathname.slice(BASE.length)));
  if (!file.startsWith(SITE)) return res.writeHead(403).end();
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream' }).end(req.method === 'HEAD' ? undefined : body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${server.address().port}`;
let httpLinks = 0;
for (const rel of pages) {
  const url = origin + BASE + rel.split('/').map(encodeURIComponent).join('/');
  const { page, failures } = await open(withJs, url);
  try {
    for (const f of failures) problem(rel, 'http', 'load', f);
    // Every same-site link answers 200 under the base path.
    const hrefs = await page.evaluate((o) => [...document.querySelectorAll('a[href]')].map((a) => a.href).filter((h) => h.startsWith(o)), origin);
    for (const h of new Set(hrefs.map((x) => x.split('#')[0]))) {
      httpLinks++;
      const r = await fetch(h, { method: 'HEAD' });
      if (r.status !== 200) problem(rel, 'http', 'link', `${h.slice(origin.length)}: HTTP ${r.status}`);
    }
    const styled = await page.evaluate(() => [...document.styleSheets].some((s) => s.cssRules.length > 0));
    if (!styled) problem(rel, 'http', 'style', 'no stylesheet applied');
  } catch (e) {
    problem(rel, 'http', 'error', e.message.split('\n')[0]);
  } finally {
    await page.close();
  }
}
// ---------- pass 3: the search, over HTTP, by keyboard ----------

let searchSummary = null;
if (searchWord !== null) {
  const rel = SEARCH_PAGE;
  const downloads = [];
  const context = await browser.newContext({ viewport: VIEWPORT, locale: 'da-DK', bypassCSP: true });
  const page = await context.newPage();
  const failures = [];
  page.on('pageerror', (e) => failures.push(`script error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && failures.push(`console error: ${m.text()}`));
  page.on('response', async (r) => {
    if (r.status() >= 400) failures.push(`${r.url()} (HTTP ${r.status()})`);
    try {
      downloads.push({ url: r.url(), bytes: (await r.body()).length });
    } catch {
      // a redirect has no body
    }
  });
  try {
    await page.goto(`${origin}${BASE}${rel}`, { waitUntil: 'load' });
    await page.locator('#soeg:not([hidden])').waitFor({ timeout: 10000 });
    // By keyboard: Tab from the top until the search field has focus, type, Enter.
    let tabs = 0;
    while (tabs < 20 && !(await page.evaluate(() => document.activeElement?.id === 'soeg-ord'))) {
      await page.keyboard.press('Tab');
      tabs++;
    }
    if (tabs >= 20) throw new Error('Tab from the top never reaches the search field #soeg-ord');
    await page.keyboard.type(searchWord);
    await page.keyboard.press('Enter');
    const settled = async () => {
      await page.waitForFunction(() => /resultat|Ingen/.test(document.getElementById('soeg-status').textContent), null, { timeout: 10000 });
      return page.evaluate(() => ({
        status: document.getElementById('soeg-status').textContent,
        pdfs: [...document.querySelectorAll('#soeg-resultater a')].map((a) => a.getAttribute('href')),
        count: document.querySelectorAll('#soeg-resultater > li').length,
      }));
    };
    const found = await settled();
    const hit = found.pdfs.some((h) => decodeURIComponent(h).includes(searchPdf));
    if (!hit) problem(rel, 'search', 'search', `»${searchWord}« found no result linking to a PDF with ${searchPdf} (status: ${found.status}; links: ${found.pdfs.join(', ')})`);
    // Every link of a result leads to a file of the site.
    for (const h of new Set(found.pdfs.map((x) => x.split('#')[0]))) {
      const r = await fetch(new URL(h, `${origin}${BASE}${rel}`), { method: 'HEAD' });
      if (r.status !== 200) problem(rel, 'search', 'link', `result link ${h}: HTTP ${r.status}`);
    }
    const bytesForSearch = downloads.filter((d) => d.url.includes('/pagefind/')).reduce((n, d) => n + d.bytes, 0);
    const requests = downloads.filter((d) => d.url.includes('/pagefind/')).length;
    const allBytes = downloads.reduce((n, d) => n + d.bytes, 0);
    // The search is in the address: loaded fresh from it, the page with its
    // results passes axe and the keyboard walk, which must reach every result's links.
    if (!page.url().includes(`q=${encodeURIComponent(searchWord)}`)) problem(rel, 'search', 'address', `the search is not kept in the address (${page.url()})`);
    await page.goto(page.url(), { waitUntil: 'load' });
    const again = await settled();
    if (again.count !== found.count) problem(rel, 'search', 'address', `loaded from its address the search shows ${again.count} results, not ${found.count}`);
    await axeCheck(page, rel, 'search');
    await page.reload({ waitUntil: 'load' });
    await settled();
    const kb = await keyboardCheck(page, rel, 'search');
    // A filter narrows: a kind of document the word's bilag is not leaves it out; "bilag" brings it back.
    const kinds = await page.evaluate(() => [...document.querySelectorAll('#soeg-art option')].map((o) => o.value).filter((v) => v && v !== 'bilag'));
    const narrowArt = kinds[0];
    if (!narrowArt) throw new Error('the filter art offers no kind of document besides bilag');
    await page.selectOption('#soeg-art', narrowArt);
    await page.waitForTimeout(200);
    const narrowed = await settled();
    if (narrowed.pdfs.some((h) => decodeURIComponent(h).includes(searchPdf)) || narrowed.count >= found.count)
      problem(rel, 'search', 'filter', `the filter art=${narrowArt} did not narrow ${found.count} results (now ${narrowed.count}: ${narrowed.status})`);
    await page.selectOption('#soeg-art', 'bilag');
    await page.waitForTimeout(200);
    const bilag = await settled();
    if (!bilag.pdfs.some((h) => decodeURIComponent(h).includes(searchPdf))) problem(rel, 'search', 'filter', `with art=bilag »${searchWord}« no longer finds ${searchPdf}`);
    for (const f of failures) problem(rel, 'search', 'load', f);
    searchSummary = `search: »${searchWord}« ${found.count} result(s) by keyboard (${tabs} Tab), ${narrowed.count} with art=${narrowArt}, ${bilag.count} with art=bilag; ${kb.reached}/${kb.expected} focusable reached; the browser downloaded ${allBytes} bytes, ${bytesForSearch} of them from pagefind/ in ${requests} requests`;
  } catch (e) {
    problem(rel, 'search', 'error', e.message.split('\n')[0]);
  } finally {
    await context.close();
  }
}

for (const p of new Set(outsideBase)) problem('(server)', 'http', 'base', `requested ${p}, outside ${BASE}: an address that ignores the base URL`);

// ---------- the screenshot ----------

if (screenshot) {
  const meeting = pages.filter((p) => p.includes(meetingText)).sort((a, b) => a.length - b.length)[0];
  if (!meeting) {
    problem('(screenshot)', 'file', 'screenshot', `no page whose path contains ${meetingText}`);
  } else {
    const { page } = await open(withJs, pathToFileURL(path.join(SITE, meeting)).href);
    fs.mkdirSync(path.dirname(path.resolve(screenshot)), { recursive: true });
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
    console.log(`screenshot of ${meeting} -> ${screenshot}`);
  }
}

server.close();
await browser.close();

// ---------- the report ----------

const byPage = new Map();
for (const p of problems) {
  const k = `${p.page} [${p.pass}]`;
  if (!byPage.has(k)) byPage.set(k, []);
  byPage.get(k).push(p);
}
for (const [k, list] of byPage) {
  console.log(`\n${k}`);
  for (const p of list) console.log(`  ${p.kind}: ${p.text}`);
}
const kinds = new Map();
for (const p of problems) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
const secs = ((Date.now() - started) / 1000).toFixed(1);
if (stats.incomplete.size) console.log(`\naxe could not decide these (not failures; check by eye):\n  ${[...stats.incomplete.keys()].join('\n  ')}`);
console.log(
  `\ncheck-site: ${pages.length} pages, ${stats.axe} axe runs (${WCAG_TAGS.join(', ')} + ${EXTRA_RULES.join(', ')}), ` +
    `${stats.tabStops}/${stats.focusables} focusable elements reached by Tab, ${stats.localLinks} local and ${stats.externalLinks} external links/sources, ` +
    `${httpLinks} links fetched over HTTP under ${BASE}, ${secs} s`,
);
if (searchSummary) console.log(`check-site: ${searchSummary}`);
if (problems.length) {
  console.log(`check-site: FAILED, ${problems.length} problem(s) on ${new Set(problems.map((p) => p.page)).size} page(s): ${[...kinds].map(([k, n]) => `${k} ×${n}`).join(', ')}`);
  process.exit(1);
}
console.log('check-site: OK, no problem found');
