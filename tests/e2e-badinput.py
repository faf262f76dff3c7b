#!/usr/bin/python3
"""Bad input through the real binary. For each case: one clear error naming
the file and the problem (or a correct result), the right exit status, no
crash, memory bounded, nothing written outside out/, no temporary file left
in sight, and a published episode never lost."""
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"
MEMORY_LIMIT = 2 << 30  # address space: "memory bounded" on any input
# AddressSanitizer reserves terabytes of address space for its shadow
# memory, so under it the address-space limit cannot apply.
with open(ALOUD, "rb") as _f:
    SANITIZED = b"__asan_init" in _f.read()


def limits(fsize=None):
    def apply():
        if not SANITIZED:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))
    return apply


def run(args, fsize=None, timeout=300):
    return subprocess.run([ALOUD] + args, capture_output=True, timeout=timeout,
                          preexec_fn=limits(fsize))


class Files:
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name, data):
        p = os.path.join(self.tmp.name, name)
        with open(p, "wb") as f:
            f.write(data)
        return p

    def check(self, r, path, statuses=(0, 1)):
        """No signal, an expected status, and on failure one line naming the file."""
        self.assertGreaterEqual(r.returncode, 0, f"killed by signal {-r.returncode}")
        self.assertIn(r.returncode, statuses, r.stderr)
        if r.returncode:
            err = r.stderr.decode("utf-8", "replace").strip()
            self.assertIn(os.path.basename(path), err)
            self.assertEqual(len(err.splitlines()), 1, err)
        else:
            r.stdout.decode("utf-8")  # valid UTF-8 output


class ExtractBadInput(Files, unittest.TestCase):
    def extract(self, name, data, statuses=(0, 1)):
        p = self.path(name, data)
        r = run(["extract", p])
        self.check(r, p, statuses)
        return r

    def test_empty(self):
        for name in ["empty.html", "empty.md"]:
            r = self.extract(name, b"", statuses=(1,))
            self.assertIn(b"empty", r.stderr)

    def test_binary_garbage(self):
        garbage = bytes((i * 7919 + 13) % 256 for i in range(200000))
        self.extract("garbage.html", garbage)
        self.extract("garbage.md", garbage)

    def test_nul_bytes(self):
        self.extract("nul.html", b"<html><body><p>Before\0after the NUL byte, a sentence.</p>"
                     b"<p>" + b"A second paragraph of the article. " * 20 + b"</p></body></html>")
        r = self.extract("nul.md", b"# Title\n\nBefore\0after.\n")
        self.assertNotIn(b"\0", r.stdout)

    def test_invalid_utf8(self):
        r = self.extract("bad.md", b"# Caf\xe9\n\nNa\xefve text \xff\xfe here.\n")
        self.assertIn("text", r.stdout.decode("utf-8"))

    def test_utf16_with_bom(self):
        page = ("<html><head><title>Sixteen</title></head><body><article><h1>Sixteen</h1>"
                "<p>" + "Text in UTF-16 with a byte order mark, read as it is meant. " * 5 +
                "</p></article></body></html>")
        r = self.extract("utf16.html", b"\xff\xfe" + page.encode("utf-16-le"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("byte order mark", r.stdout.decode("utf-8"))

    def test_windows_1252_without_charset(self):
        page = ("<html><body><article><h1>Quotes</h1><p>" +
                "\u201cCurly quotes\u201d and caf\u00e9 \u2013 a dash, in an old page. " * 5 +
                "</p></article></body></html>")
        r = self.extract("cp1252.html", page.encode("cp1252"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("\u201cCurly quotes\u201d and caf\u00e9", r.stdout.decode("utf-8"))

    def test_100000_nested_elements(self):
        page = (b"<html><body>" + b"<div>" * 100000 + b"<p>" +
                b"Deep inside the page there is still a paragraph. " * 5 +
                b"</p>" + b"</div>" * 100000 + b"</body></html>")
        self.extract("nested.html", page)

    def test_50_mb_article(self):
        para = b"<p>" + b"This sentence repeats to make a very long article. " * 20 + b"</p>\n"
        page = (b"<html><body><article><h1>Long</h1>" + para * (50 * 1024 * 1024 // len(para))
                + b"</article></body></html>")
        r = self.extract("big.html", page)
        if r.returncode == 0:
            self.assertIn(b"very long article", r.stdout)

    def test_one_megabyte_word(self):
        p = self.path("word.md", b"---\ntitle: Word\n---\n\n" + b"x" * (1 << 20) +
                      b"\n\nA normal sentence follows.\n")
        r = run(["script", p])
        self.check(r, p)
        if r.returncode == 0:
            self.assertIn(b"A normal sentence follows.", r.stdout)
            # Nothing unspeakable is handed to eSpeak NG.
            self.assertLess(max(len(w) for w in r.stdout.split()), 1000)

    def test_front_matter_not_yaml(self):
        p = self.path("fm.md", b"---\ntitle: [unclosed\n  - : :\n---\n\nBody.\n")
        r = run(["extract", p])
        self.check(r, p, statuses=(1,))
        self.assertIn(b"fm.md:", r.stderr)

    def test_unknown_voice(self):
        p = self.path("v.md", b"---\ntitle: V\n---\n\nBody text.\n")
        r = run(["script", "--voice", "klingon", p])
        self.assertEqual(r.returncode, 2)
        self.assertIn(b"klingon", r.stderr)
        self.assertIn(b"en-gb", r.stderr)  # lists what exists

    def test_broken_voice_profile_and_lexicon(self):
        voices = os.path.join(self.tmp.name, "voices")
        os.mkdir(voices)
        with open(os.path.join(voices, "en-gb.ini"), "w") as f:
            f.write("[voice]\nname = Broken\nlanguage = en-GB\nespeak = en-gb\nrate = fast\n")
        p = self.path("v.md", b"---\ntitle: V\n---\n\nBody text.\n")
        r = run(["script", "--voices", voices, "--voice", "en-gb", p])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(b"en-gb.ini:5", r.stderr)
        self.assertIn(b"rate", r.stderr)
        with open(os.path.join(voices, "en-gb.ini"), "w") as f:
            f.write("[voice]\nname = B\nlanguage = en-GB\nespeak = en-gb\n"
                    "[lexicon]\nfile = missing.lexicon.ini\n")
        r = run(["script", "--voices", voices, "--voice", "en-gb", p])
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn(b"missing.lexicon.ini", r.stderr)


SITE_INI = b"""[podcast]
title = Bad Input Show
description = Tests.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
"""


class SiteBadInput(Files, unittest.TestCase):
    def site(self):
        d = os.path.join(self.tmp.name, "site")
        os.makedirs(os.path.join(d, "content"))
        with open(os.path.join(d, "content", "podcast.ini"), "wb") as f:
            f.write(SITE_INI)
        with open(os.path.join(d, "content", "good.md"), "wb") as f:
            f.write(b"---\ntitle: Good\ndate: 2026-01-02\n---\n\nA good article, short.\n")
        return d

    def assert_feed_whole(self, site):
        out = os.path.join(site, "out")
        r = subprocess.run(["xmllint", "--noout", os.path.join(out, "feed.xml")],
                           capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        import xml.etree.ElementTree as ET
        for enc in ET.parse(os.path.join(out, "feed.xml")).iter("enclosure"):
            name = enc.get("url").rsplit("/", 1)[1]
            self.assertEqual(os.path.getsize(os.path.join(out, name)), int(enc.get("length")))
        hidden_tmp = [n for n in os.listdir(out) if ".tmp-" in n]
        self.assertEqual(hidden_tmp, [])

    def test_unwritable_out(self):
        site = self.site()
        with open(os.path.join(site, "out"), "w") as f:
            f.write("a file where out/ should be")
        r = run(["build", "-C", site])
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"out", r.stderr)

    def test_full_disk_keeps_published_episode(self):
        site = self.site()
        self.assertEqual(run(["build", "-C", site]).returncode, 0)
        feed_before = open(os.path.join(site, "out", "feed.xml"), "rb").read()
        with open(os.path.join(site, "content", "good.md"), "ab") as f:
            f.write(b"\nAn edit that needs new audio files to be written.\n")
        # Every file larger than 20 kB fails to write, as on a full disk.
        r = run(["build", "-C", site], fsize=20000)
        self.assertGreaterEqual(r.returncode, 0, "killed by a signal")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn(b"good.md", r.stderr)
        self.assertEqual(open(os.path.join(site, "out", "feed.xml"), "rb").read(), feed_before)
        self.assert_feed_whole(site)

    def test_titles_with_markup_characters(self):
        site = self.site()
        with open(os.path.join(site, "content", "odd.md"), "wb") as f:
            f.write(b"---\ntitle: \"A ]]> B < C & D \\x01 \\u0007\"\n---\n\nBody of it.\n")
        r = run(["build", "-C", site])
        self.assertIn(r.returncode, (0, 1), r.stderr)
        self.assert_feed_whole(site)


if __name__ == "__main__":
    unittest.main(verbosity=2)
