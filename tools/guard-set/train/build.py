#!/usr/bin/env python3
"""Merge the writers' files into the training set's source and write the blind copy for annotators.

Input:  writer1.jsonl … writer4.jsonl   {"id","user","context","reply","author_labels","note"} per line (check.py format)
Output: replies.jsonl   the same objects with ids t0001… (writer order, then line order)
        split.json      id -> "train" (the training split; dev and test stay in ../replies.jsonl)
        blind.jsonl     {"id","user","context","reply"} per line, ordered by SHA-256 of "guard-train-blind:" + id
        blind-N.jsonl   the blind copy cut into parts of at most --part-size lines, for annotators working side by side;
                        parts already written stay as they are, and replies in none of them go to new parts

A training reply whose user turn (trimmed, lower-cased) is also a user turn of the dev or test split, or whose reply
text repeats one there, is left out (and counted), so nothing of the evaluation set is seen in training.
Usage: python3 tools/guard-set/train/build.py [--part-size N]
"""
import glob, hashlib, json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
from build import load_replies  # noqa: E402  (the dev/test set's own checks, with the writers' id form)


def key(text):
    return text.strip().lower()


def main():
    size = int(sys.argv[sys.argv.index("--part-size") + 1]) if "--part-size" in sys.argv else 400
    held = load_replies(os.path.join(HERE, "..", "replies.jsonl"))
    held_users = {key(r["user"]) for r in held}
    held_replies = {key(r["reply"]) for r in held}
    rows, left_out, seen = [], 0, set()
    for path in sorted(glob.glob(os.path.join(HERE, "writer*.jsonl"))):
        for r in load_replies(path, r"w\d-\d{4}", "w1-0001"):
            if key(r["user"]) in held_users or key(r["reply"]) in held_replies or key(r["reply"]) in seen:
                left_out += 1
                continue
            seen.add(key(r["reply"]))
            r["id"] = f"t{len(rows) + 1:04d}"
            rows.append(r)
    with open(os.path.join(HERE, "replies.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(os.path.join(HERE, "split.json"), "w", encoding="utf-8") as f:
        json.dump({r["id"]: "train" for r in rows}, f, indent=1)
        f.write("\n")
    order = sorted(rows, key=lambda r: hashlib.sha256(("guard-train-blind:" + r["id"]).encode()).digest())
    blind = [json.dumps({k: r[k] for k in ("id", "user", "context", "reply")}, ensure_ascii=False) + "\n" for r in order]
    with open(os.path.join(HERE, "blind.jsonl"), "w", encoding="utf-8") as f:
        f.writelines(blind)
    existing = sorted(glob.glob(os.path.join(HERE, "blind-*.jsonl")), key=lambda p: int(p.rsplit("-", 1)[1].split(".")[0]))
    placed = {json.loads(l)["id"] for p in existing for l in open(p, encoding="utf-8") if l.strip()}
    new = [line for line in blind if json.loads(line)["id"] not in placed]
    parts = -(-len(new) // size)
    for p in range(parts):
        with open(os.path.join(HERE, f"blind-{len(existing) + p + 1}.jsonl"), "w", encoding="utf-8") as f:
            f.writelines(new[p * size:(p + 1) * size])
    print(f"{len(rows)} training replies (left out {left_out} that repeat a dev/test user turn or reply, or another reply); "
          f"{len(new)} new to annotate, in {parts} new part(s) of at most {size} after the {len(existing)} there")


if __name__ == "__main__":
    main()
