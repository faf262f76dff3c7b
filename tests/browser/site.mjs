// Shared by the browser test (pages.mjs) and the figures script
// (measure.mjs): building a site from the fixture articles with the real
// `aloud build`, serving it with the real `aloud serve`, starting Debian's
// Chromium, and the measurements made inside a page (sideways overflow,
// clipped text, target sizes and spacing, focus indicators, contrast).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const here = path.dirname(new URL(import.meta.url).pathname);
export const chromiumPath = process.env.ALOUD_CHROMIUM || '/usr/bin/chromium';

// playwright-core and axe-core, or a reason to skip (exit code 77).
export function loadTools() {
  if (!fs.existsSync(chromiumPath))
    return { skip: `${chromiumPath} not found (apt-get install chromium)` };
  try {
    const { chromium } = require('playwright-core');
    const axePath = require.resolve('axe-core/axe.min.js');
    return { chromium, axePath };
  } catch (e) {
    return { skip: `node packages missing (npm ci --prefix tests/browser): ${e.message.split('\n')[0]}` };
  }
}

export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--autoplay-policy=no-user-gesture-required', '--mute-audio'];

export function launch(chromium) {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags, headless: true });
}

export function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const fixtures = path.join(here, '..', 'data', 'pages');

// The fixture articles of a set: 'dev', 'heldout' or 'all'.
export function fixtureFiles(set) {
  const parts = set === 'all' ? ['dev', 'heldout'] : [set];
  const files = [];
  for (const part of parts) {
    for (const name of fs.readdirSync(path.join(fixtures, part)).sort()) {
      if (/\.(md|html)$/.test(name)) files.push(path.join(fixtures, part, name));
    }
  }
  return files;
}

// Episodes beyond which the index is paginated (ALOUD_PAGES_PER_INDEX_PAGE).
export const perIndexPage = 50;

// The show's address: as long as real ones are, and unbroken (no hyphen
// to break at; the feed's URL is shown on
// every page and must wrap at 320 px). Pages link relatively, so the site
// works served from anywhere.
export const showBaseUrl = 'https://podcasts.examplenewsroom.org/shows/browsertestshow/';

// Writes DIR/content: podcast.ini, the two articles the keyboard checks
// use and the fixture articles of the set. Returns the episodes' names.
export function makeSite(dir, set, { keyboard = true } = {}) {
  const content = path.join(dir, 'content');
  fs.mkdirSync(content, { recursive: true });
  fs.copyFileSync(path.join(here, '..', '..', 'content', 'artwork.png'),
                  path.join(content, 'artwork.png'));
  fs.writeFileSync(path.join(content, 'podcast.ini'), `[podcast]
title = Browser Test Show
description = Articles of every shape, read aloud, for the browser tests.
author = Test Author
language = en-GB
base_url = ${showBaseUrl}
category = News
explicit = false
artwork = artwork.png
`);
  const names = [];
  if (keyboard) {
    fs.writeFileSync(path.join(content, 'first.md'), `---
title: The first article
author: Ann Writer
date: 2026-03-12
---

The first article opens with a sentence. It has a second sentence too.

## A heading in the middle

Here the second part begins. It goes on for one more sentence.

## The last part

And this is where it ends.
`);
    fs.writeFileSync(path.join(content, 'second.md'), `---
title: An older article
date: 2026-03-11
---

An older article with a single paragraph of text.
`);
    names.push('first', 'second');
  }
  for (const f of fixtureFiles(set)) {
    fs.copyFileSync(f, path.join(content, path.basename(f)));
    names.push(path.basename(f).replace(/\.(md|html)$/, ''));
  }
  return names;
}

// Adds short notes to DIR/content, enough to make an index of `episodes`
// run to a second page. Returns how many.
export function addNotes(dir, episodes) {
  const content = path.join(dir, 'content');
  const notes = Math.max(0, perIndexPage + 1 - episodes);
  for (let i = 1; i <= notes; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    fs.writeFileSync(path.join(content, `note-${i}.md`),
                     `---\ntitle: Note ${i}\ndate: 2024-${month}-${day}\n---\n\nA short note.\n`);
  }
  return notes;
}

// Run in the site's folder: aloud looks for voice profiles in ./voices
// first, and the caller's folder may hold anything.
const buildArgs = (dir) => ['build', '-C', dir, '-j', String(Math.max(2, os.cpus().length)), '--quiet'];

// Builds the site with the real binary; throws with aloud's messages.
export function build(aloud, dir) {
  const built = spawnSync(aloud, buildArgs(dir), { encoding: 'utf8', cwd: dir });
  if (built.status !== 0) throw new Error(`aloud build failed:\n${built.stderr}`);
  return built;
}

// The same, in the background: resolves when it is done, rejects with
// aloud's messages.
export function buildLater(aloud, dir) {
  return new Promise((resolve, reject) => {
    const child = spawn(aloud, buildArgs(dir), { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`aloud build failed:\n${stderr}`))));
  });
}

// Serves DIR/out with the real `aloud serve`; resolves once it answers.
export async function serve(aloud, dir, port) {
  const server = spawn(aloud, ['serve', '-C', dir, '--port', String(port)], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return server;
}

// The CSS of the WCAG 1.4.12 text-spacing bookmarklet (Steve Faulkner's).
export const textSpacingCss = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important;'
  + ' word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export async function axeViolations(page, axePath) {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' '))
      .slice(0, 5).join(', ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`);
  }, axeTags);
}

// --- Measurements made inside the page (passed to page.evaluate) ----------

// What scrolls sideways, sticks out of the viewport or has its text cut or
// spilling (content larger than the box). Returns a list of problems.
export function layoutProblems() {
  const problems = [];
  const root = document.documentElement;
  const vw = root.clientWidth;
  if (root.scrollWidth > vw) problems.push(`the page scrolls sideways: ${root.scrollWidth} > ${vw} px`);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '')
    + (el.className && typeof el.className === 'string' ? `.${el.className.split(' ').join('.')}` : '')
    + ` "${(el.textContent || '').trim().slice(0, 40)}"`;
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('[hidden], .visually-hidden, script, style, audio') && el.tagName !== 'AUDIO') continue;
    if (el.matches('.skip:not(:focus)')) continue;
    const cs = getComputedStyle(el);
    if (cs.display === 'none') continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > vw + 0.5 || r.left < -0.5)
      problems.push(`${name(el)} sticks out of the ${vw} px viewport (${Math.round(r.left)}..${Math.round(r.right)})`);
    if (cs.display === 'inline') continue; // inline boxes have no scroll size of their own
    if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
      problems.push(`${name(el)}: content ${el.scrollWidth}x${el.scrollHeight} in a box of `
                    + `${el.clientWidth}x${el.clientHeight} (overflow ${cs.overflow})`);
  }
  return problems;
}

// Font sizes of the elements that hold text, keyed by position in the
// document, to compare before and after the reader enlarges text.
export function textSizes() {
  const out = [];
  const all = document.body.querySelectorAll('*');
  all.forEach((el, i) => {
    if ([...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()))
      out.push([i, el.tagName.toLowerCase(), parseFloat(getComputedStyle(el).fontSize)]);
  });
  return out;
}

// The interactive targets (visible), each with its boxes; and the WCAG
// 2.5.8 verdict: a 24x24 square fits in one of its boxes, or, undersized,
// a 24 px circle on its centre meets no other target nor another
// undersized target's circle. Boxes of two targets that overlap are
// reported too (each hides part of the other). Returns
// { count, smallest: [w, h] (the narrowest and the lowest of the targets'
// largest boxes), undersized, problems }.
export function targetProblems() {
  const sel = 'a[href], button, audio[controls], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const targets = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('[hidden]') || el.matches('.skip:not(:focus)')) continue;
    if (el.closest('audio') && el.tagName !== 'AUDIO') continue; // fallback content
    const rects = [...el.getClientRects()].filter((r) => r.width > 0 && r.height > 0)
      .map((r) => ({ left: r.left + scrollX, top: r.top + scrollY, right: r.right + scrollX,
                     bottom: r.bottom + scrollY, width: r.width, height: r.height }));
    if (!rects.length) continue;
    const bb = el.getBoundingClientRect();
    targets.push({ el, rects, cx: bb.left + scrollX + bb.width / 2, cy: bb.top + scrollY + bb.height / 2,
                   big: rects.some((r) => r.width >= 23.95 && r.height >= 23.95) });
  }
  const name = (t) => `${t.el.tagName.toLowerCase()} "${(t.el.textContent || t.el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
  const problems = [];
  const distToRect = (x, y, r) => Math.hypot(Math.max(r.left - x, 0, x - r.right),
                                             Math.max(r.top - y, 0, y - r.bottom));
  // Sort by top so that pair checks stay near each other.
  const boxes = [];
  targets.forEach((t, i) => t.rects.forEach((r) => boxes.push({ i, r })));
  boxes.sort((a, b) => a.r.top - b.r.top);
  const reported = new Set();
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length && boxes[b].r.top < boxes[a].r.bottom; b++) {
      if (boxes[a].i === boxes[b].i) continue;
      const ra = boxes[a].r, rb = boxes[b].r;
      const w = Math.min(ra.right, rb.right) - Math.max(ra.left, rb.left);
      const h = Math.min(ra.bottom, rb.bottom) - Math.max(ra.top, rb.top);
      const key = `${boxes[a].i}/${boxes[b].i}`;
      if (w > 0.5 && h > 0.5 && !reported.has(key)) {
        reported.add(key);
        problems.push(`${name(targets[boxes[a].i])} and ${name(targets[boxes[b].i])} overlap by ${w.toFixed(1)}x${h.toFixed(1)} px`);
      }
    }
  }
  let smallest = null;
  let undersized = 0;
  targets.forEach((t, i) => {
    const best = t.rects.reduce((m, r) => (Math.min(r.width, r.height) > Math.min(m.width, m.height) ? r : m));
    const w = Math.round(best.width * 10) / 10, h = Math.round(best.height * 10) / 10;
    smallest = smallest ? [Math.min(smallest[0], w), Math.min(smallest[1], h)] : [w, h];
    if (t.big) return;
    undersized++;
    targets.forEach((o, j) => {
      if (i === j) return;
      const d = Math.min(...o.rects.map((r) => distToRect(t.cx, t.cy, r)));
      if (d < 12 - 0.05)
        problems.push(`${name(t)} (${best.width.toFixed(1)}x${best.height.toFixed(1)} px) is within 12 px of ${name(o)}`);
      else if (!o.big && j > i && Math.hypot(t.cx - o.cx, t.cy - o.cy) < 24 - 0.05)
        problems.push(`${name(t)} and ${name(o)}: undersized and their 24 px circles meet`);
    });
  });
  return { count: targets.length, smallest, undersized, problems };
}

// WCAG relative luminance contrast of two CSS colours "rgb(r, g, b)".
export function contrast(a, b) {
  const lum = (c) => {
    const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

// Focuses every focusable element in turn (after one Tab, so focus is
// shown as for a keyboard user) and checks that it matches :focus-visible,
// draws an outline or box shadow of 2 px or more whose colour has 3:1
// against the background behind it, and is the element found at its own
// centre (nothing covers it). Runs in the page; contrastSrc is contrast's
// source. Returns { count, minContrast, problems }.
export function focusProblems(contrastSrc) {
  const contrastOf = new Function(`return (${contrastSrc})`)();
  const sel = 'a[href], button, audio[controls], input, select, textarea, summary, [tabindex]:not([tabindex="-1"])';
  const problems = [];
  let minContrast = Infinity;
  let count = 0;
  const name = (el) => `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}"`;
  const backgroundOf = (el) => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (!/rgba\(.*,\s*0\)$/.test(bg) && bg !== 'transparent') return bg;
    }
    return 'rgb(255, 255, 255)';
  };
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('[hidden]') || (el.closest('audio') && el.tagName !== 'AUDIO')) continue;
    el.focus();
    if (document.activeElement !== el) { problems.push(`${name(el)} cannot take focus`); continue; }
    count++;
    if (!el.matches(':focus-visible')) problems.push(`${name(el)}: not :focus-visible`);
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
    const shadow = cs.boxShadow !== 'none';
    if (!outline && !shadow) { problems.push(`${name(el)}: no outline or box shadow when focused`); continue; }
    if (outline) {
      const c = contrastOf(cs.outlineColor, backgroundOf(el));
      minContrast = Math.min(minContrast, c);
      if (c < 3) problems.push(`${name(el)}: focus outline ${cs.outlineColor} has ${c.toFixed(2)}:1 against the page`);
    }
    const r = [...el.getClientRects()].find((x) => x.width > 0 && x.height > 0);
    if (!r) { problems.push(`${name(el)}: focused but has no box`); continue; }
    const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
    const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
    if (r.bottom < 0 || r.top > innerHeight || r.right < 0 || r.left > innerWidth) {
      problems.push(`${name(el)}: focused but off screen (${Math.round(r.left)},${Math.round(r.top)})`);
      continue;
    }
    const hit = document.elementFromPoint(x, y);
    if (!(hit === el || el.contains(hit))) problems.push(`${name(el)}: covered by ${hit && hit.tagName} at its centre`);
  }
  document.activeElement && document.activeElement.blur();
  return { count, minContrast, problems };
}

export function tmpDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'aloud-browser-'));
}
