#!/usr/bin/python3
"""The extraction benchmark as a test: runs the corpus scorer over the 181
real pages of ../shared/corpus with `aloud extract` and fails if the shingle
F1 (the benchmark's own metric) drops below the floor reached so far."""
import os
import re
import subprocess
import sys

FLOOR = 0.955  # reached: 0.963 (docs/extraction.md)

aloud, corpus = sys.argv[1], sys.argv[2]
scorer = os.path.join(os.path.dirname(corpus), "score.py")
if not os.path.isdir(corpus) or not os.path.exists(scorer):
    # A clone on its own has no corpus: skipped, not failed (CI has it).
    print(f"corpus-score: no corpus at {corpus} (shared/ beside the clone); skipped")
    sys.exit(77)
r = subprocess.run(["/usr/bin/python3", scorer, corpus, f"{aloud} extract {{src}}",
                    "--metric", "shingle", "-j", "2"], capture_output=True, text=True)
print(r.stdout, r.stderr)
m = re.search(r"F1=([0-9.]+)", r.stdout)
if r.returncode or not m:
    sys.exit("corpus-score: the scorer failed")
f1 = float(m.group(1))
print(f"shingle F1 {f1:.3f} (floor {FLOOR})")
sys.exit(0 if f1 >= FLOOR else 1)
