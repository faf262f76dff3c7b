#!/usr/bin/python3
"""Scores aloud's text normalisation against readings written by hand.

Each TSV file in tests/data/normalise/ holds cases `CLASS<TAB>WRITTEN<TAB>SPOKEN`
(README.md there). The cases of a file go into one Markdown article, each its
own paragraph, and `aloud script --format json` says what will be spoken: the
path a listener gets. aloud's spoken text and the expected SPOKEN are both
turned into phonemes by eSpeak NG and compared as the listener hears them:
stress, pauses, case, punctuation and white space do not count.

    tests/normalise-score.py --aloud build/aloud tests/data/normalise/dev/*.tsv
    tests/normalise-score.py --baseline espeak tests/data/normalise/dev/*.tsv

Exit status: 0, or 1 when a file scores under --min or cannot be scored,
2 for a malformed file or a wrong command line, 77 (skipped) when espeak-ng
is not installed.

By default nothing else is forgiven: a number left in digits for eSpeak NG
fails where eSpeak NG says it with other phonemes than the words a person
would write (en-US "twenty" from digits is tw'Ent2i, in words tw'Enti), as it
would for a listener comparing with a careful reader. --lenient adds a few
equivalences that keep eSpeak NG's own quirks out of the comparison, so that
a number said from digits and the same number written in words compare
equal: German number words are compared part by
part ("zweitausendsechsundzwanzig" as "zwei tausend sechs und zwanzig":
eSpeak NG's letter rules mispronounce the long compounds it reads right as
digits), and PHONEME_FOLDS below lists the phoneme variants taken as one.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

CLASSES = (
    "cardinal", "decimal", "ordinal", "fraction", "percent", "money", "measure",
    "date", "year", "decade", "time", "range", "roman", "abbreviation",
    "telephone", "electronic", "social", "symbol", "plain",
)

# File name (without .tsv) -> language tag for the article's front matter.
LANGS = {"en-gb": "en-GB", "en-us": "en-US", "de": "de", "fr": "fr", "es": "es"}

# Language tag (lower case, primary subtag as fallback) -> eSpeak NG voice.
VOICES = {"en-gb": "en", "en": "en", "en-us": "en-us", "de": "de", "fr": "fr", "es": "es"}

# Marks a line of its own between cases when eSpeak NG phonemises a batch.
SENTINEL = "qqq"

MD_PUNCT = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def lang_of_file(path):
    """The language tag a file's name implies ("news-en-gb.tsv" -> "en-GB")."""
    stem = os.path.basename(path)
    if stem.endswith(".tsv"):
        stem = stem[:-4]
    if stem.startswith("news-"):
        stem = stem[5:]
    return LANGS.get(stem.lower())


def voice_of(lang):
    tag = lang.lower().replace("_", "-")
    return VOICES.get(tag) or VOICES.get(tag.split("-")[0])


def read_cases(path):
    """[(line, class, written, spoken)]; exits 2 naming FILE:LINE on a bad line."""
    cases = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split("\t")
            if len(fields) != 3 or not all(x.strip() for x in fields):
                sys.exit(f"{path}:{n}: expected CLASS<TAB>WRITTEN<TAB>SPOKEN, got {len(fields)} field(s)")
            if fields[0] not in CLASSES:
                sys.exit(f"{path}:{n}: unknown class '{fields[0]}' (known: {', '.join(CLASSES)})")
            cases.append((n, fields[0], fields[1], fields[2]))
    return cases


def markdown_escape(text):
    """Backslash before every ASCII punctuation character, so Markdown keeps it literal."""
    return "".join("\\" + c if c in MD_PUNCT else c for c in text)


def aloud_texts(aloud, lang, cases, path):
    """What aloud will say for each case, or None (with a message) when the
    paragraphs it returns cannot be matched to the cases."""
    md = ["---", "title: Normalisation cases", f"lang: {lang}", "---", ""]
    for case in cases:
        md.append(markdown_escape(case[2]))
        md.append("")
    with tempfile.TemporaryDirectory(prefix="normalise-score-") as tmp:
        article = os.path.join(tmp, "cases.md")
        with open(article, "w", encoding="utf-8") as f:
            f.write("\n".join(md))
        r = subprocess.run([aloud, "script", "--format", "json", article],
                           capture_output=True, text=True)
    if r.returncode != 0:
        print(f"{path}: aloud script failed ({r.returncode}): {r.stderr.strip()}")
        return None
    try:
        segments = json.loads(r.stdout)
    except json.JSONDecodeError as e:
        print(f"{path}: aloud script printed no JSON ({e})")
        return None

    # One paragraph may come back as several segments; they say so with the
    # same paragraph index or a joined/continues flag.
    texts, last_index = [], None
    for seg in segments:
        if seg.get("kind") != "paragraph":
            continue
        index = None
        for key in ("paragraph", "paragraph_index", "block", "block_index"):
            if isinstance(seg.get(key), int):
                index = seg[key]
                break
        joined = bool(seg.get("joined") or seg.get("continues"))
        if texts and (joined or (index is not None and index == last_index)):
            texts[-1] += " " + seg.get("text", "")
        else:
            texts.append(seg.get("text", ""))
        last_index = index
    if len(texts) != len(cases):
        print(f"{path}: aloud gave {len(texts)} paragraphs for {len(cases)} cases; "
              f"cannot tell which reading is which (run `aloud script` on the file's "
              f"cases to see which case it split or dropped)")
        return None
    return texts


# German number words, so that compounds compare part by part.
DE_NUMBER_PARTS = sorted([
    "null", "eins", "ein", "zwei", "zwo", "drei", "vier", "fünf", "sechs", "sieben",
    "acht", "neun", "zehn", "elf", "zwölf", "dreizehn", "vierzehn", "fünfzehn",
    "sechzehn", "siebzehn", "achtzehn", "neunzehn", "zwanzig", "dreißig", "vierzig",
    "fünfzig", "sechzig", "siebzig", "achtzig", "neunzig", "hundert", "tausend", "und",
], key=len, reverse=True)
# The last part may be an ordinal: "zwanzigsten", "hundertste", "dritten".
DE_ORDINAL = re.compile("(?:(?:%s)s?t|erst|dritt|siebt|acht)(?:e|en|er|es|em)"
                        % "|".join(DE_NUMBER_PARTS))
DE_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def split_de_number(word):
    """["zwei", "tausend", ...] when WORD is a German number compound, else None."""
    low = word.lower()

    def parts_from(i):
        if i == len(low):
            return []
        if DE_ORDINAL.fullmatch(low, i):
            return [low[i:]]
        for p in DE_NUMBER_PARTS:
            if low.startswith(p, i):
                rest = parts_from(i + len(p))
                if rest is not None:
                    return [p] + rest
        return None

    parts = parts_from(0)
    return parts if parts and len(parts) > 1 else None


def canonical_text(text, voice):
    if voice == "de":
        def repl(m):
            parts = split_de_number(m.group(0))
            return " ".join(parts) if parts else m.group(0)
        text = DE_WORD.sub(repl, text)
    return text


PAUSES = re.compile(r"_[:!]?|\|\|?")
STRESS_AND_SPACE = re.compile(r"[',%=\s]")
# Where eSpeak NG reads a number one way and the same number written in words
# another, for reasons no listener would call a different word: variant
# phonemes (I2, t#), the weak "and" of "one hundred and five", German "vierzig"
# with a short vowel, French "quatre-vingts" with a schwa and "cinq cents"
# with its k, Spanish allophones (e/E, d/D, ll). Found by reading the numbers
# 0 to 100,000 both ways; applied to both sides, in order.
PHONEME_FOLDS = {
    "en": [(r"[2#]", ""), (r"O@", "o@"), (r"and", "@n")],
    "en-us": [(r"[2#]", ""), (r"O@", "o@")],
    "de": [(r"fIr", "fi:r")],
    "fr": [(r"katr@v", "katrv"), (r"vE~t", "vE~"), (r"sE~k", "sE~")],
    "es": [(r"E", "e"), (r"I", "i"), (r"D", "d"), (r"B", "b"), (r"G", "g"),
           (r"i;", "j"), (r"J\^", "l^")],
}


def canonical_phonemes(ph, voice, strict):
    ph = STRESS_AND_SPACE.sub("", PAUSES.sub("", ph))
    if not strict:
        for pattern, replacement in PHONEME_FOLDS.get(voice, []):
            ph = re.sub(pattern, replacement, ph)
    return ph


def espeak_lines(voice, text):
    r = subprocess.run(["espeak-ng", "-q", "-x", "-v", voice, "--stdin"],
                       input=text, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"espeak-ng -v {voice} failed: {r.stderr.strip()}")
    return r.stdout.splitlines()


def phonemes(voice, texts):
    """eSpeak NG's phonemes of each text: one run for the batch, each text a
    paragraph with a sentinel paragraph after it; one run per text when the
    batch does not come back with one reading per text."""
    sentinel = "".join(espeak_lines(voice, SENTINEL)).strip()
    batch = "".join(t.replace("\n", " ") + "\n\n" + SENTINEL + "\n\n" for t in texts)
    out, current = [], []
    for line in espeak_lines(voice, batch):
        if line.strip() == sentinel:
            out.append(" ".join(current))
            current = []
        else:
            current.append(line)
    if len(out) == len(texts) and not "".join(current).strip():
        return out
    print(f"  (espeak-ng -v {voice}: the batch came back with {len(out)} readings for "
          f"{len(texts)} texts; phonemising one at a time)")
    return [" ".join(espeak_lines(voice, t)) for t in texts]


def score_file(path, args):
    """Prints the figures of one file; returns its fraction, or None when it
    could not be scored."""
    lang = args.lang or lang_of_file(path)
    if not lang:
        sys.exit(f"{path}: cannot tell the language from the file's name; give --lang")
    voice = voice_of(lang)
    if not voice:
        sys.exit(f"{path}: no eSpeak NG voice known for language '{lang}'")
    cases = read_cases(path)
    if not cases:
        print(f"{path}: no cases")
        return None
    if args.baseline == "espeak":
        got = [c[2] for c in cases]
    else:
        got = aloud_texts(args.aloud, lang, cases, path)
        if got is None:
            return None

    got_ph = phonemes(voice, [canonical_text(t, voice) if not args.strict else t for t in got])
    want_ph = phonemes(voice, [canonical_text(c[3], voice) if not args.strict else c[3]
                               for c in cases])
    passed, by_class, failures = 0, {}, []
    for case, g, gp, wp in zip(cases, got, got_ph, want_ph):
        ok = canonical_phonemes(gp, voice, args.strict) == canonical_phonemes(wp, voice, args.strict)
        passed += ok
        total_ok = by_class.setdefault(case[1], [0, 0])
        total_ok[0] += 1
        total_ok[1] += ok
        if not ok:
            failures.append((case, g, gp, wp))

    fraction = passed / len(cases)
    who = "eSpeak NG alone" if args.baseline == "espeak" else "aloud"
    print(f"{path} ({lang}, {who}): {len(cases)} cases, {passed} passed, {fraction:.3f}")
    if args.by_class:
        for cls in CLASSES:
            if cls in by_class:
                n, ok = by_class[cls]
                print(f"  {cls:<13} {ok:4d}/{n:<4d} {ok / n:.3f}")
    if args.show_failures:
        for case, g, gp, wp in failures:
            print(f"  {case[1]} | {case[2]} | got: {g} | want: {case[3]}")
            if args.show_phonemes:
                print(f"      got:  {gp.strip()}\n      want: {wp.strip()}")
    return fraction, len(cases), passed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="+", metavar="FILE.tsv")
    ap.add_argument("--aloud", help="the aloud program (build/aloud)")
    ap.add_argument("--lang", help="language tag for all files (default: from each file's name)")
    ap.add_argument("--min", type=float, default=0.0, metavar="FRACTION",
                    help="exit 1 when a file's fraction of passed cases is below this")
    ap.add_argument("--show-failures", action="store_true", help="print each failing case")
    ap.add_argument("--show-phonemes", action="store_true",
                    help="with --show-failures, print the phonemes compared too")
    ap.add_argument("--by-class", action="store_true", help="print a line per class")
    ap.add_argument("--baseline", choices=["espeak"],
                    help="score eSpeak NG alone: WRITTEN handed straight to espeak-ng")
    ap.add_argument("--lenient", action="store_true",
                    help="take the equivalences below as equal (German number words part by "
                         "part, PHONEME_FOLDS); the default compares eSpeak NG's phonemes as "
                         "they are, stress and pauses aside, as the listener hears them")
    args = ap.parse_args()
    args.strict = not args.lenient
    if not args.baseline and not args.aloud:
        ap.error("give --aloud PROGRAM, or --baseline espeak")
    if shutil.which("espeak-ng") is None:
        print("normalise-score: espeak-ng is not installed (apt-get install espeak-ng); skipped")
        sys.exit(77)
    if args.aloud and not args.baseline and not os.access(args.aloud, os.X_OK):
        sys.exit(f"normalise-score: {args.aloud} is not an executable program")

    failed = False
    totals = {}
    for path in args.files:
        result = score_file(path, args)
        if result is None:
            failed = True
            continue
        fraction, n, ok = result
        if fraction < args.min:
            print(f"{path}: {fraction:.3f} is below --min {args.min}")
            failed = True
        part = os.path.basename(os.path.dirname(os.path.abspath(path)))
        t = totals.setdefault(part, [0, 0])
        t[0] += n
        t[1] += ok
    if len(args.files) > 1:
        for part, (n, ok) in totals.items():
            print(f"all of {part}/: {n} cases, {ok} passed, {ok / n:.3f}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
