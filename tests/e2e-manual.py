#!/usr/bin/python3
"""What a newcomer reads: the manual page documents every option each
command's --help shows, `aloud help COMMAND` is that --help, the bash
completion offers every option and command, and `meson install` installs
the manual page and the completion.

usage: e2e-manual.py ALOUD BUILD_DIR SOURCE_DIR"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

ALOUD, BUILD, SOURCE = (os.path.abspath(a) for a in sys.argv[1:4])
del sys.argv[1:4]
MANUAL_SOURCE = os.path.join(SOURCE, "docs", "aloud.1.scd")
COMPLETION = os.path.join(SOURCE, "completions", "aloud.bash")


def commands():
    out = subprocess.run([ALOUD, "--help"], capture_output=True, text=True).stdout
    block = out.split("Commands:")[1]
    return re.findall(r"^  (\w+) ", block, re.M)


def help_of(command):
    return subprocess.run([ALOUD, command, "--help"], capture_output=True, text=True).stdout


def options_of(command):
    """Every long option a command's --help names."""
    return sorted(set(re.findall(r"(--[a-z][a-z-]+)", help_of(command))) - {"--help"})


class ManualTest(unittest.TestCase):
    def test_every_option_in_the_manual(self):
        manual = open(MANUAL_SOURCE).read()
        for command in commands():
            section = re.search(r"^\*" + command + r"\*\n(.*?)(?=^\*[a-z]+\*\n|^# )", manual,
                                re.S | re.M)
            self.assertIsNotNone(section, f"the manual has no section for {command}")
            for option in options_of(command):
                self.assertIn("*" + option + "*", section.group(1) + manual.split("# COMMANDS")[0],
                              f"aloud {command} {option} is not in the manual")

    def test_help_command(self):
        for command in commands():
            r = subprocess.run([ALOUD, "help", command], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0)
            self.assertEqual(r.stdout, help_of(command), command)
        r = subprocess.run([ALOUD, "help", "nonsense"], capture_output=True, text=True)
        self.assertEqual(r.returncode, 2)
        self.assertIn("'nonsense' is not a command", r.stderr)

    def complete(self, *words):
        """What bash offers after the words (the last one being typed)."""
        if not os.path.exists("/usr/share/bash-completion/bash_completion"):
            self.skipTest("bash-completion is not installed")
        line = " ".join(f"'{w}'" for w in ("aloud",) + words)
        script = (f"source /usr/share/bash-completion/bash_completion; source '{COMPLETION}'; "
                  f"COMP_WORDS=({line}); COMP_CWORD={len(words)}; "
                  f"COMP_LINE=\"aloud {' '.join(words)}\"; COMP_POINT=${{#COMP_LINE}}; "
                  "_aloud; printf '%s\\n' \"${COMPREPLY[@]}\"")
        r = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
        return set(r.stdout.split())

    def test_completion(self):
        self.assertEqual(subprocess.run(["bash", "-n", COMPLETION]).returncode, 0)
        self.assertEqual(self.complete(""), set(commands()) | {"help", "--help", "--version"})
        for command in commands():
            if command == "help":
                continue
            offered = self.complete(command, "--")
            for option in options_of(command):
                self.assertIn(option, offered, f"aloud {command} {option} is not completed")
        self.assertEqual(self.complete("extract", "--format", ""), {"text", "json"})

    def test_meson_install(self):
        with tempfile.TemporaryDirectory() as dest:
            r = subprocess.run(["meson", "install", "-C", BUILD, "--no-rebuild", "--destdir", dest,
                                "--quiet"], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            found = {os.path.relpath(os.path.join(d, f), dest)
                     for d, _, files in os.walk(dest) for f in files}
            self.assertTrue(any(f.endswith("share/man/man1/aloud.1") for f in found), found)
            self.assertTrue(any(f.endswith("bash-completion/completions/aloud") for f in found))
            self.assertTrue(any(f.endswith("bin/aloud") for f in found))
            if shutil.which("man"):
                page = [f for f in found if f.endswith("man1/aloud.1")][0]
                r = subprocess.run(["man", "-l", os.path.join(dest, page)], capture_output=True,
                                   text=True, env=dict(os.environ, MANPAGER="cat", COLUMNS="80"))
                self.assertIn("EXIT STATUS", r.stdout)


if __name__ == "__main__":
    unittest.main(verbosity=2)
