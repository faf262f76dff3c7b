#!/usr/bin/python3
"""aloud serve through the real binary: byte ranges, HEAD, content types,
and nothing outside out/ (.., encoded .., symbolic links)."""
import http.client
import os
import re
import subprocess
import sys
import tempfile
import unittest

ALOUD = sys.argv.pop(1) if len(sys.argv) > 1 else "aloud"


class ServeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        root = cls.tmp.name
        out = os.path.join(root, "out")
        os.makedirs(os.path.join(out, "episodes"))
        cls.audio = bytes(range(256)) * 40  # 10240 bytes
        with open(os.path.join(out, "episode.abc123.mp3"), "wb") as f:
            f.write(cls.audio)
        for name, text in [("feed.xml", "<rss/>"), ("index.html", "<!DOCTYPE html><title>i</title>"),
                           ("t.vtt", "WEBVTT\n"), ("c.json", "{}"),
                           ("episodes/index.html", "<!DOCTYPE html><title>e</title>")]:
            with open(os.path.join(out, name), "w") as f:
                f.write(text)
        with open(os.path.join(root, "secret.txt"), "w") as f:
            f.write("not for the network")
        os.symlink(os.path.join(root, "secret.txt"), os.path.join(out, "leak.txt"))
        cls.proc = subprocess.Popen([ALOUD, "serve", "-C", root, "--port", "0"],
                                    stdout=subprocess.PIPE, text=True)
        line = cls.proc.stdout.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert m, f"no address in {line!r}"
        cls.port = int(m.group(1))

    @classmethod
    def tearDownClass(cls):
        cls.proc.terminate()
        cls.proc.wait(timeout=10)
        cls.tmp.cleanup()

    def request(self, method, path, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        conn.putrequest(method, path, skip_accept_encoding=True)
        for k, v in (headers or {}).items():
            conn.putheader(k, v)
        conn.endheaders()
        r = conn.getresponse()
        body = r.read()
        conn.close()
        return r, body

    def test_whole_file(self):
        r, body = self.request("GET", "/episode.abc123.mp3")
        self.assertEqual(r.status, 200)
        self.assertEqual(body, self.audio)
        self.assertEqual(r.getheader("Content-Type"), "audio/mpeg")
        self.assertEqual(r.getheader("Accept-Ranges"), "bytes")

    def test_byte_range(self):
        r, body = self.request("GET", "/episode.abc123.mp3", {"Range": "bytes=100-299"})
        self.assertEqual(r.status, 206)
        self.assertEqual(body, self.audio[100:300])
        self.assertEqual(r.getheader("Content-Range"), f"bytes 100-299/{len(self.audio)}")

    def test_open_and_suffix_ranges(self):
        r, body = self.request("GET", "/episode.abc123.mp3", {"Range": "bytes=10000-"})
        self.assertEqual(r.status, 206)
        self.assertEqual(body, self.audio[10000:])
        r, body = self.request("GET", "/episode.abc123.mp3", {"Range": "bytes=-2"})
        self.assertEqual(r.status, 206)
        self.assertEqual(body, self.audio[-2:])

    def test_unsatisfiable_range(self):
        r, _ = self.request("GET", "/episode.abc123.mp3", {"Range": "bytes=99999-"})
        self.assertEqual(r.status, 416)
        self.assertEqual(r.getheader("Content-Range"), f"bytes */{len(self.audio)}")

    def test_head(self):
        r, body = self.request("HEAD", "/episode.abc123.mp3")
        self.assertEqual(r.status, 200)
        self.assertEqual(body, b"")
        self.assertEqual(int(r.getheader("Content-Length")), len(self.audio))

    def test_content_types(self):
        for path, ctype in [("/feed.xml", "application/rss+xml"), ("/t.vtt", "text/vtt"),
                            ("/c.json", "application/json"), ("/", "text/html"),
                            ("/episodes/", "text/html")]:
            r, _ = self.request("GET", path)
            self.assertEqual(r.status, 200, path)
            self.assertTrue(r.getheader("Content-Type").startswith(ctype), path)

    def test_nothing_outside_out(self):
        for path in ["/../secret.txt", "/%2e%2e/secret.txt", "/episodes/../../secret.txt",
                     "/leak.txt", "/..%2fsecret.txt"]:
            r, body = self.request("GET", path)
            self.assertEqual(r.status, 404, path)
            self.assertNotIn(b"not for the network", body)

    def test_post_refused(self):
        r, _ = self.request("POST", "/feed.xml")
        self.assertEqual(r.status, 405)


if __name__ == "__main__":
    unittest.main(verbosity=2)
