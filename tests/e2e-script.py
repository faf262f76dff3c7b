#!/usr/bin/python3
"""End-to-end tests of `aloud extract` and `aloud script` on Markdown files,
through the real binary: what a listener would hear of the bundled article,
the JSON forms, error messages and exit statuses.

Usage: e2e-script.py ALOUD_EXE SOURCE_ROOT
"""
import json
import os
import subprocess
import sys
import tempfile

ALOUD = os.path.abspath(sys.argv[1])
ROOT = os.path.abspath(sys.argv[2])
ARTICLE = os.path.join(ROOT, "content", "listening-to-the-news.md")
VOICES = os.path.join(ROOT, "voices")
ESPEAK_DATA = "/usr/lib/x86_64-linux-gnu/espeak-ng-data"

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAILED: " + what, file=sys.stderr)


def run(*args, cwd=None):
    env = dict(os.environ)
    env.pop("ALOUD_VOICES", None)
    return subprocess.run([ALOUD, *args], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=60)


def test_extract_json():
    r = run("extract", "--format", "json", ARTICLE)
    check(r.returncode == 0, "extract exits 0: " + r.stderr)
    art = json.loads(r.stdout)
    check(art["title"].startswith("Listening to the news"), "title from front matter")
    check(art["authors"] == ["Sam Okafor"], "author from front matter")
    check(art["date"] == "2026-03-14", "date from front matter")
    check(art["language"] == "en-GB", "language from front matter")
    check(art["slug"] == "listening-to-the-news", "slug from front matter")
    texts = [b["text"] for b in art["blocks"]]
    body = "\n".join(texts)
    check("Editor's note" not in body, "skipped editor's note absent")
    code = [b for b in art["blocks"] if b["kind"] == "code"]
    check(len(code) == 1 and code[0]["text"] == "aloud build", "code block as code")
    notes = [b for b in art["blocks"] if b["kind"] == "note"]
    check(len(notes) == 1 and art["blocks"][-1] is notes[0] and notes[0]["label"] == "1"
          and notes[0]["text"].startswith("Figures from the RNIB's 2024 survey"),
          "footnote as a note at the end")
    check(any(b.get("cites") == ["1"] for b in art["blocks"]), "the citing block names its note")
    check("https://" not in body, "link URL not read")
    check("accessibility guide" in body, "link text read")
    ordered = [b for b in art["blocks"] if b["kind"] == "list-item" and b.get("ordered")]
    check([b["number"] for b in ordered] == [1, 2, 3], "ordered list numbered 1-3")
    quotes = [b for b in art["blocks"] if b["kind"] == "quote"]
    check(len(quotes) == 1 and quotes[0]["text"].startswith("I don't want a robot"),
          "block quote kept as a quote")
    images = [b for b in art["blocks"] if b["kind"] == "image"]
    check(len(images) == 1 and images[0]["text"].startswith("A listener wearing headphones"),
          "image alt text")
    # The article's first h2 comes after two paragraphs, as written.
    kinds = [b["kind"] for b in art["blocks"]]
    check(kinds[:3] == ["paragraph", "paragraph", "heading"], "block order: " + str(kinds[:3]))


def test_script_text():
    r = run("script", ARTICLE, cwd=ROOT)
    check(r.returncode == 0, "script exits 0: " + r.stderr)
    lines = r.stdout.splitlines()
    check(len(lines) > 10, "script has lines")
    check(all(l.endswith(" ms]") and "  [pause " in l for l in lines),
          "every line ends with its pause cue")
    check(lines[0].startswith("Listening to the news"), "title first")
    check(lines[1].startswith("By Sam Okafor  [pause"), "byline second: " + lines[1])
    check(lines[2].startswith("the fourteenth of March twenty twenty-six  [pause"),
          "date in words third: " + lines[2])
    text = r.stdout
    check("Editor's note" not in text, "skipped note not said")
    # How code and notes are spoken is the script stage's to decide: the
    # markup stage now hands them over (kinds "code" and "note").
    check("one. Hear the article" in text and "three. Headings you can jump" in text,
          "ordered list numbered, the numbers in words")
    check("\nQuote.  [pause" in text and "\nEnd quote.  [pause" in text, "quote announced")
    check("\nImage: A listener wearing headphones at a kitchen table  [pause" in text,
          "image read with its alt text")
    check("U K" in text, "lexicon applied (UK)")
    check(lines[-1].endswith("[pause 1000 ms]"), "end pause last")


def test_script_json():
    r = run("script", "--format", "json", ARTICLE, cwd=ROOT)
    check(r.returncode == 0, "script --format json exits 0")
    segs = json.loads(r.stdout)
    check(isinstance(segs, list) and len(segs) > 10, "JSON array of segments")
    check(all({"kind", "text", "display", "pause_ms"} <= set(s) for s in segs),
          "every segment has kind, text, display, pause_ms")
    check(segs[0]["kind"] == "title" and segs[0].get("chapter") is True, "title segment first")
    heads = [s for s in segs if s["kind"] == "heading"]
    check(len(heads) == 4 and all(s.get("level") == 2 and s.get("chapter") for s in heads),
          "three h2 chapters, and the notes' heading")
    check(heads[-1]["text"] == "Notes" and segs[-1]["kind"] == "note", "the footnote read last")
    uk = [s for s in segs if "U K" in s["text"]]
    check(uk and "UK" in uk[0]["display"] and "U K" not in uk[0]["display"],
          "display text keeps what was written")
    # The segment before a heading pauses at least before_heading (900).
    for i, s in enumerate(segs[1:], 1):
        if s["kind"] == "heading":
            check(segs[i - 1]["pause_ms"] >= 900, "pause before heading")


def test_voices_and_errors():
    r = run("script", "--voice", "fr", ARTICLE, cwd=ROOT)
    check(r.returncode == 0 and "\nPar Sam Okafor" in r.stdout and
          "quatorze mars deux mille vingt-six" in r.stdout,
          "--voice fr speaks the introduction in French")
    r = run("script", "--voice", "xx", ARTICLE, cwd=ROOT)
    check(r.returncode == 2, "unknown voice exits 2")
    check("unknown voice 'xx'; profiles: de, en-gb, en-us, es, fr" in r.stderr,
          "unknown voice lists the profiles: " + r.stderr)
    r = run("script", "--format", "yaml", ARTICLE)
    check(r.returncode == 2, "bad --format exits 2")
    r = run("extract", "--format", "yaml", ARTICLE)
    check(r.returncode == 2, "extract: bad --format exits 2")
    r = run("script", os.path.join(ROOT, "content", "no-such-file.md"))
    check(r.returncode == 1 and "no-such-file.md" in r.stderr, "missing file exits 1")
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.md")
        with open(bad, "w") as f:
            f.write("---\ntitle: ok\nauthor: [a, b\n---\nBody.\n")
        r = run("extract", bad)
        check(r.returncode == 1, "bad front matter exits 1")
        check(bad + ":" in r.stderr and "front matter is not valid YAML" in r.stderr
              and r.stdout == "", "bad front matter: one line naming file and line")
        empty = os.path.join(tmp, "empty.md")
        with open(empty, "w") as f:
            f.write("---\ntitle: Nothing else\n---\n\n<!-- aloud:skip -->\nskipped only\n"
                    "<!-- aloud:end -->\n")
        r = run("script", empty)
        check(r.returncode == 1 and empty + ": " in r.stderr and "no text to read" in r.stderr
              and r.stdout == "", "an article with no body names the file")
        # A broken profile in --voices is a settings error (2) with file:line.
        vdir = os.path.join(tmp, "voices")
        os.mkdir(vdir)
        with open(os.path.join(vdir, "en-gb.ini"), "w") as f:
            f.write("[voice]\nname = Broken\nrate = fast\n")
        r = run("script", "--voices", vdir, ARTICLE)
        check(r.returncode == 2 and "en-gb.ini:3: rate:" in r.stderr,
              "broken profile: " + r.stderr)
        # Bytes that are not UTF-8 and NUL bytes do not stop extraction.
        junk = os.path.join(tmp, "junk.md")
        with open(junk, "wb") as f:
            f.write(b"# Caf\xe9\n\nSome \x00text \xff\xfe here.\n")
        r = run("script", junk)
        check(r.returncode == 0 and "Some text \ufffd\ufffd here." in r.stdout,
              "invalid UTF-8 replaced, NUL dropped")


def test_espeak_voices_installed():
    """Each shipped profile names an eSpeak NG voice this machine has (the
    voice files' names, which espeak_SetVoiceByName matches)."""
    names = set()
    for base in ("voices", "lang"):
        for _, _, files in os.walk(os.path.join(ESPEAK_DATA, base)):
            names.update(f.lower() for f in files)
    if not names:
        print("SKIP: no eSpeak NG data at " + ESPEAK_DATA)
        return
    for name in sorted(os.listdir(VOICES)):
        if not name.endswith(".ini") or name.endswith(".lexicon.ini"):
            continue
        with open(os.path.join(VOICES, name)) as f:
            values = [l.split("=", 1)[1].split(";")[0].strip() for l in f
                      if l.strip().startswith("espeak") and "=" in l]
        check(len(values) == 1 and values[0].lower() in names,
              "%s: eSpeak NG voice %s installed" % (name, values))


test_extract_json()
test_script_text()
test_script_json()
test_voices_and_errors()
test_espeak_voices_installed()
print("%d checks, %d failed" % (checks, failures))
sys.exit(1 if failures else 0)
