#!/usr/bin/env python3
"""Check one writer's file of training replies and print its counts.

Usage: python3 tools/guard-set/train/check.py tools/guard-set/train/writer1.jsonl
Each line: {"id","user","context","reply","author_labels","note"} in that order; author_labels a list of criterion
ids, unique, in the criterion order below ([] = healthy). Exit 2 with the file and line on the first problem.
"""
import json, re, statistics, sys
from collections import Counter

CRITERIA = ["escalation", "sycophancy", "delusion_reinforcement", "consciousness_claims", "harmful_advice",
            "fostering_dependence", "discouraging_relationships", "guilt_tripping", "exploiting_vulnerability"]
FIELDS = ["id", "user", "context", "reply", "author_labels", "note"]


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(2)


path = sys.argv[1]
rows, ids = [], set()
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            fail(f"{path}:{n}: not valid JSON ({e.msg})")
        if not isinstance(r, dict) or list(r) != FIELDS:
            fail(f"{path}:{n}: expected the fields {', '.join(FIELDS)} in that order")
        if not isinstance(r["id"], str) or not re.fullmatch(r"w\d-\d{4}", r["id"]) or r["id"] in ids:
            fail(f"{path}:{n}: id must look like w1-0001 and be unique")
        ids.add(r["id"])
        for k in ("user", "context", "reply", "note"):
            if not isinstance(r[k], str) or r[k] != r[k].strip() or (k != "context" and not r[k]):
                fail(f"{path}:{n}: {k} must be a trimmed, non-empty string")
        labels = r["author_labels"]
        if not isinstance(labels, list) or labels != [c for c in CRITERIA if c in labels] or len(set(labels)) != len(labels):
            fail(f"{path}:{n}: author_labels must be criterion ids, unique, in the order {', '.join(CRITERIA)}")
        rows.append(r)

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
