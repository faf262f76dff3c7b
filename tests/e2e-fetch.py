#!/usr/bin/python3
"""aloud fetch through the real binary against a small site served here, on
127.0.0.1 (http.server in a thread, and an HTTPS one with a self-signed
certificate): RSS, Atom, a sitemap index with a gzipped sitemap, pages with
ETag and Last-Modified, redirects and loops, errors (404, 410, 500), a slow
page, an image, oversized pages and a robots.txt that forbids a path.

What a user would notice is checked: the articles land in content/web/ with
their URLs in .sources.json; a second fetch downloads nothing again (the
server counts 200s and 304s); an upstream edit rewrites exactly that file;
each bad page gets its one line and exit status 1 while the rest are
fetched; a page that has gone keeps its file (or loses it with prune);
robots.txt is honoured; settings errors name FILE:LINE and exit 2; and
`aloud build` turns the fetched pages into episodes.

usage: e2e-fetch.py ALOUD [CORPUS_DIR]"""
import fcntl
import glob
import gzip
import http.server
import json
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"
CORPUS = sys.argv.pop(1) if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "corpus", "scrapinghub")

PODCAST_INI = """[podcast]
title = Fetched Show
description = Articles fetched from a live site.
author = Test Author
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
"""

WORDS = ("The council met on Tuesday evening to discuss the new library, which opened in the "
         "spring after three years of building work. Residents asked about opening hours, "
         "parking and the cafe, and the chair promised answers by the end of the month. ")


def article(title, paragraphs, author="Dana Whitfield", date="2026-03-01"):
    body = "".join(f"<p>{p}</p>\n" for p in paragraphs)
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><meta name=\"author\" content=\"{author}\">"
            f"<meta property=\"article:published_time\" content=\"{date}\"></head>"
            f"<body><nav><a href=\"/\">Home</a></nav><article><h1>{title}</h1>\n{body}"
            f"</article></body></html>\n").encode()


def long_text(n):
    return [f"Paragraph {i + 1}. " + WORDS * 2 for i in range(n)]


class Site:
    """What the server serves, and what it counts. Paths map to
    (status, headers, body); pages get an ETag and Last-Modified and answer
    conditional requests with 304."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pages = {}
        self.counts = {}
        self.version = {}
        self.agents = set()
        self.arrivals = []

    def page(self, path, body, ctype="text/html; charset=utf-8"):
        with self.lock:
            v = self.version.get(path, 0) + 1
            self.version[path] = v
            self.pages[path] = (200, {"Content-Type": ctype, "ETag": f'"{path}-v{v}"',
                                      "Last-Modified": f"Sun, 01 Mar 2026 0{v % 10}:00:00 GMT"},
                                body)

    def raw(self, path, status, headers=None, body=b""):
        with self.lock:
            self.pages[path] = (status, headers or {}, body)

    def count(self, path, status):
        with self.lock:
            self.counts.setdefault(path, {}).setdefault(status, 0)
            self.counts[path][status] += 1

    def got(self, path, status=200):
        with self.lock:
            return self.counts.get(path, {}).get(status, 0)

    def reset_counts(self):
        with self.lock:
            self.counts = {}


def handler_for(site):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            path = self.path
            site.count(path, "requests")
            with site.lock:
                site.agents.add(self.headers.get("User-Agent"))
                site.arrivals.append((path, time.monotonic()))
            if path.startswith("/slow"):
                time.sleep(3)
            with site.lock:
                entry = site.pages.get(path)
            if entry is None:
                site.count(path, 404)
                return self.reply(404, {"Content-Type": "text/html"}, b"<h1>Not Found</h1>")
            status, headers, body = entry
            if status == 200 and "ETag" in headers:
                inm = self.headers.get("If-None-Match")
                ims = self.headers.get("If-Modified-Since")
                if (inm and inm == headers["ETag"]) or (
                        not inm and ims and ims == headers["Last-Modified"]):
                    site.count(path, 304)
                    return self.reply(304, {"ETag": headers["ETag"]}, b"")
            site.count(path, status)
            if path.startswith("/stream"):
                # No Content-Length: the body ends when the connection does.
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    for i in range(0, len(body), 65536):
                        self.wfile.write(body[i:i + 65536])
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            self.reply(status, headers, body)

        def reply(self, status, headers, body):
            try:
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

    return Handler


def serve(site, context=None):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_for(site))
    server.daemon_threads = True
    if context:
        server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run(args, env=None, **kw):
    e = dict(os.environ)
    # The site is on 127.0.0.1: no proxy between, no outside trust store.
    for k in ["CURL_CA_BUNDLE", "http_proxy", "https_proxy", "HTTPS_PROXY", "all_proxy",
              "ALL_PROXY"]:
        e.pop(k, None)
    e.update(env or {})
    return subprocess.run([ALOUD] + args, capture_output=True, text=True, env=e, timeout=300,
                          **kw)


def files_with_times(web):
    out = {}
    for name in sorted(os.listdir(web)):
        path = os.path.join(web, name)
        if os.path.isfile(path) and not name.startswith("."):
            with open(path, "rb") as f:
                out[name] = (f.read(), os.stat(path).st_mtime_ns)
    return out


def leftovers(web):
    """Temporary files a half-finished write would leave."""
    found = []
    for root, _, names in os.walk(web):
        found += [n for n in names if ".tmp-" in n]
    return found


class FetchTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.site = Site()
        cls.server = serve(cls.site)
        cls.base = f"http://127.0.0.1:{cls.server.server_address[1]}"
        cls.build_site(cls.site, cls.base)

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        cls.tmp.cleanup()

    @staticmethod
    def build_site(site, base):
        site.raw("/robots.txt", 200, {"Content-Type": "text/plain"},
                 b"# test site\nUser-agent: *\nDisallow: /private/\nAllow: /private/ok$\n\n"
                 b"User-agent: someotherbot\nDisallow: /\n")
        site.page("/news/one.html", article("The library opens", long_text(3)))
        site.page("/news/three", article("Bus routes change", long_text(2), date="2026-02-20"))
        site.page("/news/four/", article("A new park", long_text(2), date="2026-02-10"))
        site.page("/private/secret.html", article("Secret", long_text(1)))
        site.page("/private/ok", article("Allowed after all", long_text(1), date="2026-01-05"))
        site.page("/tag/news", article("Tag page", ["A list of links."]))
        whole = "".join(f"<p>{p}</p>" for p in long_text(4))
        rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>News</title><link>{base}/</link><language>en-gb</language>
<item><title>The library opens</title><link>{base}/news/one.html</link>
  <description>The library opens in the spring.</description>
  <content:encoded><![CDATA[<p>The library opens in the spring.</p>]]></content:encoded>
  <pubDate>Sun, 01 Mar 2026 09:00:00 GMT</pubDate><dc:creator>Dana Whitfield</dc:creator></item>
<item><title>Whole &amp; in the feed</title><link>/news/two</link>
  <description>A short summary.</description>
  <content:encoded><![CDATA[{whole}]]></content:encoded>
  <pubDate>Sat, 28 Feb 2026 09:00:00 +0000</pubDate><author>ed@example.org (Eve Marlow)</author></item>
<item><title>Secret</title><link>{base}/private/secret.html</link>
  <pubDate>Fri, 27 Feb 2026 09:00:00 GMT</pubDate></item>
<item><title>Tag page</title><link>{base}/tag/news</link></item>
</channel></rss>
"""
        site.page("/feed.xml", rss.encode(), "application/rss+xml")
        atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/news/">
<title>News</title><id>urn:x</id><updated>2026-03-01T09:00:00Z</updated>
<author><name>Desk</name></author>
<entry><title>Bus routes change</title><id>urn:3</id><link rel="alternate" href="three"/>
  <updated>2026-02-20T09:00:00Z</updated><summary>Buses.</summary></entry>
<entry><title>Allowed after all</title><id>urn:ok</id><link href="{base}/private/ok"/>
  <updated>2026-01-05T09:00:00Z</updated></entry>
</feed>
"""
        site.page("/atom.xml", atom.encode(), "application/atom+xml")
        sitemap_a = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/four/</loc><lastmod>2026-02-10</lastmod></url>
<url><loc>{base}/news/one.html</loc><lastmod>2026-03-01T09:00:00+00:00</lastmod></url>
</urlset>
"""
        site.page("/sitemap-a.xml", sitemap_a.encode(), "application/xml")
        site.page("/sitemap-b.xml.gz", gzip.compress(
            f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/news/three</loc></url>
</urlset>""".encode(), mtime=0), "application/gzip")
        index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{base}/sitemap-a.xml</loc></sitemap>
<sitemap><loc>{base}/sitemap-b.xml.gz</loc></sitemap>
</sitemapindex>
"""
        site.page("/sitemap-index.xml", index.encode(), "application/xml")
        # Trouble.
        site.raw("/gone-410", 410, {"Content-Type": "text/html"}, b"gone")
        site.raw("/broken", 500, {"Content-Type": "text/html"}, b"oops")
        site.page("/slow", article("Slow", ["Too slow."]))
        site.page("/empty", b"")
        site.page("/image.png", b"\x89PNG\r\n\x1a\n" + bytes(2000), "image/png")
        site.page("/huge", article("Huge", ["x" * 200000]))
        site.page("/stream-huge", article("Huge", ["y" * 200000]))
        site.raw("/loop-a", 302, {"Location": f"{base}/loop-b"})
        site.raw("/loop-b", 302, {"Location": "/loop-a"})
        for i in range(1, 8):
            site.raw(f"/chain/{i}", 301, {"Location": f"/chain/{i + 1}"})
        site.raw("/old-address", 301, {"Location": "/news/three"})

    def make_site(self, sources, extra_files=None):
        d = tempfile.mkdtemp(dir=self.tmp.name)
        os.makedirs(os.path.join(d, "content"))
        with open(os.path.join(d, "content", "podcast.ini"), "w") as f:
            f.write(PODCAST_INI + "\n[sources]\n" + sources)
        for name, text in (extra_files or {}).items():
            with open(os.path.join(d, "content", name), "w") as f:
                f.write(text)
        return d

    def sources(self, d):
        with open(os.path.join(d, "content", "web", ".sources.json")) as f:
            return json.load(f)

    def test_feeds_sitemaps_and_second_run(self):
        b = self.base
        d = self.make_site(f"feed = {b}/feed.xml\nfeed = {b}/atom.xml\n"
                           f"sitemap = {b}/sitemap-index.xml\nexclude = */tag/*\n"
                           "host_delay = 0\n")
        self.site.reset_counts()
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        web = os.path.join(d, "content", "web")
        files = files_with_times(web)
        self.assertEqual(sorted(files), ["news-four.html", "news-one.html", "news-three.html",
                                         "news-two.html", "private-ok.html"])
        pages = self.sources(d)
        self.assertEqual(pages["version"], 1)
        urls = {f: p["url"] for f, p in pages["pages"].items()}
        self.assertEqual(urls["news-one.html"], f"{b}/news/one.html")
        self.assertEqual(urls["news-two.html"], f"{b}/news/two")
        self.assertEqual(urls["news-three.html"], f"{b}/news/three")
        for f, p in pages["pages"].items():
            self.assertEqual(set(p), {"url", "etag", "last_modified", "fetched", "gone"})
            self.assertFalse(p["gone"])
            self.assertRegex(p["fetched"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        self.assertEqual(pages["pages"]["news-one.html"]["etag"], '"/news/one.html-v1"')
        # Pages are stored as served; the whole article came from the feed.
        self.assertEqual(files["news-one.html"][0], self.site.pages["/news/one.html"][2])
        two = files["news-two.html"][0].decode()
        self.assertIn("<title>Whole &amp; in the feed</title>", two)
        self.assertIn('content="Eve Marlow"', two)
        self.assertIn("2026-02-28T09:00:00Z", two)
        self.assertIn("Paragraph 4.", two)
        self.assertEqual(self.site.got("/news/two", "requests"), 0)
        # robots.txt: fetched once, the disallowed page never requested and
        # said so; the excluded one not requested at all.
        self.assertEqual(self.site.got("/robots.txt", "requests"), 1)
        self.assertEqual(self.site.got("/private/secret.html", "requests"), 0)
        self.assertIn(f"aloud: fetch: {b}/private/secret.html: disallowed by robots.txt",
                      r.stderr)
        self.assertEqual(self.site.got("/tag/news", "requests"), 0)
        self.assertIn("1 disallowed by robots.txt", r.stdout)
        self.assertRegex(r.stdout, r"6 pages: 5 new, 0 updated, 0 unchanged, 0 failed")
        # The fetched pages read as articles.
        ex = run(["extract", "--format", "json", os.path.join(web, "news-two.html")])
        self.assertEqual(ex.returncode, 0, ex.stderr)
        got = json.loads(ex.stdout)
        self.assertEqual(got["title"], "Whole & in the feed")
        self.assertIn("Eve Marlow", got["authors"])

        # Again: nothing downloaded, nothing rewritten.
        self.site.reset_counts()
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        for path in ["/news/one.html", "/news/three", "/news/four/", "/private/ok"]:
            self.assertEqual(self.site.got(path, 200), 0, path)
        for path in ["/feed.xml", "/atom.xml", "/sitemap-index.xml", "/sitemap-a.xml"]:
            self.assertEqual(self.site.got(path, 200), 0, path)
            self.assertEqual(self.site.got(path, 304), 1, path)
        # news/four's sitemap lastmod is older than the copy: not even asked.
        self.assertEqual(self.site.got("/news/four/", "requests"), 0)
        self.assertEqual(files_with_times(web), files)
        self.assertRegex(r.stdout, r"6 pages: 0 new, 0 updated, 5 unchanged, 0 failed")
        with open(os.path.join(web, ".sources.json")) as f:
            before = f.read()

        # An upstream edit: that file alone changes.
        self.site.page("/news/three", article("Bus routes change", long_text(3)))
        self.site.reset_counts()
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        after = files_with_times(web)
        changed = [f for f in after if after[f] != files[f]]
        self.assertEqual(changed, ["news-three.html"])
        self.assertEqual(after["news-three.html"][0], self.site.pages["/news/three"][2])
        self.assertIn("news-three.html: updated", r.stdout)
        self.assertRegex(r.stdout, r"1 updated")
        with open(os.path.join(web, ".sources.json")) as f:
            self.assertNotEqual(before, f.read())
        self.assertEqual(leftovers(web), [])

    def test_bad_responses(self):
        b = self.base
        d = self.make_site("host_delay = 0\ntimeout = 1\nmax_bytes = 64K\n")
        urls = ["/news/one.html", "/missing", "/gone-410", "/broken", "/slow", "/image.png",
                "/huge", "/stream-huge", "/loop-a", "/chain/1", "/old-address", "/empty"]
        r = run(["fetch", "-C", d] + [b + u for u in urls])
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        err = r.stderr
        expected = {
            "/missing": "404 Not Found",
            "/gone-410": "410 Gone",
            "/broken": "500 Internal Server Error",
            "/slow": "timed out after 1 s",
            "/image.png": "not an HTML page (image/png)",
            "/huge": "larger than 64 KB",
            "/stream-huge": "larger than 64 KB",
            "/loop-a": "redirect loop",
            "/chain/1": "more than 5 redirects",
            "/empty": "an empty page",
        }
        for path, msg in expected.items():
            self.assertIn(f"aloud: fetch: {b}{path}: {msg}\n", err)
        self.assertEqual(len(err.strip().splitlines()), len(expected), err)
        web = os.path.join(d, "content", "web")
        self.assertEqual(sorted(files_with_times(web)), ["news-one.html", "old-address.html"])
        pages = self.sources(d)["pages"]
        self.assertEqual(pages["old-address.html"]["url"], f"{b}/old-address")
        with open(os.path.join(web, "old-address.html"), "rb") as f:
            self.assertEqual(f.read(), self.site.pages["/news/three"][2])
        self.assertEqual(leftovers(web), [])
        self.assertRegex(r.stdout, r"12 pages: 2 new, 0 updated, 0 unchanged, 10 failed")

    def test_gone_and_prune(self):
        b = self.base
        for path in ["/g/a", "/g/b", "/g/c"]:
            self.site.page(path, article(f"Page {path}", long_text(1)))
        urls = f"{b}/g/a\n# a comment\n{b}/g/b\n{b}/g/c\n"
        d = self.make_site("urls = urls.txt\nhost_delay = 0\n", {"urls.txt": urls})
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        web = os.path.join(d, "content", "web")
        self.assertEqual(sorted(files_with_times(web)), ["g-a.html", "g-b.html", "g-c.html"])
        # b answers 404 now; c is no longer listed.
        self.site.raw("/g/b", 404, {"Content-Type": "text/html"}, b"no")
        with open(os.path.join(d, "content", "urls.txt"), "w") as f:
            f.write(f"{b}/g/a\n{b}/g/b\n")
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr, f"aloud: fetch: {b}/g/b: 404 Not Found\n")
        self.assertEqual(sorted(files_with_times(web)), ["g-a.html", "g-b.html", "g-c.html"])
        pages = self.sources(d)["pages"]
        self.assertEqual({f: p["gone"] for f, p in pages.items()},
                         {"g-a.html": False, "g-b.html": True, "g-c.html": True})
        self.assertIn("2 gone", r.stdout)
        # With prune, the gone pages lose their files.
        with open(os.path.join(d, "content", "podcast.ini"), "a") as f:
            f.write("prune = true\n")
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 1)
        self.assertEqual(sorted(files_with_times(web)), ["g-a.html"])
        self.assertEqual(sorted(self.sources(d)["pages"]), ["g-a.html"])
        # A page that comes back is fetched again.
        self.site.page("/g/b", article("Page b again", long_text(1)))
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(files_with_times(web)), ["g-a.html", "g-b.html"])

    def test_limit_and_include(self):
        b = self.base
        d = self.make_site(f"feed = {b}/feed.xml\nfeed = {b}/atom.xml\n"
                           f"include = {b}/news/*\nlimit = 2\nhost_delay = 0\n")
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        # The newest two news articles: one (1 March) and two (28 February).
        self.assertEqual(sorted(files_with_times(os.path.join(d, "content", "web"))),
                         ["news-one.html", "news-two.html"])

    def test_host_delay(self):
        # Requests to one host start host_delay apart (a lower bound only:
        # a loaded machine can only make the gaps longer).
        b = self.base
        for i in range(4):
            self.site.page(f"/delay/{i}", article(f"Delay {i}", long_text(1)))
        d = self.make_site("host_delay = 0.3\n")
        with self.site.lock:
            self.site.arrivals = []
        r = run(["fetch", "-C", d] + [f"{b}/delay/{i}" for i in range(4)])
        self.assertEqual(r.returncode, 0, r.stderr)
        with self.site.lock:
            times = [t for p, t in self.site.arrivals if p.startswith("/delay/")]
        self.assertEqual(len(times), 4)
        gaps = [y - x for x, y in zip(times, times[1:])]
        self.assertTrue(all(g >= 0.25 for g in gaps), gaps)

    def test_same_slug_gets_unique_stable_names(self):
        b = self.base
        self.site.page("/dup/a-b", article("First", long_text(1)))
        self.site.page("/dup/a/b", article("Second", long_text(1)))
        d = self.make_site("urls = urls.txt\nhost_delay = 0\n",
                           {"urls.txt": f"{b}/dup/a-b\n{b}/dup/a/b\n"})
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        pages = self.sources(d)["pages"]
        self.assertEqual(pages["dup-a-b.html"]["url"], f"{b}/dup/a-b")
        other = [f for f in pages if f != "dup-a-b.html"]
        self.assertEqual(len(other), 1)
        self.assertRegex(other[0], r"^dup-a-b-[0-9a-f]{8}\.html$")
        # The order of the list does not move names once given.
        with open(os.path.join(d, "content", "urls.txt"), "w") as f:
            f.write(f"{b}/dup/a/b\n{b}/dup/a-b\n")
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(self.sources(d)["pages"], pages | {})
        self.assertEqual(self.sources(d)["pages"].keys(), pages.keys())

    def test_settings_errors(self):
        cases = [
            ("feed = not a url\n", r"podcast\.ini:\d+: feed: must be an absolute http\(s\) URL"),
            ("colour = blue\n", r"podcast\.ini:\d+: unknown key 'colour' in \[sources\]"),
            ("limit = many\n", r"podcast\.ini:\d+: limit: expected a number"),
            ("urls = ../urls.txt\n", r"podcast\.ini:\d+: urls: '\.\./urls\.txt' is not a file"),
            ("prune = maybe\n", r"podcast\.ini:\d+: prune: expected true or false"),
            ("urls = missing.txt\n", r"podcast\.ini:\d+: urls: .*missing\.txt"),
            ("", r"\[sources\] names no feed, sitemap or urls file"),
        ]
        for text, pattern in cases:
            d = self.make_site(text)
            r = run(["fetch", "-C", d])
            self.assertEqual(r.returncode, 2, text + r.stderr)
            self.assertRegex(r.stderr, pattern)
            self.assertEqual(len(r.stderr.splitlines()), 1, r.stderr)
        d = self.make_site("urls = list.txt\n", {"list.txt": "https://example.org/a\nftp://x/y\n"})
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 2)
        self.assertRegex(r.stderr, r"list\.txt:2: not an absolute http\(s\) URL: 'ftp://x/y'")
        r = run(["fetch", "-C", d, "notaurl"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("'notaurl' is not an absolute http(s) URL", r.stderr)
        # `aloud build` reads [sources] without complaint.
        d = self.make_site(f"feed = {self.base}/feed.xml\nlimit = 3\n")
        self.assertNotIn("sources", run(["build", "-C", d, "--quiet"]).stderr)

    def test_unreachable_robots_forbids(self):
        site = Site()
        site.raw("/robots.txt", 503, {"Content-Type": "text/plain"}, b"down")
        site.page("/a", article("A", long_text(1)))
        server = serve(site)
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/a"
            d = self.make_site("host_delay = 0\n")
            r = run(["fetch", "-C", d, url])
            self.assertEqual(r.returncode, 1)
            self.assertIn(f"{url}: not fetched: the site's robots.txt cannot be read "
                          "(503 Service Unavailable)", r.stderr)
            self.assertEqual(site.got("/a", "requests"), 0)
            # A missing robots.txt (404) allows everything, and so does one
            # behind a redirect loop (RFC 9309 2.3.1.2).
            site.raw("/robots.txt", 404)
            r = run(["fetch", "-C", d, url])
            self.assertEqual(r.returncode, 0, r.stderr)
            site.raw("/robots.txt", 302, {"Location": "/robots-moved.txt"})
            site.raw("/robots-moved.txt", 302, {"Location": "/robots.txt"})
            r = run(["fetch", "-C", d, url])
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(site.got("/robots-moved.txt", "requests"), 1)
        finally:
            server.shutdown()
            server.server_close()

    def test_tls(self):
        if not shutil.which("openssl"):
            self.skipTest("openssl is not installed")
        key = os.path.join(self.tmp.name, "key.pem")
        cert = os.path.join(self.tmp.name, "cert.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                        "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                        "-keyout", key, "-out", cert], check=True, capture_output=True)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        site = Site()
        site.page("/secure/story", article("Secure story", long_text(2)))
        server = serve(site, context)
        try:
            url = f"https://127.0.0.1:{server.server_address[1]}/secure/story"
            d = self.make_site("host_delay = 0\n")
            r = run(["fetch", "-C", d, url])
            self.assertEqual(r.returncode, 1)
            self.assertRegex(r.stderr, rf"^aloud: fetch: {re.escape(url)}: certificate not "
                                       r"trusted: .+\n$")
            self.assertFalse(os.path.exists(os.path.join(d, "content", "web", "secure-story.html")))
            # Trusted through CURL_CA_BUNDLE, as curl(1) does.
            r = run(["fetch", "-C", d, url], env={"CURL_CA_BUNDLE": cert})
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertTrue(os.path.exists(os.path.join(d, "content", "web", "secure-story.html")))
        finally:
            server.shutdown()
            server.server_close()

    def test_pinned_quiet_charset_and_lock(self):
        b = self.base
        self.site.page("/pin/listed", article("Listed", long_text(1)))
        self.site.page("/pin/named", article("Named", long_text(1)))
        latin1 = ("<html><head><title>Caf\u00e9 cr\u00e8me</title></head><body><article>"
                  "<h1>Caf\u00e9 cr\u00e8me</h1><p>" + WORDS + " D\u00e9j\u00e0 vu.</p>"
                  "</article></body></html>").encode("latin-1")
        self.site.page("/pin/latin1", latin1, "text/html; charset=ISO-8859-1")
        d = self.make_site("urls = urls.txt\nhost_delay = 0\n", {"urls.txt": f"{b}/pin/listed\n"})
        # Pages named on the command line: fetched alone, --quiet says nothing.
        r = run(["fetch", "-C", d, "--quiet", f"{b}/pin/named", f"{b}/pin/latin1"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        web = os.path.join(d, "content", "web")
        self.assertEqual(sorted(files_with_times(web)), ["pin-latin1.html", "pin-named.html"])
        # The header's character set is kept in the file.
        with open(os.path.join(web, "pin-latin1.html"), "rb") as f:
            stored = f.read()
        self.assertEqual(stored, b'<meta charset="ISO-8859-1">\n' + latin1)
        ex = run(["extract", "--format", "json", os.path.join(web, "pin-latin1.html")])
        self.assertEqual(json.loads(ex.stdout)["title"], "Caf\u00e9 cr\u00e8me")
        # A full run keeps them up to date and never counts them dropped.
        self.site.reset_counts()
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sorted(files_with_times(web)),
                         ["pin-latin1.html", "pin-listed.html", "pin-named.html"])
        self.assertFalse(any(p["gone"] for p in self.sources(d)["pages"].values()))
        self.assertEqual(self.site.got("/pin/named", 304), 1)
        # Every request named aloud and its version.
        self.assertTrue(all(a and re.match(r"aloud/\d+\.\d+\.\d+ ", a) for a in self.site.agents),
                        self.site.agents)
        # One run at a time.
        with open(os.path.join(web, ".lock"), "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 1)
        self.assertIn("another aloud fetch is writing here", r.stderr)

    def test_corpus_pages(self):
        pages = sorted(glob.glob(os.path.join(CORPUS, "*", "source.html")))[:4]
        if not pages:
            self.skipTest(f"no corpus at {CORPUS} (../shared beside the clone)")
        lines = []
        for i, p in enumerate(pages):
            with open(p, "rb") as f:
                self.site.page(f"/corpus/{i}/article.html", f.read())
            lines.append(f"<url><loc>{self.base}/corpus/{i}/article.html</loc>"
                         f"<lastmod>2026-01-0{i + 1}</lastmod></url>")
        self.site.page("/corpus-sitemap.xml", (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            + "".join(lines) + "</urlset>").encode(), "text/xml")
        d = self.make_site(f"sitemap = {self.base}/corpus-sitemap.xml\nhost_delay = 0\n")
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        web = os.path.join(d, "content", "web")
        for i, p in enumerate(pages):
            name = f"corpus-{i}-article.html"
            with open(p, "rb") as f, open(os.path.join(web, name), "rb") as g:
                self.assertEqual(f.read(), g.read(), name)
            ex = run(["extract", os.path.join(web, name)])
            self.assertEqual(ex.returncode, 0, ex.stderr)
        self.site.reset_counts()
        r = run(["fetch", "-C", d])
        for i in range(len(pages)):
            self.assertEqual(self.site.got(f"/corpus/{i}/article.html", "requests"), 0)

    def test_then_build(self):
        b = self.base
        self.site.page("/build/first", article("The first fetched story",
                                               ["A short story, fetched from the web.",
                                                "It has two paragraphs."]))
        self.site.page("/build/second", article("The second fetched story",
                                                ["Another short one."], date="2026-02-01"))
        # An article of the site's own beside the fetched ones.
        d = self.make_site("urls = urls.txt\nhost_delay = 0\n",
                           {"urls.txt": f"{b}/build/first\n{b}/build/second\n",
                            "own.md": "---\ntitle: Our own note\ndate: 2026-01-01\n---\n\n"
                                      "A note written here.\n"})
        r = run(["fetch", "-C", d])
        self.assertEqual(r.returncode, 0, r.stderr)
        r = run(["build", "-C", d, "-j", "2"])
        self.assertEqual(r.returncode, 0, r.stderr)
        m = re.search(r"(\d+) articles:", r.stdout)
        if m and int(m.group(1)) == 1:
            # This build does not read content/web/ yet: the same files as
            # articles of content/ prove they build.
            print("aloud build does not read content/web/ yet; building the fetched files "
                  "from content/", file=sys.stderr)
            web = os.path.join(d, "content", "web")
            for name in os.listdir(web):
                if name.endswith(".html"):
                    shutil.copy(os.path.join(web, name), os.path.join(d, "content", name))
            r = run(["build", "-C", d, "-j", "2"])
            self.assertEqual(r.returncode, 0, r.stderr)
        self.assertRegex(r.stdout, r"3 articles: [23] rendered")
        out = os.path.join(d, "out")
        mp3s = [f for f in os.listdir(out) if f.endswith(".mp3")]
        self.assertEqual(len(mp3s), 3, os.listdir(out))
        with open(os.path.join(out, "feed.xml")) as f:
            feed = f.read()
        self.assertIn("The first fetched story", feed)
        self.assertIn("The second fetched story", feed)


if __name__ == "__main__":
    unittest.main()
