#!/usr/bin/python3
"""The editors' loop and scale through the real binary: a one-paragraph edit
re-synthesises one segment and equals a cold build byte for byte; nothing
changed writes nothing; -j 2 equals -j 1; three shards running at the same
time on one cache, then --assemble, equal a plain single-process build."""
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ALOUD = os.path.abspath(sys.argv.pop(1)) if len(sys.argv) > 1 else "aloud"
HERE = os.path.dirname(os.path.abspath(__file__))
ARTWORK = os.path.join(HERE, "..", "content", "artwork.png")

INI = """[podcast]
title = Scale Show
description = Built in pieces.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
artwork = artwork.png
"""


def article(i, edit=""):
    paras = [f"Paragraph {p} of article {i} tells its part of the story{edit if p == 2 else ''}."
             for p in range(5)]
    return (f"---\ntitle: Article {i}\ndate: 2026-01-{i + 1:02d}\n---\n\n" +
            "\n\n".join(paras[:2]) + "\n\n## Later\n\n" + "\n\n".join(paras[2:]) + "\n")


def make_site(root, n=6, edits=None):
    os.makedirs(os.path.join(root, "content"))
    with open(os.path.join(root, "content", "podcast.ini"), "w") as f:
        f.write(INI)
    shutil.copy(ARTWORK, os.path.join(root, "content", "artwork.png"))
    for i in range(n):
        with open(os.path.join(root, "content", f"a{i}.md"), "w") as f:
            f.write(article(i, (edits or {}).get(i, "")))


def build(root, *args):
    r = subprocess.run([ALOUD, "build", "-C", root] + list(args), capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return r.stdout


def published(root):
    """Every file of out/ but aloud's own state, with its bytes."""
    out = os.path.join(root, "out")
    files = {}
    for top, dirs, names in os.walk(out):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(n for n in names if not n.startswith(".")):
            path = os.path.join(top, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, out)] = f.read()
    return files


class ScaleTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def test_one_paragraph_edit(self):
        site = self.path("site")
        make_site(site, n=2)
        build(site, "-j", "1")
        mtimes = {n: os.stat(os.path.join(site, "out", n)).st_mtime_ns
                  for n in os.listdir(os.path.join(site, "out"))}
        # Nothing changed: nothing rendered, nothing written.
        out = build(site, "-j", "1")
        self.assertIn("2 unchanged", out)
        for n, t in mtimes.items():
            self.assertEqual(os.stat(os.path.join(site, "out", n)).st_mtime_ns, t, n)
        with open(os.path.join(site, "content", "a1.md"), "w") as f:
            f.write(article(1, ", and now a little more"))
        out = build(site, "-j", "1")
        self.assertIn("content/a1.md: updated: 1 of ", out)
        # The same bytes as a cold build of the edited site.
        cold = self.path("cold")
        make_site(cold, n=2, edits={1: ", and now a little more"})
        build(cold, "-j", "1")
        self.assertEqual(published(site), published(cold))

    def test_markup_only_change_renders_nothing(self):
        site = self.path("site")
        make_site(site, n=1)
        build(site)
        with open(os.path.join(site, "content", "a0.md"), "a") as f:
            f.write("\n<!-- an editor's comment, not read aloud -->\n")
        self.assertIn("1 unchanged", build(site))

    def test_two_jobs_equal_one(self):
        one, two = self.path("one"), self.path("two")
        make_site(one)
        make_site(two)
        build(one, "-j", "1")
        build(two, "-j", "2")
        self.assertEqual(published(one), published(two))

    def test_three_shards_then_assemble(self):
        plain, sharded = self.path("plain"), self.path("sharded")
        cache = self.path("shared-cache")
        make_site(plain)
        make_site(sharded)
        build(plain, "-j", "1")
        shards = [subprocess.Popen([ALOUD, "build", "-C", sharded, "--shard", f"{k}/3",
                                    "--cache", cache], stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True) for k in range(3)]
        rendered = 0
        for p in shards:
            out, err = p.communicate(timeout=300)
            self.assertEqual(p.returncode, 0, err)
            rendered += int(out.split(": ")[1].split()[0])
        self.assertEqual(rendered, 6)  # every article in exactly one shard
        self.assertFalse(os.path.exists(os.path.join(sharded, "out", "feed.xml")))
        out = build(sharded, "--assemble", "--cache", cache, "-j", "1")
        self.assertIn("6 articles", out)
        self.assertEqual(published(sharded), published(plain))

    def test_quiet_and_plain_lines(self):
        site = self.path("site")
        make_site(site, n=2)
        r = subprocess.run([ALOUD, "build", "-C", site, "--quiet", "-j", "2"],
                           capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))
        # Not a terminal: plain lines, one per article, no cursor tricks.
        with open(os.path.join(site, "content", "a0.md"), "a") as f:
            f.write("\nOne more paragraph.\n")
        out = build(site, "-j", "2")
        self.assertNotIn("\r", out)
        self.assertNotIn("\033", out)
        # The new paragraph, and the one before it, whose pause is no longer
        # the episode's end.
        self.assertIn("content/a0.md: updated: 2 of ", out)
        self.assertIn("content/a1.md: unchanged", out)

    def test_progress_on_a_terminal(self):
        import pty
        site = self.path("site")
        make_site(site, n=3)
        for jobs in ("1", "2"):
            shutil.rmtree(os.path.join(site, "out"), ignore_errors=True)
            pid, fd = pty.fork()
            if pid == 0:
                os.execv(ALOUD, [ALOUD, "build", "-C", site, "-j", jobs])
            chunks = []
            while True:
                try:
                    data = os.read(fd, 4096)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            _, status = os.waitpid(pid, 0)
            self.assertEqual(os.waitstatus_to_exitcode(status), 0)
            out = b"".join(chunks).decode()
            # A progress line that counts articles and minutes of audio and
            # tells the time left, redrawn in place under the article lines.
            self.assertIn("3 of 3 articles", out)
            self.assertRegex(out, r"[0-9.]+ min of audio, about [0-9]+ s left")
            self.assertIn("\r\033[K", out)
            for i in range(3):
                self.assertIn(f"content/a{i}.md: new", out)
            # The last thing written is the summary, on a clean line.
            self.assertTrue(out.rstrip().endswith("0 failed"), out[-200:])

    def test_watch_rebuilds_on_change(self):
        import select
        import time
        site = self.path("site")
        make_site(site, n=1)
        p = subprocess.Popen([ALOUD, "build", "-C", site, "--watch", "-j", "1"],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.addCleanup(p.kill)
        seen = [""]

        def wait_for(text, timeout=120):
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                if text in seen[0]:
                    seen[0] = seen[0].split(text, 1)[1]
                    return
                r, _, _ = select.select([p.stdout], [], [], 1)
                if r:
                    seen[0] += os.read(p.stdout.fileno(), 65536).decode()
            self.fail(f"no {text!r} in {seen[0]!r}")

        wait_for("watching")
        with open(os.path.join(site, "content", "a0.md"), "w") as f:
            f.write(article(0, ", edited while watched"))
        wait_for("content/a0.md: updated: 1 of ")
        p.terminate()
        p.wait(timeout=10)

    def test_bad_shard_is_a_usage_error(self):
        r = subprocess.run([ALOUD, "build", "--shard", "3/3", "--cache", self.path("c")],
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("--shard", r.stderr)


if __name__ == "__main__":
    unittest.main(verbosity=2)
