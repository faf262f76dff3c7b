#!/usr/bin/python3
"""Sites as publishers keep them, through the real `aloud build`: content/
laid out as Hugo, Jekyll, Eleventy and Zola lay it out publishes its
articles and only them (no drafts, no section pages, no audio: false), with
the dates Jekyll's post names give, slugs that stay apart across folders,
the front matter's episode, season, explicit and link in the feed, and the
URL aloud fetch recorded for a fetched page as its link."""
import json
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"

INI = """[podcast]
title = Sources Show
description = Articles from a static site.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
"""

BODY = "The {0} opened on a quiet morning. People came to see it.\n"


def write(root, rel, text):
    path = os.path.join(root, "content", rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def site(tmp, files):
    root = os.path.join(tmp, "site")
    write(root, "podcast.ini", INI)
    for rel, text in files.items():
        write(root, rel, text)
    r = subprocess.run([ALOUD, "build", "-C", root, "-j", "2"], capture_output=True, text=True)
    return root, r


def items(root):
    feed = ET.parse(os.path.join(root, "out", "feed.xml")).getroot()
    out = {}
    for item in feed.iter("item"):
        enclosure = item.find("enclosure").get("url")
        slug = enclosure.rsplit("/", 1)[1].split(".")[0]
        out[slug] = item
    return out


def yaml(title, extra="", body=None):
    return f"---\ntitle: {title}\n{extra}---\n\n" + (body or BODY.format(title.lower()))


def toml(title, extra="", body=None):
    return f'+++\ntitle = "{title}"\n{extra}+++\n\n' + (body or BODY.format(title.lower()))


class SourcesTest(unittest.TestCase):
    def build(self, files):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        root, r = site(self.tmp.name, files)
        self.assertEqual(r.returncode, 0, r.stderr)
        return root, r, items(root)

    def test_hugo(self):
        root, r, found = self.build({
            "_index.md": toml("Home"),
            "posts/_index.md": toml("Posts"),
            "posts/harbour-walls/index.md": toml("Harbour walls", "date = 2024-05-01\n"),
            "posts/harbour-walls/photo.md": toml("Not an article"),
            "posts/new-bridge.md": toml("New bridge", "date = 2024-05-02\nseason = 2\nepisode = 7\n"),
            "posts/unfinished.md": toml("Unfinished", "draft = true\n"),
            "about.md": "---\ntitle: About us\naudio: false\n---\n\nWho we are.\n",
            "notes/json-note.md": '{\n  "title": "A JSON note",\n  "date": "2024-04-01"\n}\n\n'
                                  + BODY.format("library"),
        })
        self.assertEqual(set(found), {"posts-harbour-walls", "posts-new-bridge", "notes-json-note"})
        bridge = found["posts-new-bridge"]
        self.assertEqual(bridge.findtext(ITUNES + "season"), "2")
        self.assertEqual(bridge.findtext(ITUNES + "episode"), "7")
        self.assertIn("content/posts/unfinished.md: a draft; not published", r.stdout)
        self.assertIn("content/about.md: audio: false; no episode", r.stdout)
        self.assertIn("2 skipped", r.stdout)

    def test_jekyll(self):
        root, r, found = self.build({
            "_config.yml": "title: A Jekyll site\n",
            "_posts/2023-11-05-market-day.md": yaml("Market day"),
            "_posts/2023-12-24-carols.md": yaml("Carols", "date: 2023-12-20\nexplicit: true\n"),
            "_drafts/next-week.md": yaml("Next week"),
            "_includes/footer.html": "<footer>Not an article</footer>\n",
            "blog/_posts/2024-01-02-walls.md": yaml("Walls", "link: https://example.org/walls\n"),
        })
        self.assertEqual(set(found), {"market-day", "carols", "blog-walls"})
        # The date from the file's name, unless the front matter gives one.
        self.assertIn("05 Nov 2023", found["market-day"].findtext("pubDate"))
        self.assertIn("20 Dec 2023", found["carols"].findtext("pubDate"))
        self.assertEqual(found["carols"].findtext(ITUNES + "explicit"), "true")
        self.assertEqual(found["market-day"].findtext(ITUNES + "explicit"), "false")
        self.assertEqual(found["blog-walls"].findtext("link"), "https://example.org/walls")

    def test_eleventy_and_slugs_apart(self):
        root, r, found = self.build({
            ".eleventy.js": "module.exports = {};\n",
            "_data/site.json": "{}\n",
            "posts/a.md": yaml("First a", "date: 2024-02-01\n"),
            "news/a.md": yaml("Second a", "date: 2024-02-02\n"),
            "posts/gallery/index.html": "<html><head><title>Gallery</title></head><body><article>"
                                        "<h1>Gallery</h1><p>" + BODY.format("gallery") * 3 +
                                        "</p></article></body></html>",
            "index.md": yaml("Front page"),
        })
        # Two a.md files keep apart; the front page does not take index.html.
        self.assertEqual(set(found), {"posts-a", "news-a", "posts-gallery", "index-article"})
        self.assertTrue(os.path.exists(os.path.join(root, "out", "index-article.html")))
        with open(os.path.join(root, "out", "index.html")) as f:
            self.assertIn("Sources Show", f.read())

    def test_zola_and_bad_front_matter(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        root, r = site(self.tmp.name, {
            "blog/_index.md": toml("Blog"),
            "blog/first.md": toml("First", "date = 2024-03-01T09:00:00Z\n"),
            "blog/broken.md": '+++\ntitle = "Broken\n+++\n\nText.\n',
        })
        self.assertEqual(r.returncode, 1)
        self.assertIn("content/blog/broken.md:2: front matter is not valid TOML", r.stderr)
        self.assertEqual(set(items(root)), {"blog-first"})

    def test_fetched_page_links_to_its_url(self):
        page = ("<html><head><title>The pier</title>"
                "<link rel=canonical href='https://example.org/canonical'></head><body><article>"
                "<h1>The pier</h1><p>" + BODY.format("pier") * 4 + "</p></article></body></html>")
        sources = {"version": 1, "pages": {"the-pier.html": {
            "url": "https://news.example.org/2024/the-pier/", "etag": None,
            "last_modified": None, "fetched": "2024-05-01T10:00:00Z", "gone": False}}}
        root, r, found = self.build({"web/the-pier.html": page,
                                     "web/.sources.json": json.dumps(sources)})
        self.assertEqual(found["web-the-pier"].findtext("link"),
                         "https://news.example.org/2024/the-pier/")
        with open(os.path.join(root, "out", "web-the-pier.html")) as f:
            self.assertIn('href="https://news.example.org/2024/the-pier/"', f.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
