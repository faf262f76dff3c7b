#!/usr/bin/python3
"""Talking books through the real binary (docs/talking-books.md): EPUB 3
with Media Overlays and DAISY 2.02 filesets made by `aloud say` and by
`aloud build` from varied articles (lists, tables, quotes, notes, many
heading levels, French and Spanish), some of them held out
(tests/data/books/heldout/: never tuned on). Checked with the standard
library's zipfile and xml.etree and mutagen for the MP3's duration:

- the OCF zip: mimetype first, stored, without extra fields;
- the overlay's clips: in order, not overlapping, covering the audio from
  its start to its end within 50 ms, each pointing at a sentence id that
  exists; media:duration equal to the audio's length;
- the DAISY fileset: ncc.html and content.html valid XHTML 1.0, the SMIL
  files valid SMIL 1.0 (xmllint with w3c-sgml-lib's DTDs); ncc.html with
  the required metadata, every heading of
  the article at a level that skips none, each linked to a par that exists;
  SMIL clips within the MP3's duration and pointing at existing ids;
- aloud build: books in out/, linked from the pages, kept when a rebuild of
  their article fails, removed when switched off, made again (without
  rendering) when switched on.

With --epubcheck, EPUBCheck (java -jar /usr/share/java/epubcheck.jar) must
report 0 errors and 0 warnings on every EPUB; without java or EPUBCheck
that test is skipped (exit 77).

usage: e2e-books.py [--epubcheck] ALOUD_EXE SOURCE_ROOT
"""
import glob
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile

from mutagen.mp3 import MP3

EPUBCHECK = "--epubcheck" in sys.argv
args = [a for a in sys.argv[1:] if a != "--epubcheck"]
ALOUD, ROOT = os.path.abspath(args[0]), os.path.abspath(args[1])
DATA = os.path.join(ROOT, "tests", "data", "books")
EPUBCHECK_JAR = "/usr/share/java/epubcheck.jar"
TOLERANCE_S = 0.050

XHTML = "{http://www.w3.org/1999/xhtml}"
SMIL3 = "{http://www.w3.org/ns/SMIL}"
OPF = "{http://www.idpf.org/2007/opf}"

failures = 0
checks = 0


def check(cond, what):
    global failures, checks
    checks += 1
    if not cond:
        failures += 1
        print("FAIL:", what)
    return cond


def articles():
    tuned = sorted(glob.glob(os.path.join(DATA, "*.md")) + glob.glob(os.path.join(DATA, "*.html")))
    held = sorted(glob.glob(os.path.join(DATA, "heldout", "*")))
    return tuned + held


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def clock(value):
    """Seconds of a SMIL clock value: H:MM:SS.mmm, MM:SS.mmm, N.NNNs or npt=N.NNNs."""
    v = value.removeprefix("npt=")
    if v.endswith("s") and ":" not in v:
        return float(v[:-1])
    parts = [float(p) for p in v.split(":")]
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


def mp3_seconds(data):
    return MP3(io.BytesIO(data)).info.length


def article_headings(path):
    """The article's headings as extracted (text, level)."""
    r = run([ALOUD, "extract", "--format", "json", path])
    blocks = json.loads(r.stdout)["blocks"]
    return [" ".join(b["text"].split()) for b in blocks if b["kind"] == "heading"]


def text_of(el):
    return " ".join("".join(el.itertext()).split())


def check_clips(name, clips, ids, duration):
    """clips: (begin, end, target id) in document order."""
    check(len(clips) > 0, f"{name}: no clips")
    if not clips:
        return
    check(clips[0][0] <= TOLERANCE_S, f"{name}: the first clip starts at {clips[0][0]}")
    check(abs(clips[-1][1] - duration) <= TOLERANCE_S,
          f"{name}: the last clip ends at {clips[-1][1]}, the audio at {duration:.3f}")
    for i, (b, e, target) in enumerate(clips):
        check(e > b, f"{name}: clip {i} is empty or reversed ({b}, {e})")
        check(e <= duration + 0.001, f"{name}: clip {i} ends at {e}, after the audio ({duration:.3f})")
        check(target in ids, f"{name}: clip {i} points at #{target}, which does not exist")
        if i:
            prev_end = clips[i - 1][1]
            check(b >= prev_end - 0.0005, f"{name}: clip {i} overlaps the one before")
            check(b - prev_end <= TOLERANCE_S, f"{name}: a gap of {b - prev_end:.3f} s before clip {i}")


def check_epub(name, data, headings, lang=None):
    z = zipfile.ZipFile(io.BytesIO(data))
    first = z.infolist()[0]
    check(first.filename == "mimetype", f"{name}: the first entry is {first.filename}")
    check(first.compress_type == zipfile.ZIP_STORED, f"{name}: mimetype is compressed")
    check(first.extra == b"", f"{name}: mimetype has an extra field")
    check(z.read("mimetype") == b"application/epub+zip", f"{name}: mimetype's content")
    opf = ET.fromstring(z.read("EPUB/package.opf"))
    metas = {}
    for m in opf.iter(OPF + "meta"):
        metas.setdefault((m.get("property"), m.get("refines")), []).append(m.text)
    for prop, want in [("schema:accessMode", "auditory"), ("schema:accessMode", "textual"),
                       ("schema:accessibilityFeature", "synchronizedAudioText"),
                       ("schema:accessibilityHazard", "none"), ("schema:accessModeSufficient", "textual")]:
        check(want in metas.get((prop, None), []), f"{name}: {prop} {want} missing")
    check(metas.get(("schema:accessibilitySummary", None)), f"{name}: no accessibilitySummary")
    check(metas.get(("media:active-class", None)), f"{name}: no media:active-class")
    duration = mp3_seconds(z.read("EPUB/audio.mp3"))
    total = clock(metas[("media:duration", None)][0])
    check(abs(total - duration) <= TOLERANCE_S, f"{name}: media:duration {total} vs audio {duration:.3f}")
    check(clock(metas[("media:duration", "#overlay")][0]) == total, f"{name}: the overlay's duration")
    if lang:
        dc_lang = opf.find(".//{http://purl.org/dc/elements/1.1/}language").text
        check(dc_lang.startswith(lang), f"{name}: dc:language {dc_lang}, expected {lang}")
    text = ET.fromstring(z.read("EPUB/text.xhtml"))
    ids = {el.get("id") for el in text.iter() if el.get("id")}
    spans = [el for el in text.iter(XHTML + "span")]
    check(all(s.get("id") for s in spans) and spans, f"{name}: a sentence without an id")
    smil = ET.fromstring(z.read("EPUB/text.smil"))
    clips = []
    for par in smil.iter(SMIL3 + "par"):
        t, a = par.find(SMIL3 + "text"), par.find(SMIL3 + "audio")
        clips.append((clock(a.get("clipBegin")), clock(a.get("clipEnd")), t.get("src").split("#")[1]))
        check(t.get("src").startswith("text.xhtml#"), f"{name}: a text src outside text.xhtml")
    check_clips(name + " overlay", clips, ids, duration)
    book_heads = [text_of(h) for h in text.iter() if re.fullmatch(XHTML + "h[1-6]", h.tag)]
    nav = ET.fromstring(z.read("EPUB/nav.xhtml"))
    toc = [text_of(a) for a in nav.iter(XHTML + "a")]
    check(toc == book_heads, f"{name}: the table of contents {toc} is not the headings {book_heads}")
    check_in_order(name + " EPUB", headings, book_heads)


def check_in_order(name, headings, listed):
    """Every article heading is listed, in order."""
    it = iter(listed)
    missing = [h for h in headings if not any(h == x for x in it)]
    check(not missing, f"{name}: headings not listed in order: {missing} (listed {listed})")


def check_daisy(name, data, headings):
    z = zipfile.ZipFile(io.BytesIO(data))
    names = set(z.namelist())
    ncc = ET.fromstring(z.read("ncc.html"))
    metas = {m.get("name"): m.get("content") for m in ncc.iter(XHTML + "meta") if m.get("name")}
    for req in ["dc:creator", "dc:date", "dc:format", "dc:identifier", "dc:language", "dc:publisher",
                "dc:title", "ncc:charset", "ncc:depth", "ncc:files", "ncc:footnotes", "ncc:generator",
                "ncc:maxPageNormal", "ncc:multimediaType", "ncc:pageFront", "ncc:pageNormal",
                "ncc:pageSpecial", "ncc:prodNotes", "ncc:setInfo", "ncc:sidebars", "ncc:tocItems",
                "ncc:totalTime"]:
        check(req in metas, f"{name}: ncc.html lacks {req}")
    check(metas.get("dc:format") == "Daisy 2.02", f"{name}: dc:format")
    check(int(metas.get("ncc:files", 0)) == len(names), f"{name}: ncc:files {metas.get('ncc:files')} vs {len(names)}")
    duration = mp3_seconds(z.read("audio.mp3"))
    check(abs(clock(metas["ncc:totalTime"]) - duration) <= 0.5, f"{name}: ncc:totalTime {metas['ncc:totalTime']}")
    body = ncc.find(XHTML + "body")
    heads = [el for el in body if re.fullmatch(XHTML + "h[1-6]", el.tag)]
    check(heads and heads[0].tag == XHTML + "h1" and heads[0].get("class") == "title",
          f"{name}: ncc.html does not start with h1 class=title")
    levels = [int(h.tag[-1]) for h in heads]
    check(all(b <= a + 1 for a, b in zip(levels, levels[1:])), f"{name}: ncc levels skip one: {levels}")
    check(int(metas["ncc:tocItems"]) == len(heads), f"{name}: ncc:tocItems")
    check(int(metas["ncc:depth"]) == max(levels), f"{name}: ncc:depth")
    check_in_order(name + " ncc", headings, [text_of(h) for h in heads])
    content = ET.fromstring(z.read("content.html"))
    ids = {el.get("id") for el in content.iter() if el.get("id")}
    clips, par_ids = [], {}
    smils = sorted(n for n in names if n.endswith(".smil"))
    for s in smils:
        doc = ET.fromstring(z.read(s))
        for par in doc.iter("par"):
            t, a = par.find("text"), par.find("audio")
            check(a.get("src") == "audio.mp3", f"{name}: {s}: audio src {a.get('src')}")
            clips.append((clock(a.get("clip-begin")), clock(a.get("clip-end")), t.get("src").split("#")[1]))
            par_ids.setdefault(s, set()).add(par.get("id"))
        seq_dur = clock(doc.find("body/seq").get("dur"))
        smil_time = clock(doc.find("head/meta[@name='ncc:timeInThisSmil']").get("content"))
        check(abs(seq_dur - smil_time) < 0.002, f"{name}: {s}: seq dur vs ncc:timeInThisSmil")
    check_clips(name + " SMIL", clips, ids, duration)
    check_dtds(name, z)
    for h in heads:
        href = h.find(XHTML + "a").get("href")
        f, frag = href.split("#")
        check(frag in par_ids.get(f, ()), f"{name}: ncc link {href} points at no par")


def check_dtds(name, z):
    """ncc.html and content.html valid XHTML 1.0 Transitional, the SMIL files
    valid SMIL 1.0, by xmllint against the DTDs of Debian's w3c-sgml-lib
    (through the XML catalog; skipped when it is not installed)."""
    if not os.path.exists("/etc/xml/w3c-sgml-lib.xml") or not shutil.which("xmllint"):
        return
    with tempfile.TemporaryDirectory() as d:
        z.extractall(d)
        files = [f for f in sorted(os.listdir(d)) if f.endswith((".html", ".smil"))]
        r = run(["xmllint", "--valid", "--nonet", "--noout", *files], cwd=d)
        check(r.returncode == 0, f"{name}: not valid against its DTDs: {r.stderr[:2000]}")


def say(path, out, extra=()):
    r = run([ALOUD, "say", *extra, path, "-o", out])
    check(r.returncode == 0, f"aloud say {path} -o {out}: {r.returncode} {r.stderr}")
    return r.returncode == 0


def epubcheck(path):
    r = run(["java", "-jar", EPUBCHECK_JAR, path])
    m = re.search(r"Messages: (\d+) fatals / (\d+) errors / (\d+) warnings", r.stdout + r.stderr)
    ok = m and m.group(1) == m.group(2) == m.group(3) == "0" and r.returncode == 0
    if not check(ok, f"EPUBCheck {os.path.basename(path)}: {m.group(0) if m else 'no summary'}"):
        print(r.stdout, r.stderr)


def test_say(tmp):
    for path in articles():
        base = os.path.basename(path)
        epub = os.path.join(tmp, base + ".epub")
        daisy = os.path.join(tmp, base + ".daisy.zip")
        cover = ["--cover", os.path.join(ROOT, "content", "artwork.png"), "--podcast", "Books test"]
        if not say(path, epub, cover if "lists" in base else ()):
            continue
        headings = article_headings(path)
        lang = {"french.md": "fr", "spanish-mixed.html": "es"}.get(base)
        if EPUBCHECK:
            epubcheck(epub)
            continue
        check_epub(base, open(epub, "rb").read(), headings, lang)
        if say(path, daisy):
            check_daisy(base, open(daisy, "rb").read(), headings)
        check(not os.path.exists(epub + ".mp3"), f"{base}: the MP3 made for the book is left")


PODCAST_INI_BOOKS = "\n[talking_books]\nformats = epub3, daisy202\n"


def out_books(out):
    return sorted(glob.glob(os.path.join(out, "*.epub")) + glob.glob(os.path.join(out, "*.daisy.zip")))


def test_build(tmp):
    site = os.path.join(tmp, "site")
    content = os.path.join(site, "content")
    os.makedirs(content)
    ini = open(os.path.join(ROOT, "content", "podcast.ini")).read()
    shutil.copy(os.path.join(ROOT, "content", "artwork.png"), content)
    for path in glob.glob(os.path.join(DATA, "heldout", "*")):
        shutil.copy(path, content)
    with open(os.path.join(content, "podcast.ini"), "w") as f:
        f.write(ini + PODCAST_INI_BOOKS)
    out = os.path.join(site, "out")
    r = run([ALOUD, "build", "-C", site])
    check(r.returncode == 0, f"aloud build: {r.returncode} {r.stderr}")
    books = out_books(out)
    check(len(books) == 4, f"aloud build: books in out/: {books}")
    for b in books:
        name = os.path.basename(b)
        src = glob.glob(os.path.join(content, name.split(".")[0] + ".*"))[0]
        if EPUBCHECK:
            if b.endswith(".epub"):
                epubcheck(b)
            continue
        data = open(b, "rb").read()
        (check_epub if b.endswith(".epub") else check_daisy)(name, data, article_headings(src))
        page = open(os.path.join(out, name.split(".")[0] + ".html")).read()
        check(f'href="{name}"' in page, f"{name}: the episode page does not link to it")
        check(f'href="{name}"' in open(os.path.join(out, "index.html")).read(), f"{name}: the show page does not link to it")
    if EPUBCHECK:
        return
    feed = ET.parse(os.path.join(out, "feed.xml"))
    ns = "{https://podcastindex.org/namespace/1.0}"
    uris = [s.get("uri") for a in feed.iter(ns + "alternateEnclosure") for s in a.iter(ns + "source")]
    check(sorted(os.path.basename(u) for u in uris) == [os.path.basename(b) for b in books],
          f"the feed's alternate enclosures: {uris}")
    # A rebuild that fails keeps the published book.
    deep = os.path.join(content, "deep-outline.md")
    good = open(deep).read()
    with open(deep, "w") as f:
        f.write("---\ntitle: [unclosed\n---\n\nBody.\n")
    r = run([ALOUD, "build", "-C", site])
    check(r.returncode == 1, f"a failing article: exit {r.returncode}")
    check(out_books(out) == books, f"a failed rebuild changed the books: {out_books(out)}")
    with open(deep, "w") as f:
        f.write(good)
    # Switched off: removed like other stale files; on again: made from what
    # is published, without rendering.
    with open(os.path.join(content, "podcast.ini"), "w") as f:
        f.write(ini)
    r = run([ALOUD, "build", "-C", site])
    check(r.returncode == 0 and out_books(out) == [], f"books switched off: {out_books(out)}")
    with open(os.path.join(content, "podcast.ini"), "w") as f:
        f.write(ini + PODCAST_INI_BOOKS)
    r = run([ALOUD, "build", "-C", site])
    check(r.returncode == 0 and out_books(out) == books, f"books switched on again: {out_books(out)}")
    check("0 rendered" in r.stderr + r.stdout, f"switching books on rendered again: {r.stderr}")
    # The same episode gives the same bytes.
    before = {b: open(b, "rb").read() for b in books}
    for b in books:
        os.unlink(b)
    run([ALOUD, "build", "-C", site])
    check(all(open(b, "rb").read() == before[b] for b in books), "books made again differ")


def main():
    if EPUBCHECK and (not shutil.which("java") or not os.path.exists(EPUBCHECK_JAR)):
        print("SKIP: java or EPUBCheck is not installed")
        return 77
    tmp = tempfile.mkdtemp(prefix="aloud-books-")
    try:
        test_say(tmp)
        test_build(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{checks} checks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
