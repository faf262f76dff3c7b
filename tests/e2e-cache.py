#!/usr/bin/python3
"""A site edited every day does not fill its disk: after 40 one-paragraph
edits of one article, out/ with its segment cache is at most 1.2 times its
size after the cold build; undoing the last edit renders nothing; an
unchanged article's segments stay in the cache however many builds pass,
so a later edit of it renders one segment. Edits write each new MP3 and
master over the spares the ones before left (out/.aloud/spare.mp3,
masters/.spare.wav), longer or shorter: what they publish is byte for
byte what a cold build of the same articles publishes."""
import os
import re
import subprocess
import sys
import tempfile
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"

INI = """[podcast]
title = Cache Show
description = Edited every day.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
"""

WORDS = ["river", "harbour", "market", "library", "station", "garden", "bridge", "school"]


def article(i, edit=0):
    """Article i; edit n changes one word of one paragraph."""
    paras = []
    for p in range(8):
        word = WORDS[(edit + p) % len(WORDS)] if p == edit % 8 and edit else "town"
        paras.append(f"Paragraph {p} of article {i} says the {word} was busy on Monday, "
                     "and that people came from all over the county to see it.")
    return f"---\ntitle: Article {i}\ndate: 2026-01-{i + 1:02d}\n---\n\n" + "\n\n".join(paras)


def write(site, i, edit=0):
    with open(os.path.join(site, "content", f"a{i}.md"), "w") as f:
        f.write(article(i, edit))


def build(site):
    r = subprocess.run([ALOUD, "build", "-C", site, "-j", "1"], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def size(path):
    total = 0
    for d, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(d, f))
    return total


def published(site):
    """Every file a build publishes (out/ and masters/, hidden ones aside)."""
    files = {}
    for top in ("out", "masters"):
        root = os.path.join(site, top)
        for d, dirs, names in os.walk(root):
            dirs[:] = [x for x in dirs if not x.startswith(".")]
            for name in names:
                if not name.startswith("."):
                    path = os.path.join(d, name)
                    with open(path, "rb") as f:
                        files[os.path.relpath(path, site)] = f.read()
    return files


def resynthesised(out):
    m = re.search(r"updated: (\d+) of (\d+) segments re-synthesised", out)
    return int(m.group(1)) if m else None


class CacheTest(unittest.TestCase):
    def test_forty_edits(self):
        with tempfile.TemporaryDirectory() as tmp:
            site = os.path.join(tmp, "site")
            os.makedirs(os.path.join(site, "content"))
            with open(os.path.join(site, "content", "podcast.ini"), "w") as f:
                f.write(INI)
            for i in range(3):
                write(site, i)
            build(site)
            cold = size(os.path.join(site, "out"))
            for edit in range(1, 41):
                write(site, 0, edit)
                out = build(site)
                self.assertEqual(resynthesised(out), 1, out)
            self.assertTrue(os.path.exists(os.path.join(site, "out", ".aloud", "spare.mp3")))
            self.assertTrue(os.path.exists(os.path.join(site, "masters", ".spare.wav")))
            # The last edit, written over spares, is what a cold build makes.
            cold_site = os.path.join(tmp, "cold")
            os.makedirs(os.path.join(cold_site, "content"))
            with open(os.path.join(cold_site, "content", "podcast.ini"), "w") as f:
                f.write(INI)
            for i in range(3):
                write(cold_site, i, 40 if i == 0 else 0)
            build(cold_site)
            self.assertEqual(published(site), published(cold_site))
            after = size(os.path.join(site, "out"))
            print(f"out/ with its cache: {cold} bytes cold, {after} after 40 edits "
                  f"({after / cold:.2f} times)")
            self.assertLessEqual(after, 1.2 * cold)
            # Undo the last edit: its segments are still there.
            write(site, 0, 39)
            self.assertEqual(resynthesised(build(site)), 0)
            # Article 2 was never edited in 42 builds: an edit of it renders
            # one segment, the rest comes from the cache.
            write(site, 2, 5)
            self.assertEqual(resynthesised(build(site)), 1)


if __name__ == "__main__":
    unittest.main(verbosity=2)
