// The listening pages in a real browser: Debian's Chromium driven by
// playwright-core, with axe-core. Builds a small site with the real `aloud
// build`, serves it with the real `aloud serve`, then checks: no axe
// violations (WCAG 2.x A and AA) on the index and an episode page, with
// scripts on and off; keyboard-only use of the player, speed buttons,
// chapters and transcript; the highlighted sentence following playback.
// usage: node pages.mjs ALOUD
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const axePath = require.resolve('axe-core/axe.min.js');
const aloud = path.resolve(process.argv[2] || 'aloud');
const here = path.dirname(new URL(import.meta.url).pathname);

function freePort() {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function makeSite(dir, port) {
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  fs.copyFileSync(path.join(here, '..', '..', 'content', 'artwork.png'),
                  path.join(dir, 'content', 'artwork.png'));
  fs.writeFileSync(path.join(dir, 'content', 'podcast.ini'), `[podcast]
title = Browser Test Show
description = Two short articles for the browser tests.
author = Test Author
language = en-GB
base_url = http://127.0.0.1:${port}/
category = News
explicit = false
artwork = artwork.png
`);
  fs.writeFileSync(path.join(dir, 'content', 'first.md'), `---
title: The first article
author: Ann Writer
date: 2026-03-02
---

The first article opens with a sentence. It has a second sentence too.

## A heading in the middle

Here the second part begins. It goes on for one more sentence.

## The last part

And this is where it ends.
`);
  fs.writeFileSync(path.join(dir, 'content', 'second.md'), `---
title: An older article
date: 2026-01-15
---

An older article with a single paragraph of text.
`);
}

const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required', '--mute-audio'];

async function axeViolations(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

// Presses Tab until predicate(activeElement) holds; returns whether it did.
async function tabTo(page, predicate, max = 80) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(predicate)) return true;
  }
  return false;
}

let failures = 0, passes = 0;
async function check(name, fn) {
  try {
    await fn();
    passes++;
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'aloud-browser-'));
const port = await freePort();
makeSite(tmp, port);
const built = spawnSync(aloud, ['build', '-C', tmp, '-j', '1'], { encoding: 'utf8' });
assert.equal(built.status, 0, built.stderr);
const server = spawn(aloud, ['serve', '-C', tmp, '--port', String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const base = `http://127.0.0.1:${port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags,
                                         headless: true });
try {
  const page = await browser.newPage();

  await check('index: no axe violations, episodes newest first, how to subscribe', async () => {
    await page.goto(base);
    assert.deepEqual(await axeViolations(page), []);
    const titles = await page.$$eval('main ol li h3 a', (as) => as.map((a) => a.textContent));
    assert.deepEqual(titles, ['The first article', 'An older article']);
    assert.equal(await page.$eval('main a[href="feed.xml"]', (a) => a.textContent),
                 `${base}feed.xml`);
  });

  await page.goto(`${base}first.html`);
  await page.waitForFunction(() => document.getElementById('player').readyState >= 1);

  await check('episode page: no axe violations, the WCAG 1.2.1 label', async () => {
    assert.deepEqual(await axeViolations(page), []);
    assert.equal(await page.$eval('h1', (h) => h.textContent), 'Audio version of: The first article');
  });

  await check('keyboard: tab to the player and play', async () => {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    assert.ok(await tabTo(page, () => document.activeElement.id === 'player'), 'player not reached');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'no visible focus on the player');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => !document.getElementById('player').paused, null,
                               { timeout: 5000 });
    await page.evaluate(() => document.getElementById('player').pause());
  });

  await check('keyboard: speed buttons', async () => {
    assert.ok(await tabTo(page, () => document.activeElement.dataset.rate === '2'));
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'no visible focus on the speed button');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.getElementById('player').playbackRate), 2);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-pressed')),
                 'true');
  });

  await check('keyboard: a chapter seeks the player', async () => {
    assert.ok(await tabTo(page, () => document.activeElement.closest('nav ol') &&
                                      document.activeElement.textContent === 'The last part'));
    const want = Number(await page.evaluate(() => document.activeElement.dataset.seek));
    assert.ok(want > 1);
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => Math.abs(document.getElementById('player').currentTime - w) < 0.3,
                               want, { timeout: 5000 });
  });

  await check('keyboard: a transcript sentence seeks the player and is highlighted', async () => {
    assert.ok(await tabTo(page, () => document.activeElement.textContent ===
                                      'Here the second part begins.'));
    const want = Number(await page.evaluate(() => document.activeElement.dataset.start));
    await page.keyboard.press('Enter');
    await page.waitForFunction((w) => Math.abs(document.getElementById('player').currentTime - w) < 0.3,
                               want, { timeout: 5000 });
    await page.waitForFunction(() => {
      const now = document.querySelector('.transcript a.now');
      return now && now.textContent === 'Here the second part begins.' &&
             now.getAttribute('aria-current') === 'true';
    }, null, { timeout: 5000 });
  });

  await check('the highlighted sentence follows playback', async () => {
    const ok = await page.evaluate(async () => {
      const audio = document.getElementById('player');
      const marks = [...document.querySelectorAll('.transcript a[data-start]')];
      const results = [];
      for (const i of [0, Math.floor(marks.length / 2), marks.length - 1]) {
        const t = Number(marks[i].dataset.start) + 0.1;
        await new Promise((resolve) => {
          audio.addEventListener('seeked', resolve, { once: true });
          audio.currentTime = t;
        });
        await new Promise((r) => setTimeout(r, 50));
        results.push(document.querySelector('.transcript a.now') === marks[i]);
      }
      return results;
    });
    assert.deepEqual(ok, [true, true, true]);
  });

  await check('scripts off: player, chapters and transcript are there, no axe violations',
              async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const p2 = await context.newPage();
    await p2.goto(`${base}first.html`);
    assert.equal(await p2.$$eval('audio[controls] source[type="audio/mpeg"]', (s) => s.length), 1);
    assert.ok(await p2.$$eval('nav ol li a', (a) => a.length) >= 3);
    assert.ok(await p2.$$eval('.transcript a[data-start]', (a) => a.length) >= 6);
    assert.equal(await p2.$eval('#speeds', (d) => d.hidden), true);
    // axe needs a script of its own: run it in a scripted page on the same HTML.
    const html = await p2.content();
    await context.close();
    const p3 = await browser.newPage();
    await p3.route('**/*', (route) => route.fulfill({ contentType: 'text/html', body: html
      .replace(/<script>[\s\S]*?<\/script>/g, '') }));
    await p3.goto(`${base}first.html`);
    assert.deepEqual(await axeViolations(p3), []);
    await p3.close();
  });

  await check('reduced motion is honoured', async () => {
    const css = await page.$eval('style', (s) => s.textContent);
    assert.match(css, /prefers-reduced-motion:\s*reduce/);
  });
} finally {
  await browser.close();
  server.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
