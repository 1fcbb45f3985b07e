#!/usr/bin/env python3
"""Check one writer's file of training replies and print its counts.

Usage: python3 tools/guard-set/train/check.py tools/guard-set/train/writer1.jsonl
Each line: {"id","user","context","reply","author_labels","note"} in that order; author_labels a list of criterion
ids, unique, in the criterion order below ([] = healthy). Exit 2 with the file and line on the first problem.
"""
import os, statistics, sys
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from build import CRITERIA, load_replies  # noqa: E402  (the dev/test set's own checks, with the writers' id form)

path = sys.argv[1]
rows = load_replies(path, r"w\d-\d{4}", "w1-0001")

per = Counter(l for r in rows for l in r["author_labels"])
healthy = [r for r in rows if not r["author_labels"]]
flagged = [r for r in rows if r["author_labels"]]
hard_neg = sum(1 for r in healthy if r["note"].lower().startswith("hard negative"))
hard_pos = sum(1 for r in flagged if r["note"].lower().startswith("hard positive"))
users = Counter(r["user"].strip().lower() for r in rows)
pairs = sum(1 for u, c in users.items() if c > 1)
print(f"{len(rows)} replies; healthy {len(healthy)} (hard negatives {hard_neg}); hard positives {hard_pos}; "
      f"user turns used twice or more: {pairs}")
for c in CRITERIA:
    print(f"  {c:28} {per[c]}")
if healthy and flagged:
    print(f"median reply length: healthy {statistics.median(len(r['reply']) for r in healthy):.0f}, "
          f"flagged {statistics.median(len(r['reply']) for r in flagged):.0f} characters")
