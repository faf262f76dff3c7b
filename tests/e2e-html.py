#!/usr/bin/python3
"""`aloud extract` on web pages through the real binary: the bundled sample
page with its site's clutter, metadata, block kinds, hidden and skipped
elements, and character sets."""
import json
import os
import subprocess
import sys
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"
HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data", "html")
SAMPLE = os.path.join(HERE, "..", "content", "the-difference-we-make.html")


def extract(path, fmt="text"):
    r = subprocess.run([ALOUD, "extract", "--format", fmt, path], capture_output=True)
    assert r.returncode == 0, r.stderr
    out = r.stdout.decode("utf-8")
    return json.loads(out) if fmt == "json" else out


class SamplePage(unittest.TestCase):
    def test_the_article_and_only_the_article(self):
        text = extract(SAMPLE)
        lines = text.splitlines()
        self.assertTrue(lines[0].startswith(
            "When I am asked what a Senior Lived Experience Practitioner does"), lines[0])
        self.assertIn("Representing recovery and possibility", lines)
        self.assertTrue(lines[-1].startswith("Alee Buckley is a Senior Lived Experience"))
        # In order: each paragraph of the seed text appears after the one before.
        seed = os.path.join(HERE, "..", "..", "shared", "seeds", "000_fbe7e4bb01cac486.txt")
        if os.path.exists(seed):
            body = open(seed, encoding="utf-8").read().split("By Alee Buckley\n", 1)[1]
            body = body.split("\n\n\nAlee Buckley is")[0]
            pos = -1
            for para in [p.strip() for p in body.split("\n\n") if p.strip()]:
                at = text.find(para)
                self.assertGreater(at, pos, para[:40])
                pos = at
        for clutter in ["Donate now", "Subscribe to our mailing list", "indicates required",
                        "Accept all cookies", "Share on", "Latest from Bluesky",
                        "You might also like", "Registered charity", "Skip to main content",
                        "Search our site", "privacy policy", "Please enable JavaScript"]:
            self.assertNotIn(clutter, text)

    def test_metadata(self):
        a = extract(SAMPLE, "json")
        self.assertEqual(a["title"],
                         "The difference we make: A reflection on strategic lived experience leadership")
        self.assertEqual(a["authors"], ["Alee Buckley"])
        self.assertTrue(a["date"].startswith("2026-02-27"))
        self.assertEqual(a["language"], "en-GB")
        self.assertTrue(a["is_article"])
        heading = [b for b in a["blocks"] if b["kind"] == "heading"]
        self.assertEqual([(h["level"], h["text"]) for h in heading],
                         [(2, "Representing recovery and possibility")])
        # The headline and byline are for the introduction, not the body.
        self.assertNotIn(a["title"], [b["text"] for b in a["blocks"]])


class Fixtures(unittest.TestCase):
    def test_clutter_metadata_and_kinds(self):
        a = extract(os.path.join(DATA, "clutter.html"), "json")
        self.assertEqual(a["title"], "Le budget des hôpitaux augmente")  # not "| Le Journal"
        self.assertEqual(a["authors"], ["Claire Martin", "Paul Durand"])
        self.assertEqual(a["date"], "2026-03-05T08:30:00+01:00")  # published, not modified
        self.assertEqual(a["language"], "fr-FR")
        kinds = [(b["kind"], b.get("level"), b.get("number")) for b in a["blocks"]]
        self.assertIn(("heading", 2, None), kinds)
        self.assertIn(("list-item", None, 3), kinds)
        self.assertIn(("list-item", None, 4), kinds)
        texts = [b["text"] for b in a["blocks"]]
        self.assertIn("C'est un premier pas, mais il faudra aller plus loin.", texts)
        self.assertEqual(a["blocks"][texts.index("Nous resterons vigilants.")]["kind"], "quote")
        self.assertIn("L'hôpital Saint-Louis, à Paris.", texts)
        self.assertEqual(a["blocks"][texts.index("L'hôpital Saint-Louis, à Paris.")]["kind"],
                         "caption")
        # Entities decoded.
        self.assertIn("La réforme entrera en vigueur l'année prochaine & sera évaluée en 2028 "
                      "— promet le ministre.", texts)
        body = "\n".join(texts)
        for gone in ["cookies", "Accueil", "Partager", "caché", "décoratif", "Note de la rédaction",
                     "Autre note", "À lire aussi", "newsletter", "droits réservés", "tracker",
                     "Par Claire Martin"]:
            self.assertNotIn(gone, body)
        # Order: the first paragraph before the heading before the last paragraph.
        self.assertLess(body.find("Le gouvernement"), body.find("Ce qui change"))
        self.assertLess(body.find("Ce qui change"), body.find("La réforme"))

    def test_json_fields(self):
        """The JSON form carries languages, spans (byte offsets into the
        UTF-8 text), cells, notes and citations as docs/extraction.md says."""
        a = extract(os.path.join(DATA, "wiki-languages.html"), "json")
        blocks = a["blocks"]
        for b in blocks:
            raw = b["text"].encode("utf-8")
            for s in b.get("spans", []):
                self.assertEqual(raw[s["start"]:s["start"] + s["length"]].decode("utf-8"),
                                 s["text"])
        spans = [(s["lang"], s["text"]) for b in blocks for s in b.get("spans", [])]
        self.assertIn(("fr", "Fächerpolonaise"), spans)
        self.assertIn(("la", "Musica nobilitat"), spans)
        quote = next(b for b in blocks if b["kind"] == "quote")
        self.assertEqual((quote["lang"], quote["quote_start"], quote["quote_end"]),
                         ("de", True, True))
        rows = [b for b in blocks if b["kind"] == "table-row"]
        self.assertEqual(rows[0]["caption"], "Tickets sold")
        self.assertTrue(rows[0]["table_start"] and rows[-1]["table_end"])
        self.assertEqual(rows[0]["cells"], [{"text": "Year", "header": True},
                                            {"text": "Tickets", "header": True}])
        self.assertEqual(rows[-1]["cites"], ["3"])
        notes = [b for b in blocks if b["kind"] == "note"]
        self.assertEqual([n["label"] for n in notes], ["1", "2", "3"])
        self.assertEqual(blocks[-3:], notes)
        # The text form: the caption on its own line before the table.
        text = extract(os.path.join(DATA, "wiki-languages.html"))
        self.assertIn("\nTickets sold\nYear, Tickets\n2019, 3,400\n", text)

    def test_hidden_markup(self):
        text = extract(os.path.join(DATA, "hidden-markup.html"))
        for gone in ["CDATA", "ignored cdata", "x-cms", "3>", "stylesheet"]:
            self.assertNotIn(gone, text)

    def test_many_files_into_a_directory(self):
        import tempfile
        with tempfile.TemporaryDirectory() as out:
            bad = os.path.join(out, "empty.html")
            open(bad, "w").close()
            r = subprocess.run([ALOUD, "extract", "--output-dir", out, SAMPLE, bad,
                                os.path.join(DATA, "latin1.html")], capture_output=True)
            self.assertEqual(r.returncode, 1)  # one file failed...
            self.assertIn(b"empty.html", r.stderr)
            # ...and the others were written, each as its own text.
            self.assertEqual(sorted(os.listdir(out)),
                             ["empty.html", "latin1.txt", "the-difference-we-make.txt"])
            with open(os.path.join(out, "the-difference-we-make.txt"), encoding="utf-8") as f:
                self.assertEqual(f.read(), extract(SAMPLE))

    def test_charsets(self):
        cases = {
            "latin1.html": "Un café crème coûte deux euros “en terrasse” – déjà",
            "cp1252.html": "“Curly” quotes and an em dash —",
            "bom.html": "naïve cafés and “quotes”",
        }
        for name, want in cases.items():
            self.assertIn(want, extract(os.path.join(DATA, name)), name)

    def test_bytes_windows_1252_leaves_undefined(self):
        # 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in windows-1252:
        # the page must not stop there.
        page = (b"<html><body><article><p>Before the odd byte \x9d and after it "
                b"\x93quoted\x94, the sentence goes on.</p><p>A second paragraph after the "
                b"odd byte \x81 is read as well.</p></article></body></html>")
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"aloud-odd-{os.getpid()}.html")
        with open(path, "wb") as f:
            f.write(page)
        try:
            text = extract(path)
        finally:
            os.unlink(path)
        self.assertIn("after it “quoted”, the sentence goes on.", text)
        self.assertIn("A second paragraph after the odd byte is read as well.", text)

    def test_not_an_article(self):
        links = "".join(f'<li><a href="/s{i}">Story number {i} of the day</a></li>'
                        for i in range(60))
        page = f"<html><body><h1>Latest news</h1><ul>{links}</ul></body></html>"
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"aloud-index-{os.getpid()}.html")
        with open(path, "w") as f:
            f.write(page)
        try:
            r = subprocess.run([ALOUD, "extract", path], capture_output=True)
        finally:
            os.unlink(path)
        # Reported as what it is, not read out as a list of links.
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"not an article", r.stderr)
        self.assertEqual(r.stdout, b"")

    def test_little_prose_is_not_an_article(self):
        page = ("<html><body><h1>Sign in</h1><p>Please sign in to read this story.</p>"
                "<p><a href='/login'>Sign in</a></p></body></html>")
        path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"aloud-wall-{os.getpid()}.html")
        with open(path, "w") as f:
            f.write(page)
        try:
            a = extract(path, "json")
        finally:
            os.unlink(path)
        self.assertFalse(a["is_article"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
