#!/usr/bin/env python3
"""Compose Attune's guard set from the authored replies and two blind annotation passes.

Inputs (in this folder unless given):
  replies.jsonl   the authored replies with the author's labels (see README.md)
  split.json      id -> "dev" | "test" (written by build.py)
  pass1.jsonl     blind annotation pass 1: {"id": "g0001", "labels": ["sycophancy", ...]} per line
  pass2.jsonl     blind annotation pass 2, same format, by an independent annotator
  In a pass, "labels": [] or ["healthy"] means the reply shows none of the criteria. An optional "note" string is
  allowed and ignored; any other field is an error.
Outputs:
  src/Attune/Data/guard/guard-set.jsonl  {"id","user","context","reply","labels","split"} per line, ordered by id
  adjudication.csv                        every criterion on which the passes disagree, and how it was decided
  stdout                                  the agreement table (Markdown) for src/Attune/Data/DATA.md

Reconciliation, per reply and criterion: where both passes agree, that is the label. Where they disagree, the author's
label is a third vote and decides (majority of three). A reply on which the passes disagree on more than
--max-disagreements criteria (default 2) is dropped as too ambiguous to label and listed in adjudication.csv.
Agreement: Cohen's kappa between the two passes per criterion (binary: label present or not), over every reply that
both passes annotated, before any reply is dropped; "n/a" where both passes gave one constant answer (expected
agreement 1). Also reported: kappa between the author's labels and each pass.

Usage: python3 tools/guard-set/compose.py [--dir D] [--pass1 P] [--pass2 P] [--out P] [--log P] [--partial]
                                          [--max-disagreements N]
  --dir D    the folder of replies.jsonl, split.json and the passes (default this folder; tools/guard-set/train composes
             the training set, whose split is "train", into tools/guard-set/train/guard-train.jsonl)
  --partial  compose only the replies annotated in both passes (default: every reply must be in both passes).
Exit codes: 0 done; 2 bad input (the message names the file and line).
"""
import argparse, csv, json, os, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
CRITERIA = ["escalation", "sycophancy", "delusion_reinforcement", "consciousness_claims", "harmful_advice",
            "fostering_dependence", "discouraging_relationships", "guilt_tripping", "exploiting_vulnerability"]


class InputError(Exception):
    pass


def show(path):
    p = os.path.relpath(path)
    return path if p.startswith("..") else p


def load_replies(path):
    rows = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            if line.strip():
                try:
                    r = json.loads(line)
                    rows[r["id"]] = r
                except (json.JSONDecodeError, KeyError, TypeError):
                    raise InputError(f"{show(path)}:{n}: not a reply object with an id (run build.py to check the file)")
    return rows


def load_split(path, ids):
    try:
        with open(path, encoding="utf-8") as f:
            split = json.load(f)
    except FileNotFoundError:
        raise InputError(f"{show(path)}:1: missing (run tools/guard-set/build.py)")
    except json.JSONDecodeError as e:
        raise InputError(f"{show(path)}:{e.lineno}: not valid JSON ({e.msg})")
    for i in ids:
        if split.get(i) not in ("dev", "test", "train"):
            raise InputError(f"{show(path)}:1: id {i} has no split \"dev\", \"test\" or \"train\" (run build.py)")
    return split


def load_pass(path, known):
    labels = {}
    try:
        f = open(path, encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{show(path)}:1: file not found")
    with f:
        for n, line in enumerate(f, start=1):
            if not line.strip():
                continue
            where = f"{show(path)}:{n}"
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{where}: not valid JSON ({e.msg})")
            if not isinstance(r, dict):
                raise InputError(f"{where}: expected an object {{\"id\": ..., \"labels\": [...]}}")
            extra = set(r) - {"id", "labels", "note"}
            if extra:
                raise InputError(f"{where}: unexpected field {sorted(extra)[0]!r} (allowed: id, labels, note)")
            i = r.get("id")
            if not isinstance(i, str) or i not in known:
                raise InputError(f"{where}: id {i!r} is not in replies.jsonl")
            if i in labels:
                raise InputError(f"{where}: id {i} appears a second time")
            ls = r.get("labels")
            if not isinstance(ls, list) or not all(isinstance(x, str) for x in ls):
                raise InputError(f"{where}: labels must be a list of criterion ids")
            if "note" in r and not isinstance(r["note"], str):
                raise InputError(f"{where}: note must be a string")
            if ls == ["healthy"]:
                ls = []
            for x in ls:
                if x not in CRITERIA:
                    hint = " (\"healthy\" may only stand alone)" if x == "healthy" else ""
                    raise InputError(f"{where}: unknown label {x!r}{hint}; expected one of {', '.join(CRITERIA)}")
            if len(set(ls)) != len(ls):
                raise InputError(f"{where}: a label appears twice")
            labels[i] = set(ls)
    return labels


def kappa(a, b):
    """Cohen's kappa for two binary raters (lists of bools); None where expected agreement is 1."""
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    return None if pe >= 1 else (po - pe) / (1 - pe)


def fmt(k):
    return "n/a" if k is None else f"{k:.2f}"


def main(argv):
    ap = argparse.ArgumentParser(description="Compose the guard set from two blind annotation passes.")
    ap.add_argument("--dir", default=HERE)
    ap.add_argument("--pass1")
    ap.add_argument("--pass2")
    ap.add_argument("--out")
    ap.add_argument("--log")
    ap.add_argument("--partial", action="store_true")
    ap.add_argument("--max-disagreements", type=int, default=2)
    args = ap.parse_args(argv)
    here = os.path.abspath(args.dir)
    args.pass1 = args.pass1 or os.path.join(here, "pass1.jsonl")
    args.pass2 = args.pass2 or os.path.join(here, "pass2.jsonl")
    args.log = args.log or os.path.join(here, "adjudication.csv")
    args.out = args.out or (os.path.join(ROOT, "src", "Attune", "Data", "guard", "guard-set.jsonl") if here == HERE
                            else os.path.join(here, "guard-train.jsonl"))

    replies = load_replies(os.path.join(here, "replies.jsonl"))
    split = load_split(os.path.join(here, "split.json"), replies)
    p1 = load_pass(args.pass1, replies)
    p2 = load_pass(args.pass2, replies)
    for name, p in ((args.pass1, p1), (args.pass2, p2)):
        missing = sorted(set(replies) - set(p))
        if missing and not args.partial:
            raise InputError(f"{show(name)}:1: {len(missing)} replies not annotated (first: {missing[0]}); "
                             "use --partial to compose only the replies both passes annotated")
    ids = sorted(set(p1) & set(p2))
    if not ids:
        raise InputError(f"{show(args.pass1)}:1: no reply is annotated in both passes")
    if len(ids) < len(replies):
        sys.stderr.write(f"warning: --partial: composing {len(ids)} of {len(replies)} replies\n")

    author = {i: set(replies[i]["author_labels"]) for i in ids}
    log, kept, dropped, by_author = [], [], [], Counter()
    for i in ids:
        split_on = [c for c in CRITERIA if (c in p1[i]) != (c in p2[i])]
        if len(split_on) > args.max_disagreements:
            dropped.append(i)
            for c in split_on:
                log.append([i, c, int(c in p1[i]), int(c in p2[i]), int(c in author[i]), "", "reply dropped"])
            continue
        final = (p1[i] & p2[i]) | {c for c in split_on if c in author[i]}
        for c in split_on:
            by_author[c] += 1
            log.append([i, c, int(c in p1[i]), int(c in p2[i]), int(c in author[i]), int(c in final), "author vote"])
        kept.append((i, [c for c in CRITERIA if c in final]))

    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        for i, labels in kept:
            r = replies[i]
            f.write(json.dumps({"id": i, "user": r["user"], "context": r["context"], "reply": r["reply"],
                                "labels": labels, "split": split[i]}, ensure_ascii=False) + "\n")
    with open(args.log, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "criterion", "pass1", "pass2", "author", "final", "decision"])
        w.writerows(log)

    final = dict(kept)
    print(f"Replies annotated by both passes: {len(ids)}; kept {len(kept)}, dropped {len(dropped)} "
          f"(passes disagreed on more than {args.max_disagreements} criteria)"
          + (f": {', '.join(dropped)}" if dropped else "") + ".")
    print()
    splits = [x for x in ("dev", "test", "train") if any(split[i] == x for i in ids)]
    print("| criterion | pass 1 + | pass 2 + | agreement | κ pass 1–2 | κ author–1 | κ author–2 | decided by author vote | final + ("
          + "/".join(splits) + ") |")
    print("|---|---|---|---|---|---|---|---|---|")
    rows = [(c, lambda s, c=c: c in s) for c in CRITERIA] + [("any label (not healthy)", lambda s: bool(s))]
    for name, has in rows:
        a = [has(p1[i]) for i in ids]
        b = [has(p2[i]) for i in ids]
        au = [has(author[i]) for i in ids]
        agree = sum(x == y for x, y in zip(a, b)) / len(ids)
        per = [sum(1 for i, ls in kept if has(set(ls)) and split[i] == x) for x in splits]
        decided = by_author[name] if name in CRITERIA else "–"
        print(f"| {name} | {sum(a)} | {sum(b)} | {agree:.1%} | {fmt(kappa(a, b))} | {fmt(kappa(au, a))} | "
              f"{fmt(kappa(au, b))} | {decided} | {sum(per)} ({'/'.join(map(str, per))}) |")
    healthy = [i for i, ls in kept if not ls]
    print()
    print(f"Healthy (no label) after reconciliation: {len(healthy)} ("
          + " / ".join(f"{sum(split[i] == x for i in healthy)} {x}" for x in splits) + ").")
    print(f"Wrote {show(args.out)} and {show(args.log)} ({len(log)} disagreement rows).")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except InputError as e:
        sys.stderr.write(f"{e}\n")
        sys.exit(2)
