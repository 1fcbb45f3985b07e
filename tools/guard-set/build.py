#!/usr/bin/env python3
"""Check the authored replies and write the dev/test split and the blind copy for annotators.

Input:  replies.jsonl  {"id","user","context","reply","author_labels","note"} per line (the authored set)
Output: split.json     id -> "dev" | "test"
        blind.jsonl    {"id","user","context","reply"} per line, in a shuffled order (no labels, no notes)

Split rule (stratified by label, grouped by user turn, stable):
  1. Replies to the same user turn (compared after trimming and lower-casing) form one group and always share a split,
     so a contrast pair (one user turn, a healthy and a flagged reply) is never cut in two.
  2. Strata are the nine criteria plus "healthy" (no label). A group's stratum counts are the sums over its replies.
  3. Groups are visited largest first, ties by SHA-256 of "guard-split:" + the group's smallest id. Each goes to the
     split that leaves the smaller imbalance: sum over strata of |dev - test| plus half of |dev total - test total|;
     a tie goes to dev when the first byte of that hash is even, else to test.
  4. Ids already in split.json keep their split (new groups are placed by the same rule, counting the existing ones);
     --reassign recomputes everything from scratch.
Blind order: ids sorted by SHA-256 of "guard-blind:" + id.

Usage: python3 tools/guard-set/build.py [--reassign]
"""
import hashlib, json, os, re, sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
CRITERIA = ["escalation", "sycophancy", "delusion_reinforcement", "consciousness_claims", "harmful_advice",
            "fostering_dependence", "discouraging_relationships", "guilt_tripping", "exploiting_vulnerability"]
STRATA = CRITERIA + ["healthy"]
FIELDS = ["id", "user", "context", "reply", "author_labels", "note"]
MIN_REPLIES, MIN_PER_CRITERION, MIN_HEALTHY = 420, 32, 130


def fail(msg):
    sys.stderr.write(msg + "\n")
    sys.exit(2)


def load_replies(path, id_pattern=r"g\d{4}", id_example="g0001"):
    rows, ids = [], set()
    name = os.path.relpath(path)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{name}:{n}: not valid JSON ({e.msg})")
            if not isinstance(r, dict) or list(r) != FIELDS:
                fail(f"{name}:{n}: expected the fields {', '.join(FIELDS)} in that order")
            if not isinstance(r["id"], str) or not re.fullmatch(id_pattern, r["id"]):
                fail(f"{name}:{n}: id must look like {id_example}")
            if r["id"] in ids:
                fail(f"{name}:{n}: duplicate id {r['id']}")
            ids.add(r["id"])
            for k in ("user", "context", "reply", "note"):
                if not isinstance(r[k], str) or r[k] != r[k].strip() or (k != "context" and not r[k]):
                    fail(f"{name}:{n}: {k} must be a trimmed string" + ("" if k == "context" else ", not empty"))
            labels = r["author_labels"]
            if not isinstance(labels, list) or any(l not in CRITERIA for l in labels):
                fail(f"{name}:{n}: author_labels must be a list of criterion ids ({', '.join(CRITERIA)})")
            if labels != [c for c in CRITERIA if c in labels]:
                fail(f"{name}:{n}: author_labels must be unique and in criterion order")
            rows.append(r)
    return rows


def strata_of(r):
    return r["author_labels"] or ["healthy"]


def digest(prefix, key):
    return hashlib.sha256((prefix + key).encode("utf-8")).digest()


def assign_split(rows, previous):
    groups = defaultdict(list)
    for r in rows:
        groups[r["user"].strip().lower()].append(r)
    counts = {s: Counter() for s in ("dev", "test")}
    totals = Counter()
    split = {}
    pending = []
    for members in groups.values():
        known = {previous[r["id"]] for r in members if r["id"] in previous}
        if len(known) > 1:
            fail("split.json: replies to one user turn are in both splits ("
                 + ", ".join(sorted(r["id"] for r in members)) + "); run with --reassign")
        if known:
            side = known.pop()
            for r in members:
                split[r["id"]] = side
                counts[side].update(strata_of(r))
                totals[side] += 1
        else:
            pending.append(members)
    pending.sort(key=lambda m: (-len(m), digest("guard-split:", min(r["id"] for r in m))))
    for members in pending:
        add = Counter()
        for r in members:
            add.update(strata_of(r))

        def cost(side):
            other = "test" if side == "dev" else "dev"
            c = sum(abs(counts[side][k] + add[k] - counts[other][k]) for k in STRATA)
            return c + 0.5 * abs(totals[side] + len(members) - totals[other])

        cd, ct = cost("dev"), cost("test")
        if cd != ct:
            side = "dev" if cd < ct else "test"
        else:
            side = "dev" if digest("guard-split:", min(r["id"] for r in members))[0] % 2 == 0 else "test"
        for r in members:
            split[r["id"]] = side
        counts[side].update(add)
        totals[side] += len(members)
    return split, counts, totals


def main():
    reassign = "--reassign" in sys.argv[1:]
    rows = load_replies(os.path.join(HERE, "replies.jsonl"))
    per = Counter(l for r in rows for l in r["author_labels"])
    healthy = sum(1 for r in rows if not r["author_labels"])
    problems = []
    if len(rows) < MIN_REPLIES:
        problems.append(f"{len(rows)} replies (need {MIN_REPLIES})")
    problems += [f"{c}: {per[c]} (need {MIN_PER_CRITERION})" for c in CRITERIA if per[c] < MIN_PER_CRITERION]
    if healthy < MIN_HEALTHY:
        problems.append(f"healthy: {healthy} (need {MIN_HEALTHY})")
    if problems:
        fail("replies.jsonl: too few items: " + "; ".join(problems))

    split_path = os.path.join(HERE, "split.json")
    previous = {}
    if os.path.exists(split_path) and not reassign:
        with open(split_path, encoding="utf-8") as f:
            previous = json.load(f)
        previous = {k: v for k, v in previous.items() if k in {r["id"] for r in rows}}
    split, counts, totals = assign_split(rows, previous)
    with open(split_path, "w", encoding="utf-8") as f:
        json.dump({k: split[k] for k in sorted(split)}, f, indent=1)
        f.write("\n")

    by_id = {r["id"]: r for r in rows}
    with open(os.path.join(HERE, "blind.jsonl"), "w", encoding="utf-8") as f:
        for i in sorted(by_id, key=lambda i: digest("guard-blind:", i)):
            r = by_id[i]
            f.write(json.dumps({k: r[k] for k in ("id", "user", "context", "reply")}, ensure_ascii=False) + "\n")

    groups = len({r["user"].strip().lower() for r in rows})
    print(f"{len(rows)} replies to {groups} distinct user turns; healthy {healthy}; "
          f"labels per reply: " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(len(r['author_labels']) for r in rows).items())))
    print(f"{'stratum':28} {'all':>4} {'dev':>4} {'test':>4}")
    for k in STRATA:
        print(f"{k:28} {counts['dev'][k] + counts['test'][k]:4d} {counts['dev'][k]:4d} {counts['test'][k]:4d}")
    print(f"{'replies':28} {totals['dev'] + totals['test']:4d} {totals['dev']:4d} {totals['test']:4d}")


if __name__ == "__main__":
    main()
