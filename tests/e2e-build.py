#!/usr/bin/python3
"""aloud build through the real binary on small sites: the feed read by real
podcast parsers (feedparser, and podcastparser from gPodder), enclosure sizes
and durations against the files, stable guids across edits, unchanged
rebuilds, failures that keep the published episode, settings errors, and
slugs that cannot escape out/."""
import array
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest
import wave

import feedparser
import podcastparser

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"

PODCAST_INI = """[podcast]
title = Test Show & <Friends> ]]> «Ελληνικά»
description = A show for tests, with "quotes" & ampersands.
author = Test Author
owner_email = owner@example.org
language = en-GB
base_url = https://audio.example.org/show
category = News/Daily News
explicit = false
artwork = https://cdn.example.org/show.png
"""

ARTICLES = {
    "first.md": """---
title: "Fish & <Chips> ]]> \\"quoted\\" 日本語"
author: Ann Writer
date: 2026-03-01
description: "First & foremost: 2 < 3 > 1 ]]> done."
---

The first article has two short sentences. It is here for the feed.

## A heading

A second paragraph closes it.
""",
    "second.md": """---
title: Second article
author: Bob Writer
date: 2026-02-01
---

The second article is a little older. It has one paragraph.
""",
}


def run(args, **kw):
    return subprocess.run([ALOUD] + args, capture_output=True, text=True, **kw)


def decoded_seconds(path):
    """Duration by decoding the MP3 with mpg123 (mono s16 at the file's rate)."""
    info = subprocess.run(["mpg123", "-s", "--mono", "-r", "44100", path],
                          capture_output=True)
    return len(info.stdout) / 2 / 44100


def speech_onsets(wav_path):
    """Seconds where speech starts after at least 250 ms of near silence, from
    the RMS of 10 ms frames of a 16-bit mono WAV."""
    with wave.open(wav_path) as w:
        rate = w.getframerate()
        pcm = array.array("h", w.readframes(w.getnframes()))
    frame = rate // 100
    onsets, quiet = [], 25
    for k, i in enumerate(range(0, len(pcm) - frame, frame)):
        seg = pcm[i:i + frame]
        loud = sum(x * x for x in seg) / frame > 300 ** 2
        if loud and quiet >= 25:
            onsets.append(k / 100)
        quiet = 0 if loud else quiet + 1
    return onsets


class Site:
    def __init__(self, articles=ARTICLES, ini=PODCAST_INI):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        os.makedirs(self.content)
        self.write("podcast.ini", ini)
        for name, text in articles.items():
            self.write(name, text)

    @property
    def content(self):
        return os.path.join(self.dir, "content")

    @property
    def out(self):
        return os.path.join(self.dir, "out")

    def write(self, name, text):
        with open(os.path.join(self.content, name), "w", encoding="utf-8") as f:
            f.write(text)

    def build(self):
        return run(["build", "-C", self.dir])

    def feed_bytes(self):
        with open(os.path.join(self.out, "feed.xml"), "rb") as f:
            return f.read()

    def feed(self):
        return feedparser.parse(self.feed_bytes())

    def gpodder(self):
        with open(os.path.join(self.out, "feed.xml"), "rb") as f:
            return podcastparser.parse("https://audio.example.org/show/feed.xml", f)

    def file_for(self, url):
        self_url = "https://audio.example.org/show/"
        assert url.startswith(self_url), url
        return os.path.join(self.out, url[len(self_url):])

    def close(self):
        self.tmp.cleanup()


class BuildTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Site()
        cls.first = cls.site.build()

    @classmethod
    def tearDownClass(cls):
        cls.site.close()

    def test_builds(self):
        self.assertEqual(self.first.returncode, 0, self.first.stderr)
        self.assertIn("new", self.first.stdout)

    def test_well_formed(self):
        r = subprocess.run(["xmllint", "--noout", os.path.join(self.site.out, "feed.xml")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_feedparser_reads_every_episode(self):
        feed = self.site.feed()
        self.assertFalse(feed.bozo, feed.get("bozo_exception"))
        self.assertEqual(feed.feed.title, "Test Show & <Friends> ]]> «Ελληνικά»")
        self.assertEqual(feed.feed.language, "en-GB")
        self.assertEqual(feed.feed.image.href, "https://cdn.example.org/show.png")
        titles = [e.title for e in feed.entries]
        # Newest first.
        self.assertEqual(titles, ['Fish & <Chips> ]]> "quoted" 日本語', "Second article"])
        for e in feed.entries:
            self.assertTrue(e.id)
            enc = e.enclosures[0]
            self.assertEqual(enc.type, "audio/mpeg")
            path = self.site.file_for(enc.href)
            self.assertEqual(int(enc.length), os.path.getsize(path))
            duration = int(e.itunes_duration)
            self.assertLess(abs(duration - decoded_seconds(path)), 1.0)

    def test_gpodder_reads_every_episode(self):
        parsed = self.site.gpodder()
        self.assertEqual(parsed["title"], "Test Show & <Friends> ]]> «Ελληνικά»")
        episodes = parsed["episodes"]
        self.assertEqual(len(episodes), 2)
        for ep in episodes:
            enc = ep["enclosures"][0]
            path = self.site.file_for(enc["url"])
            self.assertEqual(enc["file_size"], os.path.getsize(path))
            self.assertEqual(enc["mime_type"], "audio/mpeg")
            self.assertGreater(ep["total_time"], 0)
            self.assertLess(abs(ep["total_time"] - decoded_seconds(path)), 1.0)
            self.assertTrue(ep["guid"])
        self.assertEqual(episodes[0]["title"], 'Fish & <Chips> ]]> "quoted" 日本語')
        self.assertEqual(episodes[0]["description"], "First & foremost: 2 < 3 > 1 ]]> done.")

    def test_channel_fields(self):
        xml = self.site.feed_bytes().decode()
        for needle in ["<itunes:image", "<itunes:category text=\"News\">",
                       "<itunes:category text=\"Daily News\"/>", "<itunes:explicit>false<",
                       "<itunes:author>Test Author<", "<itunes:owner>", "<podcast:guid>",
                       "<lastBuildDate>", "<podcast:transcript", "<podcast:chapters",
                       'isPermaLink="false"']:
            self.assertIn(needle, xml)
        # podcast:guid is the UUIDv5 of the feed URL without its scheme.
        import uuid
        ns = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
        want = str(uuid.uuid5(ns, "audio.example.org/show/feed.xml"))
        self.assertIn(f"<podcast:guid>{want}</podcast:guid>", xml)

    def test_transcript_and_chapters(self):
        feed = self.site.feed()
        xml = self.site.feed_bytes().decode()
        vtt_url = re.search(r'<podcast:transcript url="([^"]+)"', xml).group(1)
        with open(self.site.file_for(vtt_url), encoding="utf-8") as f:
            vtt = f.read()
        self.assertTrue(vtt.startswith("WEBVTT\n"))
        times = re.findall(r"(\d\d):(\d\d):(\d\d)\.(\d\d\d) --> ", vtt)
        starts = [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000 for h, m, s, ms in times]
        self.assertEqual(starts[0], 0.0)
        self.assertEqual(starts, sorted(starts))
        for line in vtt.splitlines():
            self.assertLessEqual(len(line), 65, line)
        self.assertIn("The first article has two short sentences.", vtt)
        # Timed to the audio: speech that starts after a pause in the WAV
        # master is inside a cue or starts one (within 100 ms), and every cue
        # that follows a gap starts within 100 ms of speech starting.
        # The master is in masters/ beside out/ (out/ holds what is served).
        master = os.path.join(os.path.dirname(self.site.out), "masters",
                              os.path.basename(self.site.file_for(vtt_url))[:-len(".vtt")] + ".wav")
        onsets = speech_onsets(master)
        self.assertGreater(len(onsets), 3)
        ends = [int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000
                for h, m, s, ms in re.findall(r" --> (\d\d):(\d\d):(\d\d)\.(\d\d\d)", vtt)]
        for onset in onsets:
            self.assertTrue(any(a - 0.1 <= onset < z for a, z in zip(starts, ends)),
                            f"speech at {onset} s is in no cue")
        for i, start in enumerate(starts):
            if i == 0 or start - ends[i - 1] > 0.25:
                self.assertLess(min(abs(onset - start) for onset in onsets), 0.1,
                                f"cue at {start} s")
        ch_url = re.search(r'<podcast:chapters url="([^"]+)"', xml).group(1)
        with open(self.site.file_for(ch_url), encoding="utf-8") as f:
            chapters = json.load(f)
        self.assertEqual(chapters["version"], "1.2.0")
        self.assertEqual(chapters["chapters"][0]["startTime"], 0)
        self.assertEqual(chapters["chapters"][0]["title"], feed.entries[0].title)
        self.assertEqual(chapters["chapters"][1]["title"], "A heading")
        self.assertGreater(chapters["chapters"][1]["startTime"], 1.0)

    def test_pages(self):
        index = open(os.path.join(self.site.out, "index.html"), encoding="utf-8").read()
        self.assertIn("second.html", index)
        page = open(os.path.join(self.site.out, "first.html"), encoding="utf-8").read()
        self.assertIn("Audio version of: Fish &amp; &lt;Chips&gt;", page)


class EditTest(unittest.TestCase):
    def test_edit_keeps_guid_and_moves_url(self):
        site = Site()
        self.addCleanup(site.close)
        self.assertEqual(site.build().returncode, 0)
        before = {e.title: e for e in site.feed().entries}
        second = before["Second article"]
        second_file = site.file_for(second.enclosures[0].href)
        second_bytes = open(second_file, "rb").read()
        first_title = 'Fish & <Chips> ]]> "quoted" 日本語'
        old_url = before[first_title].enclosures[0].href
        old_file = site.file_for(old_url)

        site.write("first.md", ARTICLES["first.md"].replace("two short", "two brief"))
        r = site.build()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("updated", r.stdout)
        after = {e.title: e for e in site.feed().entries}
        self.assertEqual(after[first_title].id, before[first_title].id)
        self.assertNotEqual(after[first_title].enclosures[0].href, old_url)
        self.assertFalse(os.path.exists(old_file), "the old version's audio is removed")
        # The other episode is untouched.
        self.assertEqual(after["Second article"].enclosures[0].href, second.enclosures[0].href)
        self.assertEqual(open(second_file, "rb").read(), second_bytes)

    def test_unchanged_rebuild_is_byte_identical(self):
        site = Site()
        self.addCleanup(site.close)
        self.assertEqual(site.build().returncode, 0)
        feed = site.feed_bytes()
        mtime = os.stat(os.path.join(site.out, "feed.xml")).st_mtime_ns
        r = site.build()
        self.assertEqual(r.returncode, 0)
        self.assertIn("2 unchanged", r.stdout)
        self.assertEqual(site.feed_bytes(), feed)
        self.assertEqual(os.stat(os.path.join(site.out, "feed.xml")).st_mtime_ns, mtime)

    def test_failed_article_keeps_its_episode(self):
        site = Site()
        self.addCleanup(site.close)
        self.assertEqual(site.build().returncode, 0)
        before = {e.id: e for e in site.feed().entries}
        site.write("second.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
        site.write("third.md", "---\ntitle: Third\ndate: 2026-03-02\n---\n\nA new one.\n")
        r = site.build()
        self.assertEqual(r.returncode, 1)
        self.assertIn("second.md", r.stderr)
        after = {e.id: e for e in site.feed().entries}
        for gid, e in before.items():
            self.assertIn(gid, after)
            self.assertEqual(after[gid].enclosures[0].href, e.enclosures[0].href)
            self.assertTrue(os.path.exists(site.file_for(e.enclosures[0].href)))
        self.assertIn("Third", [e.title for e in after.values()])


class EmbedTest(unittest.TestCase):
    """The players (out/embed/SLUG.html) and their oEmbed answers follow
    the episodes: a new version's audio, a failed version keeps the
    player as it was, a removed article takes its player along."""

    def player(self, site, slug):
        with open(os.path.join(site.out, "embed", slug + ".html"), encoding="utf-8") as f:
            return f.read()

    def audio_of(self, site, slug):
        return re.search(r'<audio[^>]* src="\.\./([^"]+)"', self.player(site, slug)).group(1)

    def feed_audio(self, site, title):
        e = next(e for e in site.feed().entries if e.title == title)
        return os.path.basename(e.enclosures[0].href)

    def test_players_follow_the_episodes(self):
        site = Site()
        self.addCleanup(site.close)
        self.assertEqual(site.build().returncode, 0)
        self.assertEqual(sorted(os.listdir(os.path.join(site.out, "embed"))),
                         ["first.html", "second.html"])
        with open(os.path.join(site.out, "oembed", "first.json"), encoding="utf-8") as f:
            oembed = json.load(f)
        self.assertEqual(oembed["type"], "rich")
        self.assertEqual(oembed["version"], "1.0")
        self.assertEqual(oembed["author_name"], "Ann Writer")
        self.assertIn('src="https://audio.example.org/show/embed/first.html"', oembed["html"])
        with open(os.path.join(site.out, "first.html"), encoding="utf-8") as f:
            page = f.read()
        self.assertIn('<link rel="alternate" type="application/json+oembed" '
                      'href="https://audio.example.org/show/oembed/first.json">', page)
        self.assertEqual(self.audio_of(site, "second"), self.feed_audio(site, "Second article"))

        # A new version: the same player, the new audio.
        site.write("second.md", ARTICLES["second.md"].replace("little older", "bit older"))
        self.assertEqual(site.build().returncode, 0)
        self.assertEqual(self.audio_of(site, "second"), self.feed_audio(site, "Second article"))
        kept = self.player(site, "second")

        # A version that fails: the player stays as it was.
        site.write("second.md", "---\ntitle: [unclosed\n---\n\nBody.\n")
        self.assertEqual(site.build().returncode, 1)
        self.assertEqual(self.player(site, "second"), kept)
        self.assertTrue(os.path.exists(os.path.join(site.out, self.audio_of(site, "second"))))

        # A player lost (or never made, by an older aloud) is made again.
        os.unlink(os.path.join(site.out, "embed", "first.html"))
        os.unlink(os.path.join(site.out, "oembed", "first.json"))
        site.write("second.md", ARTICLES["second.md"])
        self.assertEqual(site.build().returncode, 0)
        self.assertEqual(self.audio_of(site, "first"), self.feed_audio(site, oembed["title"]))
        self.assertTrue(os.path.exists(os.path.join(site.out, "oembed", "first.json")))

        # An article removed: its player and its oEmbed answer go too.
        os.unlink(os.path.join(site.content, "second.md"))
        self.assertEqual(site.build().returncode, 0)
        self.assertEqual(os.listdir(os.path.join(site.out, "embed")), ["first.html"])
        self.assertEqual(os.listdir(os.path.join(site.out, "oembed")), ["first.json"])


class SettingsTest(unittest.TestCase):
    def check_error(self, ini, expect):
        site = Site(ini=ini)
        self.addCleanup(site.close)
        r = site.build()
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertRegex(r.stderr, expect)
        self.assertFalse(os.path.exists(os.path.join(site.out, "feed.xml")))

    def test_missing_title(self):
        self.check_error(PODCAST_INI.replace("title = Test Show", "; no title"),
                         r"podcast\.ini: \[podcast\] title is required")

    def test_bad_url_names_line_and_key(self):
        self.check_error(PODCAST_INI.replace("https://audio.example.org/show\n", "ftp://x\n"),
                         r"podcast\.ini:7: base_url: must be an absolute http\(s\) URL")

    def test_bad_category(self):
        self.check_error(PODCAST_INI.replace("News/Daily News", "Nonsense"),
                         r"podcast\.ini:8: category:")

    def test_missing_artwork(self):
        self.check_error(PODCAST_INI.replace("https://cdn.example.org/show.png", "cover.png"),
                         r"podcast\.ini: artwork: .*cover\.png is not a readable file")

    def test_no_content_directory(self):
        with tempfile.TemporaryDirectory() as d:
            r = run(["build", "-C", d])
            self.assertEqual(r.returncode, 2)
            self.assertIn("content: no such directory", r.stderr)
            self.assertEqual(os.listdir(d), [])

    def test_unknown_key(self):
        self.check_error(PODCAST_INI + "colour = blue\n", r"podcast\.ini:11: unknown key 'colour'")


class SlugSafetyTest(unittest.TestCase):
    def test_nothing_outside_out(self):
        outside = tempfile.TemporaryDirectory()
        self.addCleanup(outside.cleanup)
        articles = {
            "escape.md": "---\ntitle: Escape\nslug: ../../../etc/evil\n---\n\nText one.\n",
            "abs.md": "---\ntitle: Absolute\nslug: /tmp/evil\n---\n\nText two.\n",
            "ctl\x01name.md": "---\ntitle: Control\n---\n\nText three.\n",
        }
        site = Site(articles=articles)
        self.addCleanup(site.close)
        secret = os.path.join(outside.name, "secret.md")
        with open(secret, "w") as f:
            f.write("---\ntitle: Secret\n---\n\nNot in content.\n")
        os.symlink(secret, os.path.join(site.content, "link.md"))
        before = set(os.listdir(site.dir))
        r = site.build()
        self.assertEqual(r.returncode, 1)
        self.assertIn("link.md", r.stderr)
        self.assertIn("outside content", r.stderr)
        self.assertEqual(set(os.listdir(site.dir)), before | {"out", "masters"})
        names = os.listdir(site.out)
        for n in names:
            self.assertRegex(n, r"^[a-z0-9.-]+$|^\.aloud$|^\.aloud$")
        self.assertTrue(any(n.startswith("etc-evil.") for n in names), names)
        self.assertTrue(any(n.startswith("tmp-evil.") for n in names), names)
        self.assertTrue(any(n.startswith("ctl-name.") for n in names), names)
        titles = [e.title for e in site.feed().entries]
        self.assertNotIn("Secret", titles)


if __name__ == "__main__":
    unittest.main(verbosity=2)
