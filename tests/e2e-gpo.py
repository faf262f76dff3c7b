#!/usr/bin/python3
"""A real podcast client: gPodder's gpo command subscribes to the feed that
`aloud serve` serves and downloads an episode, whose bytes must equal the
file in out/."""
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GpodderTest(unittest.TestCase):
    def test_subscribe_and_download(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        site = os.path.join(tmp.name, "site")
        os.makedirs(os.path.join(site, "content"))
        port = free_port()
        with open(os.path.join(site, "content", "podcast.ini"), "w") as f:
            f.write(f"""[podcast]
title = Gpodder Test Show
description = For gPodder.
author = Tester
language = en-GB
base_url = http://127.0.0.1:{port}/
category = News
explicit = false
""")
        with open(os.path.join(site, "content", "one.md"), "w") as f:
            f.write("---\ntitle: One episode\ndate: 2026-02-02\n---\n\nA short episode for gPodder.\n")
        r = subprocess.run([ALOUD, "build", "-C", site, "-j", "1"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        server = subprocess.Popen([ALOUD, "serve", "-C", site, "--port", str(port)],
                                  stdout=subprocess.DEVNULL)
        self.addCleanup(server.kill)
        time.sleep(0.5)
        home = os.path.join(tmp.name, "home")
        downloads = os.path.join(tmp.name, "downloads")
        env = dict(os.environ, HOME=home, GPODDER_HOME=os.path.join(home, "gpodder"),
                   GPODDER_DOWNLOAD_DIR=downloads)
        feed = f"http://127.0.0.1:{port}/feed.xml"
        for cmd in (["subscribe", feed], ["update"], ["download"]):
            r = subprocess.run(["gpo"] + cmd, capture_output=True, text=True, env=env,
                               timeout=120, stdin=subprocess.DEVNULL)
            self.assertEqual(r.returncode, 0, f"gpo {cmd}: {r.stdout}{r.stderr}")
        got = glob.glob(os.path.join(downloads, "**", "*.mp3"), recursive=True)
        self.assertEqual(len(got), 1, f"downloaded: {os.listdir(downloads) if os.path.isdir(downloads) else None}")
        want = glob.glob(os.path.join(site, "out", "one.*.mp3"))
        with open(got[0], "rb") as a, open(want[0], "rb") as b:
            self.assertEqual(a.read(), b.read())


if __name__ == "__main__":
    unittest.main(verbosity=2)
