#!/usr/bin/python3
"""Crash safety: `aloud build` killed with SIGKILL at random moments, again
and again, on a real site whose articles keep changing. After each kill
every file the feed names exists and is whole; the next build completes and
gives the same result as an uninterrupted build of the same content."""
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"

INI = """[podcast]
title = Crash Show
description = Killed and rebuilt.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
"""


def article(i, version):
    paras = "\n\n".join(
        f"Paragraph {p} of article {i}, version {version}. It says a few things in a row, "
        "so that speaking it takes a moment." for p in range(4))
    return f"---\ntitle: Article {i}\ndate: 2026-01-{i + 1:02d}\n---\n\n## Part one\n\n{paras}\n"


def write_site(d, version):
    os.makedirs(os.path.join(d, "content"), exist_ok=True)
    with open(os.path.join(d, "content", "podcast.ini"), "w") as f:
        f.write(INI)
    for i in range(3):
        with open(os.path.join(d, "content", f"a{i}.md"), "w") as f:
            f.write(article(i, version[i]))


def check_feed_whole(test, out):
    feed = os.path.join(out, "feed.xml")
    if not os.path.exists(feed):
        return 0
    root = ET.parse(feed).getroot()  # parses: the feed is whole
    n = 0
    for item in root.iter("item"):
        enc = item.find("enclosure")
        name = enc.get("url").rsplit("/", 1)[1]
        path = os.path.join(out, name)
        test.assertTrue(os.path.exists(path), f"{name} named by the feed is missing")
        test.assertEqual(os.path.getsize(path), int(enc.get("length")), name)
        with open(path, "rb") as f:
            head = f.read(3)
        test.assertEqual(head, b"ID3", name)
        for tag in ("{https://podcastindex.org/namespace/1.0}transcript",
                    "{https://podcastindex.org/namespace/1.0}chapters"):
            url = item.find(tag).get("url")
            test.assertTrue(os.path.exists(os.path.join(out, url.rsplit("/", 1)[1])), url)
        n += 1
    return n


def snapshot(out):
    """Every published file's bytes (hidden state and temporary files aside)."""
    files = {}
    for top, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = os.path.join(top, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, out)] = f.read()
    return files


class CrashTest(unittest.TestCase):
    def test_sigkill_at_random_moments(self):
        rng = random.Random(int(os.environ.get("ALOUD_CRASH_SEED", "20261128")))
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        site = os.path.join(tmp.name, "site")
        version = [0, 0, 0]
        write_site(site, version)
        start = time.monotonic()
        r = subprocess.run([ALOUD, "build", "-C", site], capture_output=True)
        cold = time.monotonic() - start
        self.assertEqual(r.returncode, 0, r.stderr)
        out = os.path.join(site, "out")
        self.assertEqual(check_feed_whole(self, out), 3)
        kills = 0
        for round_no in range(12):
            # Edit every article, so each run has a whole site to render.
            version = [v + 1 for v in version]
            write_site(site, version)
            p = subprocess.Popen([ALOUD, "build", "-C", site], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, cold * 0.85))
            if p.poll() is None:
                p.send_signal(signal.SIGKILL)
                kills += 1
            p.wait()
            # Whatever moment it died at: the feed and everything it names are whole.
            self.assertEqual(check_feed_whole(self, out), 3, f"round {round_no}")
        self.assertGreaterEqual(kills, 4, "the kills should land during builds")
        r = subprocess.run([ALOUD, "build", "-C", site], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(check_feed_whole(self, out), 3)
        # The same content built once, without interruption, in a fresh place.
        clean = os.path.join(tmp.name, "clean")
        write_site(clean, version)
        r = subprocess.run([ALOUD, "build", "-C", clean], capture_output=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        got, want = snapshot(out), snapshot(os.path.join(clean, "out"))
        self.assertEqual(sorted(got), sorted(want))
        for name in want:
            self.assertEqual(got[name], want[name], f"{name} differs")


if __name__ == "__main__":
    unittest.main(verbosity=2)
