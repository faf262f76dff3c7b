// Figures for docs/pages.md: builds the fixture site as the browser test
// does and prints, from Debian's Chromium, the contrast of every pair of
// colours in the light and the dark palette, and for each page its width
// at a 320 px viewport and with text at 200 % in 1280 px, its targets
// (how many, the smallest, the shortest sentence link) and its axe-core
// violations. Asserts nothing.
// usage: node measure.mjs [--set dev|heldout|all] ALOUD
import fs from 'node:fs';
import path from 'node:path';
import {
  addNotes, axeViolations, build, contrast, freePort, launch, loadTools, makeSite, serve,
  targetProblems, tmpDir,
} from './site.mjs';

const argv = process.argv.slice(2);
let set = 'dev';
const rest = [];
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === '--set') set = argv[++i];
  else rest.push(argv[i]);
}
const aloud = path.resolve(rest[0] || 'aloud');
const tools = loadTools();
if (tools.skip) {
  console.log(`SKIP: ${tools.skip}`);
  process.exit(77);
}
const { chromium, axePath } = tools;

const tmp = tmpDir();
const port = await freePort();
const episodes = makeSite(tmp, set, { keyboard: set !== 'heldout' });
build(aloud, tmp);
const notes = set !== 'heldout' ? addNotes(tmp, episodes.length) : 0;
if (notes) build(aloud, tmp);
const server = await serve(aloud, tmp, port);
const base = `http://127.0.0.1:${port}/`;
const pages = [...(fs.existsSync(path.join(tmp, 'out', 'page', '2.html')) ? ['index.html', 'page/2.html']
                                                                            : ['index.html']),
               ...episodes.map((n) => `${n}.html`)];
const browser = await launch(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });

  // The palette as the page resolves it (custom properties on :root).
  await page.goto(`${base}${episodes[0]}.html`);
  const pairs = [
    ['text', 'bg', 'body text'], ['muted', 'bg', 'dates, lengths'], ['link', 'bg', 'links'],
    ['text', 'now', 'current sentence / chapter'], ['link', 'now', 'a link on the highlight'],
    ['on-link', 'link', 'pressed button, current page'], ['link', 'bg', 'button borders (3:1)'],
    ['focus', 'bg', 'focus ring (3:1)'], ['focus', 'now', 'focus ring by the highlight (3:1)'],
    ['focus', 'link', 'focus ring by a pressed button (3:1; 2 px of page between)'],
    ['now', 'bg', 'highlight against the page (underlined too)'],
  ];
  console.log('## Contrast of the palettes (WCAG 2 ratio)\n');
  console.log('| pair | use | light | dark |\n|---|---|---|---|');
  const palettes = {};
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    palettes[scheme] = await page.evaluate((names) => {
      const probe = document.createElement('span');
      document.body.append(probe);
      const out = {};
      for (const n of names) {
        probe.style.color = `var(--${n})`;
        out[n] = getComputedStyle(probe).color;
      }
      probe.remove();
      return out;
    }, ['text', 'bg', 'muted', 'link', 'now', 'focus', 'on-link']);
  }
  for (const [a, b, use] of pairs) {
    const r = (s) => contrast(palettes[s][a], palettes[s][b]).toFixed(2);
    console.log(`| ${a} on ${b} | ${use} | ${r('light')} | ${r('dark')} |`);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  console.log('\n## Each page\n');
  console.log('| page | width at 320 px | width, text 200 % at 1280 px | targets | narrowest x lowest target '
              + '| shortest sentence box | axe light/dark |');
  console.log('|---|---|---|---|---|---|---|');
  for (const url of pages) {
    await page.setViewportSize({ width: 320, height: 640 });
    await page.goto(base + url);
    const w320 = await page.evaluate(() => document.documentElement.scrollWidth);
    const t = await page.evaluate(targetProblems);
    const sentence = await page.evaluate(() => {
      let min = null;
      for (const a of document.querySelectorAll('.transcript a[data-start]')) {
        for (const r of a.getClientRects()) if (!min || r.height < min[1]) min = [r.width, r.height];
      }
      return min ? `${min[0].toFixed(1)}x${min[1].toFixed(1)}` : '-';
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    const w200 = await page.evaluate(() => document.documentElement.scrollWidth);
    await page.evaluate(() => { document.documentElement.style.fontSize = ''; });
    const light = (await axeViolations(page, axePath)).length;
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = (await axeViolations(page, axePath)).length;
    await page.emulateMedia({ colorScheme: 'light' });
    console.log(`| ${url} | ${w320} | ${w200} | ${t.count} (${t.problems.length} too close) | `
                + `${t.smallest ? t.smallest.join('x') : '-'} | ${sentence} | ${light}/${dark} |`);
  }
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
