// The embeddable player (out/embed/SLUG.html, docs/embedding.md) in
// Debian's Chromium, where publishers put it: in an <iframe> on an article
// page of another origin. Builds a site from the held-out fixture articles
// (tests/data/pages/heldout) and two of its own with the real `aloud
// build`, serves out/ with the real `aloud serve` on one port, and on a
// second port a small CMS that embeds an episode the way oEmbed discovery
// does (the episode page's <link rel="alternate"
// type="application/json+oembed">, the JSON's html) with the resize
// script the episode page offers. Then:
//   - every episode: its player is under 30 KB, loads nothing from another
//     origin, and plays; its oEmbed JSON is valid and holds the iframe the
//     episode page offers to copy;
//   - in the frame: named controls, play and pause from the keyboard,
//     keyboard seek steps, ±15 s, speed, a chapter seeks and is marked;
//   - the host's iframe takes the player's height from its postMessage,
//     as it changes (chapters opened, 320 px, text at 200 %);
//   - at 320 px: axe-core clean inside the frame (light and dark), no
//     sideways scrolling, nothing cut, targets 24x24 or spaced, focus
//     shown; also with text at 200 %;
//   - as WordPress embeds an unknown provider (sandboxed, its own resize
//     messages with a secret): plays, sized, the link asks the host;
//   - prefers-color-scheme dark is dark, prefers-reduced-motion leaves no
//     motion, and with scripts off the browser's own player is there.
// usage: node embed.mjs ALOUD
// Exit code 77 (skipped) without Chromium or the node packages.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import {
  axeViolations, build, contrast, focusProblems, freePort, launch, layoutProblems, loadTools,
  makeSite, serve, targetProblems, tmpDir,
} from './site.mjs';

const aloud = path.resolve(process.argv[2] || 'aloud');
const tools = loadTools();
if (tools.skip) {
  console.log(`SKIP: ${tools.skip}`);
  process.exit(77);
}
const { chromium, axePath } = tools;

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

const t0 = Date.now();
const tmp = tmpDir();
const names = makeSite(tmp, 'heldout');
const outPort = await freePort();
const hostPort = await freePort();
const base = `http://127.0.0.1:${outPort}/`;
// localhost, not 127.0.0.1, and another port: another origin in every way.
const host = `http://localhost:${hostPort}/`;
// The show published where the test serves it, so the iframe code points there.
const ini = path.join(tmp, 'content', 'podcast.ini');
fs.writeFileSync(ini, fs.readFileSync(ini, 'utf8').replace(/^base_url = .*$/m, `base_url = ${base}`));
build(aloud, tmp);
const server = await serve(aloud, tmp, outPort);
const out = path.join(tmp, 'out');
console.log(`# ${names.length} episodes built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

const unescapeHtml = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
  .replace(/&#39;/g, "'").replace(/&amp;/g, '&');

// What a CMS with oEmbed discovery does with an episode's URL: the
// discovery link, the JSON, its html. Returns { json, oembedUrl, code, script }.
async function discover(slug) {
  const page = await (await fetch(`${base}${slug}.html`)).text();
  const link = page.match(/<link rel="alternate" type="application\/json\+oembed" href="([^"]+)">/);
  assert.ok(link, `${slug}.html: no oEmbed discovery link`);
  const oembedUrl = unescapeHtml(link[1]);
  const res = await fetch(oembedUrl);
  assert.equal(res.status, 200, oembedUrl);
  assert.match(res.headers.get('content-type'), /json/);
  const json = await res.json();
  const code = page.match(/<code id="embed-code">([\s\S]*?)<\/code>/);
  const script = page.match(/<code id="embed-script">([\s\S]*?)<\/code>/);
  assert.ok(code && script, `${slug}.html: no embed code to copy`);
  return { json, oembedUrl, code: unescapeHtml(code[1]), script: unescapeHtml(script[1]) };
}

// The host: /SLUG is an article page with the episode's player in it.
// /wp/SLUG: as WordPress has it after discovery from a provider it does not
// know (wp_filter_oembed_result): the iframe sandboxed to scripts only, its
// style dropped, a secret in its URL; and a host script that answers
// WordPress's embed messages (height, clamped to 200..1000 px; link).
const wpHost = (html) => html.replace(/ style="[^"]*"/, '').replace(/ src="([^"]+)"/,
  ' sandbox="allow-scripts" security="restricted" src="$1#?secret=Abc123xyz0" data-secret="Abc123xyz0"');
const wpScript = `<script>
window.linked = [];
addEventListener('message', function (e) {
  var d = e.data, f = document.querySelector('iframe[data-secret="Abc123xyz0"]');
  if (!d || d.secret !== 'Abc123xyz0' || !f || f.contentWindow !== e.source) return;
  if (d.message === 'height') f.height = Math.max(200, Math.min(1000, parseInt(d.value, 10)));
  if (d.message === 'link') window.linked.push(d.value);
});
</script>`;
const hostServer = http.createServer(async (req, res) => {
  try {
    const wp = req.url.startsWith('/wp/');
    const slug = req.url.slice(wp ? 4 : 1).replace(/[^a-z0-9-]/g, '');
    let { json, script } = await discover(slug);
    if (wp) [json.html, script] = [wpHost(json.html), wpScript];
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>An article</title>
<style>body{margin:0;font:1rem/1.5 sans-serif}h1,p{margin:1rem}</style></head>
<body><main><h1>An article of the publisher's</h1><p>The article begins.</p>
${json.html}
<p>The article goes on.</p></main>
${script}
</body></html>`);
  } catch (e) {
    res.writeHead(500);
    res.end(String(e));
  }
});
await new Promise((r) => hostServer.listen(hostPort, '127.0.0.1', r));

const episodeTitles = JSON.parse(fs.readFileSync(path.join(out, '.aloud', 'manifest.json'), 'utf8'))
  .episodes.reduce((m, e) => ({ ...m, [e.slug]: e.title }), {});

const browser = await launch(chromium);
try {
  // --- Every episode -------------------------------------------------------

  for (const slug of names) {
    await check(`${slug}: the player is under 30 KB and loads nothing from another origin, and plays`, async () => {
      const file = path.join(out, 'embed', `${slug}.html`);
      const size = fs.statSync(file).size;
      assert.ok(size < 30 * 1024, `${size} bytes`);
      const html = fs.readFileSync(file, 'utf8');
      const urls = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(urls.length >= 2);
      assert.deepEqual(urls.filter((u) => !u.startsWith('../') || u.includes('//')), []);
      assert.doesNotMatch(html, /url\(|@import|<link|<script src/);
      const page = await browser.newPage();
      const origins = new Set();
      page.on('request', (r) => origins.add(new URL(r.url()).origin));
      await page.goto(`${base}embed/${slug}.html`);
      await page.click('#play');
      await page.waitForFunction(() => document.getElementById('player').currentTime > 0.2, null,
                                 { timeout: 10000 });
      assert.equal(await page.textContent('#play'), 'Pause');
      await page.close();
      assert.deepEqual([...origins], [base.slice(0, -1)]);
    });
    await check(`${slug}: oEmbed JSON valid, holding the iframe the episode page offers`, async () => {
      const { json, oembedUrl, code } = await discover(slug);
      assert.equal(oembedUrl, `${base}oembed/${slug}.json`);
      assert.equal(json.version, '1.0');
      assert.equal(json.type, 'rich');
      assert.equal(json.title, episodeTitles[slug]);
      assert.equal(json.provider_name, 'Browser Test Show');
      assert.equal(typeof json.author_name, 'string');
      assert.ok(Number.isInteger(json.width) && Number.isInteger(json.height));
      assert.equal(json.html, code);
      const src = json.html.match(/ src="([^"]+)"/)[1];
      assert.equal(src, `${base}embed/${slug}.html`);
      assert.ok(json.html.includes(' title='), 'no title attribute');
    });
  }

  // --- In another origin's page ---------------------------------------------

  const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
  const page = await context.newPage();
  const frameOrigins = new Set();
  page.on('request', (r) => { if (r.frame() !== page.mainFrame()) frameOrigins.add(new URL(r.url()).origin); });
  await page.goto(`${host}first`);
  const iframe = await page.waitForSelector('iframe');
  const frame = await iframe.contentFrame();
  await frame.waitForFunction(() => !document.getElementById('controls').hidden);
  // The host's iframe is as high as the player says it is.
  const heightsMatch = async () => {
    await page.waitForFunction(async () => {
      const f = document.querySelector('iframe');
      return f.style.height && Math.abs(f.getBoundingClientRect().height - parseFloat(f.style.height)) < 1;
    });
    const want = await frame.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().height));
    await page.waitForFunction((h) => parseFloat(document.querySelector('iframe').style.height) === h, want,
                               { timeout: 5000 }).catch(() => {});
    const got = await iframe.evaluate((f) => f.getBoundingClientRect().height);
    assert.equal(got, want, `iframe ${got} px, player ${want} px`);
    // Nothing of the player is hidden by its frame.
    assert.ok(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight + 1));
  };

  await check('host: the iframe of another origin, named "Listen to: TITLE", sized by the player', async () => {
    assert.notEqual(new URL(page.url()).origin, new URL(frame.url()).origin);
    assert.equal(await iframe.getAttribute('title'), 'Listen to: The first article');
    assert.equal(await frame.title(), 'Listen to: The first article');
    assert.equal((await frame.textContent('h1')).trim(), 'Listen to: The first article');
    await heightsMatch();
  });

  await check('frame: every control has a name a screen reader says', async () => {
    for (const [role, name] of [['button', 'Play'], ['button', 'Back 15 seconds'], ['button', 'Ahead 15 seconds'],
      ['slider', 'Position'], ['combobox', 'Speed'], ['link', 'Transcript and episode page (opens in a new tab)']]) {
      assert.equal(await frame.getByRole(role, { name, exact: true }).count(), 1, `${role} "${name}"`);
    }
    assert.equal(await frame.getByRole('group', { name: 'Player' }).count(), 1);
    assert.match(await frame.getAttribute('#seek', 'aria-valuetext'), /^0:00 of 0:\d\d$/);
  });

  const media = (expr) => frame.evaluate(expr);
  await check('keyboard: Tab from the article into the player, Space plays and pauses', async () => {
    await page.evaluate(() => document.activeElement && document.activeElement.blur());
    let reached = false;
    for (let i = 0; i < 10 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await frame.evaluate(() => document.hasFocus() && document.activeElement.id === 'play');
    }
    assert.ok(reached, 'Play not reached by Tab');
    assert.notEqual(await frame.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none');
    await page.keyboard.press('Space');
    await frame.waitForFunction(() => !document.getElementById('player').paused, null, { timeout: 5000 });
    assert.equal(await frame.getByRole('button', { name: 'Pause', exact: true }).count(), 1);
    await page.keyboard.press('Space');
    await frame.waitForFunction(() => document.getElementById('player').paused &&
                                      document.getElementById('play').textContent === 'Play');
  });

  await check('keyboard: seek steps on the slider (arrows 5 s, Page Up 30 s, Home, End) and ±15 s', async () => {
    await media(() => { document.getElementById('player').currentTime = 0; });
    await frame.focus('#seek');
    const at = () => media(() => document.getElementById('player').currentTime);
    const duration = await media(() => document.getElementById('player').duration);
    assert.ok(duration > 15, `${duration} s`);
    await page.keyboard.press('ArrowRight');
    assert.ok(Math.abs(await at() - 5) < 0.1, `ArrowRight: ${await at()}`);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowLeft');
    assert.ok(Math.abs(await at() - 5) < 0.1, `ArrowLeft: ${await at()}`);
    assert.equal(await frame.getAttribute('#seek', 'aria-valuetext'),
                 `0:05 of 0:${String(Math.round(duration)).padStart(2, '0')}`);
    await page.keyboard.press('End');
    assert.ok(Math.abs(await at() - duration) < 0.1, `End: ${await at()}`);
    await page.keyboard.press('Home');
    assert.ok(await at() < 0.1, `Home: ${await at()}`);
    await page.keyboard.press('PageUp');
    assert.ok(Math.abs(await at() - Math.min(30, duration)) < 0.1, `PageUp: ${await at()}`);
    await page.keyboard.press('Home');
    await frame.click('#ahead');
    assert.ok(Math.abs(await at() - 15) < 0.1, `+15 s: ${await at()}`);
    await frame.click('#back');
    assert.ok(await at() < 0.1, `-15 s: ${await at()}`);
  });

  await check('speed: the menu sets the playback rate', async () => {
    await frame.selectOption('#speed', '1.5');
    assert.equal(await media(() => document.getElementById('player').playbackRate), 1.5);
    await frame.focus('#speed');
    await page.keyboard.press('ArrowDown');
    assert.equal(await media(() => document.getElementById('player').playbackRate), 1.75);
  });

  await check('chapters: opening the menu resizes the iframe; a chapter seeks, plays and is marked', async () => {
    const before = await iframe.evaluate((f) => f.getBoundingClientRect().height);
    await frame.focus('summary');
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height > h + 40,
                               before, { timeout: 5000 });
    await heightsMatch();
    const last = frame.getByRole('button', { name: /The last part$/ });
    const want = Number(await last.getAttribute('data-seek'));
    assert.ok(want > 1);
    await last.focus();
    await page.keyboard.press('Enter');
    await frame.waitForFunction((w) => {
      const a = document.getElementById('player');
      return !a.paused && a.currentTime >= w - 0.05;
    }, want, { timeout: 5000 });
    await frame.waitForFunction(() => {
      const now = document.querySelectorAll('details button[aria-current="true"]');
      return now.length === 1 && /The last part$/.test(now[0].textContent);
    }, null, { timeout: 5000 });
    await media(() => document.getElementById('player').pause());
  });

  await check('frame: loads nothing from another origin than base_url', async () => {
    assert.deepEqual([...frameOrigins], [base.slice(0, -1)]);
  });

  // --- At 320 px ------------------------------------------------------------

  await page.setViewportSize({ width: 320, height: 640 });
  await check('320 px: the frame is 320 px wide and the iframe follows the player\'s new height', async () => {
    assert.equal(await frame.evaluate(() => document.documentElement.clientWidth), 320);
    await heightsMatch();
  });
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await check(`320 px, ${scheme}: no axe violations inside the frame`, async () => {
      assert.deepEqual(await axeViolations(frame, axePath), []);
    });
    await check(`320 px, ${scheme}: focus visible (3:1) and not covered on every control`, async () => {
      const r = await frame.evaluate(`(${focusProblems})(${JSON.stringify(contrast.toString())})`);
      assert.ok(r.count >= 7, `${r.count} controls`);
      assert.deepEqual(r.problems, []);
    });
  }
  await check('dark scheme: the player is dark', async () => {
    const bg = await frame.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(contrast(bg, 'rgb(255, 255, 255)') > 10, `background ${bg}`);
  });
  await page.emulateMedia({ colorScheme: 'light' });
  await check('320 px: no sideways scrolling, nothing cut, targets 24x24 or spaced', async () => {
    assert.deepEqual(await frame.evaluate(layoutProblems), []);
    assert.deepEqual((await frame.evaluate(targetProblems)).problems, []);
  });
  await check('320 px, text at 200 %: nothing scrolls sideways or is cut, the iframe grows with it', async () => {
    const before = await iframe.evaluate((f) => f.getBoundingClientRect().height);
    await frame.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
    try {
      assert.deepEqual(await frame.evaluate(layoutProblems), []);
      await page.waitForFunction((h) => document.querySelector('iframe').getBoundingClientRect().height > h * 1.5,
                                 before, { timeout: 5000 });
      await heightsMatch();
      assert.deepEqual((await frame.evaluate(targetProblems)).problems, []);
    } finally {
      await frame.evaluate(() => { document.documentElement.style.fontSize = ''; });
    }
  });
  await check('320 px: with the chapters closed again the iframe shrinks back', async () => {
    await frame.click('summary');
    await heightsMatch();
  });
  await context.close();

  await check('WordPress: in its sandboxed iframe the player plays, sizes it and opens the episode page', async () => {
    const c = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const p = await c.newPage();
    await p.goto(`${host}wp/first`);
    const f = await (await p.waitForSelector('iframe')).contentFrame();
    await f.waitForFunction(() => !document.getElementById('controls').hidden);
    assert.equal(await f.evaluate(() => origin), 'null', 'not sandboxed');
    await f.click('summary');
    const want = await f.evaluate(() => Math.ceil(document.querySelector('main').getBoundingClientRect().height));
    assert.ok(want > 200);
    await p.waitForFunction((h) => Number(document.querySelector('iframe').height) === h, want, { timeout: 5000 });
    await f.click('#play');
    await f.waitForFunction(() => document.getElementById('player').currentTime > 0.2, null, { timeout: 10000 });
    await f.click('#controls a[target]');
    await p.waitForFunction(() => window.linked.length === 1, null, { timeout: 5000 });
    assert.equal(await p.evaluate(() => window.linked[0]), `${base}first.html`);
    await c.close();
  });

  await check('prefers-reduced-motion: nothing moves', async () => {
    const c = await browser.newContext({ reducedMotion: 'reduce' });
    const p = await c.newPage();
    await p.goto(`${base}embed/first.html`);
    await p.click('summary');
    const moving = await p.evaluate(() => [...document.querySelectorAll('body *')].filter((el) => {
      if (el.closest('audio')) return false; // fallback content, never rendered
      const cs = getComputedStyle(el);
      return cs.animationName !== 'none' || parseFloat(cs.transitionDuration) > 0 || cs.scrollBehavior === 'smooth';
    }).map((el) => el.tagName));
    await c.close();
    assert.deepEqual(moving, []);
  });

  await check('scripts off: the browser\'s own player and the link to the episode page', async () => {
    const c = await browser.newContext({ javaScriptEnabled: false });
    const p = await c.newPage();
    await p.goto(`${base}embed/first.html`);
    assert.ok(await p.isVisible('audio[controls]'));
    assert.equal(await p.isVisible('#controls'), false);
    assert.equal(await p.getAttribute('#fallback a', 'href'), '../first.html');
    await c.close();
  });
} finally {
  await browser.close();
  server.kill();
  hostServer.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passes} passed, ${failures} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
process.exit(failures ? 1 : 0);
