// What the browser downloads for one search of a published site: serves SITE_DIR on 127.0.0.1, opens soeg.html?q=WORD in Debian's headless Chromium and sums the bytes of every response, those of pagefind/ apart.
// usage: node bench/search-download.mjs SITE_DIR WORD   (needs `npm ci --prefix tests/browser`)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../tests/browser/'));
const { chromium } = require('playwright-core');
const [siteArg, word] = process.argv.slice(2);
if (!siteArg || !word) {
  console.error('usage: node bench/search-download.mjs SITE_DIR WORD');
  process.exit(2);
}
const SITE = fs.realpathSync(siteArg);
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };
const server = http.createServer((req, res) => {
  let file = path.join(SITE, decodeURIComponent(new URL(req.url, 'http://x').pathname));
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
const sizes = [];
page.on('response', async (r) => {
  try {
    sizes.push({ url: r.url(), bytes: (await r.body()).length });
  } catch {}
});
await page.goto(`http://127.0.0.1:${server.address().port}/soeg.html?q=${encodeURIComponent(word)}`);
await page.waitForFunction(() => /resultat|Ingen/.test(document.getElementById('soeg-status').textContent), null, { timeout: 20000 });
const status = await page.textContent('#soeg-status');
await page.waitForTimeout(300);
const pf = sizes.filter((s) => s.url.includes('/pagefind/'));
const sum = (l) => l.reduce((n, s) => n + s.bytes, 0);
console.log(`${status} downloaded: ${sum(sizes)} bytes in ${sizes.length} responses; pagefind/: ${sum(pf)} bytes in ${pf.length} (${pf.map((s) => path.basename(s.url)).join(', ')})`);
await browser.close();
server.close();
