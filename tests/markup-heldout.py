#!/usr/bin/python3
"""Pages written before the markup rules and kept aside while they were
made (tests/data/heldout): footnotes, tables, code, languages and text a
browser never shows, checked through `aloud extract --format json` against
tests/data/heldout/expect.json. Prints one line per check that fails and a
summary; exits 1 if any failed.
    markup-heldout.py ALOUD [DIR]"""
import json
import os
import subprocess
import sys

aloud = sys.argv[1]
here = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(__file__), "data", "heldout")
expect = json.load(open(os.path.join(here, "expect.json"), encoding="utf-8"))
passed = failed = 0


def check(ok, page, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {page}: {what}")


for page, want in expect.items():
    r = subprocess.run([aloud, "extract", "--format", "json", os.path.join(here, page)],
                       capture_output=True)
    if r.returncode != 0:
        check(False, page, "extract failed: " + r.stderr.decode())
        continue
    a = json.loads(r.stdout)
    blocks = a["blocks"]
    alltext = "\n".join(b["text"] for b in blocks) + "\n" + "\n".join(
        b.get("caption") or "" for b in blocks)
    if "language" in want:
        check((a["language"] or "").split("-")[0] == want["language"], page,
              f"language {a['language']!r}, expected {want['language']!r}")
    for s in want.get("absent", []):
        check(s not in alltext, page, f"{s!r} is read")
    for s in want.get("present", []):
        check(s in alltext, page, f"{s!r} is not read")
    notes = [b for b in blocks if b["kind"] == "note"]
    for n in want.get("notes", []):
        got = [b for b in notes if b.get("label") == n["label"]]
        check(len(got) == 1 and got[0]["text"] == n["text"], page,
              f"note {n['label']}: {[b['text'] for b in got]!r}, expected {n['text']!r}")
    if want.get("notes_last"):
        kinds = [b["kind"] for b in blocks]
        first = kinds.index("note") if "note" in kinds else len(kinds)
        check(all(k == "note" for k in kinds[first:]) and len(kinds) - first == len(want.get("notes", [])),
              page, f"notes are not all at the end: {kinds}")
    for c in want.get("cites", []):
        got = [b for b in blocks if c["contains"] in b["text"]]
        check(len(got) == 1 and sorted(got[0].get("cites", [])) == sorted(c["labels"]), page,
              f"block with {c['contains']!r} cites {[b.get('cites') for b in got]}, expected {c['labels']}")
    for s in want.get("spans", []):
        got = [sp for b in blocks for sp in b.get("spans", []) if sp["lang"] == s["lang"]]
        check(any(sp["text"] == s["text"] for sp in got), page,
              f"span {s['lang']} {s['text']!r}: got {got}")
    for bl in want.get("block_lang", []):
        got = [b for b in blocks if bl["contains"] in b["text"]]
        check(len(got) == 1 and got[0].get("lang") == bl["lang"], page,
              f"block {bl['contains']!r} lang {[b.get('lang') for b in got]}, expected {bl['lang']}")
    for s in want.get("code", []):
        check(any(b["kind"] == "code" and s in b["text"] for b in blocks), page, f"code {s!r} missing")
    tables = []
    for b in blocks:
        if b["kind"] == "table-row":
            if b.get("table_start") or not tables:
                tables.append({"caption": b.get("caption"), "rows": []})
            tables[-1]["rows"].append([[c["text"], bool(c.get("header"))] for c in b.get("cells", [])])
    for i, t in enumerate(want.get("tables", [])):
        got = tables[i] if i < len(tables) else None
        check(got is not None and got["caption"] == t["caption"], page,
              f"table {i} caption {got and got['caption']!r}, expected {t['caption']!r}")
        check(got is not None and got["rows"] == t["rows"], page,
              f"table {i} rows {got and got['rows']}, expected {t['rows']}")
        ends = [b for b in blocks if b["kind"] == "table-row" and b.get("table_end")]
        check(len(ends) >= i + 1, page, f"table {i} has no table_end row")

print(f"held-out markup pages: {passed} checks passed, {failed} failed")
sys.exit(1 if failed else 0)
