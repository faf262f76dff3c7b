#!/usr/bin/python3
"""Structure a listener can follow, through `aloud script --format json` on
pages as publishers write them: a title said once, footnotes read (at the
end under their heading, or after the paragraph that cites them), table
values after their column headers, code announced or skipped, and every
segment in its own language, a stretch in another language spoken as a
joined part of its paragraph.

usage: e2e-reading.py ALOUD SOURCE_DIR"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ALOUD = os.path.abspath(sys.argv[1])
VOICES = os.path.join(os.path.abspath(sys.argv[2]), "voices")
del sys.argv[1:3]

FOOTNOTES = """<!DOCTYPE html><html lang="en-GB"><head><title>Reading the harbour records</title>
</head><body><article><h1>Reading the harbour records</h1>
<p>The first walls were finished in 1820.<sup id="fnref1"><a href="#fn1" role="doc-noteref">1</a></sup>
Ships came from all over the north sea to shelter behind them in winter storms.</p>
<p>Later the harbour grew twice more, each time with money from the town.<sup><a href="#fn2">2</a></sup></p>
<p>Today it is quiet, and most of the boats that use it are small ones.</p>
<section class="footnotes" role="doc-endnotes"><hr><ol>
<li id="fn1"><p>From the town council's minutes of that year.<a href="#fnref1" role="doc-backlink">\u21a9</a></p></li>
<li id="fn2"><p>The second extension cost two thousand pounds.</p></li>
</ol></section></article></body></html>"""

TABLE = """<!DOCTYPE html><html lang="en-GB"><head><title>League table</title></head><body>
<article><h1>League table</h1><p>The league finished on Saturday with a close race at the top,
and the last games decided everything.</p>
<table><caption>Final standings</caption>
<thead><tr><th scope="col">Team</th><th scope="col">Won</th><th scope="col">Lost</th></tr></thead>
<tbody><tr><th scope="row">Reds</th><td>10</td><td>2</td></tr>
<tr><th scope="row">Blues</th><td>7</td><td>5</td></tr></tbody></table>
<p>Next season starts in August, after a short break for the players.</p></article></body></html>"""

LANGUAGES = """<!DOCTYPE html><html lang="en-GB"><head><title>Words from abroad</title></head><body>
<article><h1>Words from abroad</h1>
<p>The choir opened with a song everyone knew, and the crowd joined in with
<span lang="de">Freude, schöner Götterfunken</span> before the second verse began.</p>
<p lang="fr">Le concert s'est terminé tard dans la nuit, et personne ne voulait partir.</p>
<p>The next concert will be in the spring, in the same hall.</p></article></body></html>"""

MARKDOWN = """---
title: The long walk
---

# The long walk

We set off early.[^a] The path climbed for two hours before the first view.

```
walk --distance 12km
```

[^a]: At six in the morning.
"""


def script(path, voices=VOICES):
    r = subprocess.run([ALOUD, "script", "--format", "json", "--voices", voices, path],
                       capture_output=True, text=True)
    if r.returncode:
        raise AssertionError(r.stderr)
    return json.loads(r.stdout)


class ReadingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def page(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def profile(self, **announce):
        """A voices directory whose en-gb profile sets these [announce] keys."""
        voices = os.path.join(self.tmp.name, "voices")
        shutil.copytree(VOICES, voices)
        path = os.path.join(voices, "en-gb.ini")
        with open(path) as f:
            text = f.read()
        lines = "".join(f"{k} = {v}\n" for k, v in announce.items())
        for key in announce:
            text = "\n".join(l for l in text.split("\n") if not l.startswith(key + " ="))
        with open(path, "w") as f:
            f.write(text.replace("[announce]\n", "[announce]\n" + lines))
        return voices

    def test_every_segment_has_its_language(self):
        for name, text in (("f.html", FOOTNOTES), ("t.html", TABLE), ("l.html", LANGUAGES),
                           ("m.md", MARKDOWN)):
            for seg in script(self.page(name, text)):
                self.assertTrue(seg.get("lang"), f"{name}: {seg}")

    def test_title_said_once(self):
        for name, text in (("f.html", FOOTNOTES), ("m.md", MARKDOWN)):
            segs = script(self.page(name, text))
            title = segs[0]["display"]
            self.assertEqual(sum(1 for s in segs if s["display"] == title), 1, name)

    def test_footnotes_at_the_end(self):
        segs = script(self.page("f.html", FOOTNOTES))
        kinds = [s["kind"] for s in segs]
        notes = [s for s in segs if s["kind"] == "note"]
        self.assertEqual(len(notes), 2)
        self.assertIn("From the town council's minutes of that year.", notes[0]["display"])
        self.assertIn("two thousand pounds", notes[1]["text"])
        heading = kinds.index("note") - 1
        self.assertEqual(segs[heading]["kind"], "heading")
        self.assertEqual(segs[heading]["text"], "Notes")
        self.assertEqual(kinds[-2:], ["note", "note"])
        self.assertNotIn("\u21a9", " ".join(s["text"] for s in segs))

    def test_footnotes_after_their_paragraph(self):
        segs = script(self.page("f.html", FOOTNOTES), self.profile(notes="after"))
        texts = [s["display"] for s in segs]
        first = next(i for i, t in enumerate(texts) if t.startswith("The first walls"))
        self.assertEqual(segs[first + 1]["kind"], "note")
        self.assertIn("town council", segs[first + 1]["display"])
        self.assertNotIn("Notes", [s["text"] for s in segs if s["kind"] == "heading"])
        self.assertEqual(sum(1 for s in segs if s["kind"] == "note"), 2)

    def test_table_values_after_their_headers(self):
        segs = script(self.page("t.html", TABLE))
        rows = [s for s in segs if s["kind"] == "table-row"]
        self.assertEqual(len(rows), 2)
        # The row's own header first, then each value after its column's.
        self.assertRegex(rows[0]["text"], r"^Reds\. Won: ten, Lost: two\.$")
        self.assertRegex(rows[1]["text"], r"^Blues\. Won: seven, Lost: five\.$")
        before = segs[segs.index(rows[0]) - 1]
        self.assertEqual(before["kind"], "announcement")
        self.assertIn("Final standings", before["text"])
        after = segs[segs.index(rows[1]) + 1]
        self.assertEqual(after["text"], "End of table.")

    def test_languages(self):
        segs = script(self.page("l.html", LANGUAGES))
        german = [s for s in segs if s["lang"].startswith("de")]
        self.assertEqual(len(german), 1)
        self.assertEqual(german[0]["display"], "Freude, schöner Götterfunken")
        self.assertTrue(german[0].get("joined"))
        i = segs.index(german[0])
        self.assertEqual(segs[i - 1]["pause_ms"], 0)
        self.assertTrue(segs[i + 1].get("joined"))
        self.assertTrue(segs[i + 1]["lang"].startswith("en"))
        self.assertGreater(segs[i + 1]["pause_ms"], 0)
        french = [s for s in segs if s["lang"].startswith("fr")]
        self.assertEqual(len(french), 1)
        self.assertFalse(french[0].get("joined"))
        self.assertIn("personne ne voulait partir", french[0]["text"])

    def test_code_read_or_skipped(self):
        segs = script(self.page("m.md", MARKDOWN))
        texts = [s["text"] for s in segs]
        i = texts.index("Code.")
        self.assertEqual(segs[i + 1]["kind"], "code")
        self.assertEqual(texts[i + 2], "End of code.")
        segs = script(self.page("m.md", MARKDOWN), self.profile(read_code="false"))
        self.assertIn("A code listing is not read.", [s["text"] for s in segs])
        self.assertNotIn("code", [s["kind"] for s in segs])


if __name__ == "__main__":
    unittest.main(verbosity=2)
