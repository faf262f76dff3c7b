#!/usr/bin/python3
"""The trafilatura evaluation pages as a test: 495 real pages in many
languages, each with snippets that must and must not be extracted, split
once at random (seed 14) into a half the rules were tuned on
(tests/data/trafilatura-tune.txt) and a half only looked at to report
(tests/data/trafilatura-heldout.txt). Runs the corpus scorer on one half
and fails if the snippet F1 drops below the floor given.

usage: trafilatura-score.py ALOUD CORPUS CASE_LIST FLOOR"""
import os
import re
import subprocess
import sys

aloud, corpus, case_list, floor = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
scorer = os.path.join(os.path.dirname(corpus), "score.py")
if not os.path.isdir(corpus) or not os.path.exists(scorer):
    # A clone on its own has no corpus: skipped, not failed (CI has it).
    print(f"trafilatura-score: no corpus at {corpus} (shared/ beside the clone); skipped")
    sys.exit(77)
with open(case_list, encoding="utf-8") as f:
    cases = [line.strip() for line in f if line.strip()]
r = subprocess.run(["/usr/bin/python3", scorer, corpus, f"{aloud} extract {{src}}",
                    "--cases", ",".join(cases), "-j", "2"], capture_output=True, text=True)
print(r.stdout, r.stderr)
m = re.search(r"F1=([0-9.]+)", r.stdout)
if r.returncode or not m:
    sys.exit("trafilatura-score: the scorer failed")
f1 = float(m.group(1))
print(f"{os.path.basename(case_list)}: snippet F1 {f1:.3f} (floor {floor})")
sys.exit(0 if f1 >= floor else 1)
