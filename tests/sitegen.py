"""A generated site for the scale-out tests (e2e-slurm.py, e2e-parallel.py):
a dozen short Markdown articles, the plain single-machine build the sharded
builds are held against, and the published files of a build, byte for byte."""
import os
import shutil
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE_ROOT = os.path.dirname(HERE)
EXAMPLES = os.path.join(SOURCE_ROOT, "examples")

INI = """[podcast]
title = Shared Show
description = Built on many machines at once.
author = Tester
language = en-GB
base_url = https://audio.example.org/
category = News
explicit = false
artwork = artwork.png
"""


def article(i):
    return (f"---\ntitle: Article {i}\ndate: 2026-02-{i + 1:02d}\n---\n\n"
            f"Article {i} opens with a short paragraph.\n\n"
            f"## Then\n\nIts second part says a little more about number {i}.\n")


def make_site(root, n=12):
    """n articles in root/content, with podcast.ini and the artwork."""
    os.makedirs(os.path.join(root, "content"))
    with open(os.path.join(root, "content", "podcast.ini"), "w") as f:
        f.write(INI)
    shutil.copy(os.path.join(SOURCE_ROOT, "content", "artwork.png"),
                os.path.join(root, "content", "artwork.png"))
    for i in range(n):
        with open(os.path.join(root, "content", f"a{i:02d}.md"), "w") as f:
            f.write(article(i))


def plain_build(aloud, root):
    """The single-machine build: starts at once, returns the running process
    (the callers go on setting up while it renders)."""
    return subprocess.Popen([aloud, "build", "-C", root, "--quiet"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


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


def differences(a, b):
    """What differs between two published() results, for a failure message."""
    names = sorted(set(a) | set(b))
    return [n for n in names if a.get(n) != b.get(n)]


def processes_in(folder):
    """The processes working in folder or naming it on their command line: what
    a test started there, however indirectly (job steps, ssh sessions)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                cmdline = f.read().decode(errors="replace")
        except OSError:
            continue
        if cwd == folder or cwd.startswith(folder + "/") or folder + "/" in cmdline:
            pids.append(int(entry))
    return pids


def end_processes_in(folder):
    """Ends processes_in(folder) (by their ids), waiting a little for them."""
    import signal
    import time
    for sig in (signal.SIGTERM, signal.SIGKILL):
        pids = processes_in(folder)
        for pid in pids:
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass
        for _ in range(20):
            if not processes_in(folder):
                return
            time.sleep(0.1)
