#!/usr/bin/env python3
"""Build Attune's embedded ability items (EmoBench JSONL schema) from the authored items and the two blind solving passes.

Inputs (this folder, all written for Attune): understanding.jsonl, management.jsonl (authored, with keys),
solve-pass1.jsonl and solve-pass2.jsonl (two independent blind solving passes over copies without keys; their
management answers belong to the first version of the management items), and solve-management-v2-pass1.jsonl and
-pass2.jsonl (two new blind passes over the rewritten management items, which are the ones used).
An item is kept only when both passes chose the author's key; the others would be rewritten or dropped.
Output: ../../src/Attune/Data/ability/EU.jsonl and EA.jsonl, and a summary on stdout for DATA.md.
"""
import json, os, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "src", "Attune", "Data", "ability")


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def main():
    p1 = {r["id"]: r for r in load("solve-pass1.jsonl")}
    p2 = {r["id"]: r for r in load("solve-pass2.jsonl")}
    p1.update({r["id"]: r for r in load("solve-management-v2-pass1.jsonl")})
    p2.update({r["id"]: r for r in load("solve-management-v2-pass2.jsonl")})
    kept, dropped, agree = {"EU": [], "EA": []}, [], 0
    total = 0
    for task, name in (("EU", "understanding.jsonl"), ("EA", "management.jsonl")):
        for item in load(name):
            total += 1
            a, b = p1[item["id"]]["answer"], p2[item["id"]]["answer"]
            agree += a == b
            if not (a == b == item["answer"]):
                dropped.append((item["id"], item["answer"], a, b))
                continue
            label = item["choices"][item["answer"]]
            if task == "EU":
                kept[task].append({"qid": item["id"], "language": "en", "coarse_category": item["category"], "finegrained_category": "",
                                   "scenario": item["scenario"], "subject": item["subject"], "emotion_choices": item["choices"],
                                   "emotion_label": label, "cause_choices": [], "cause_label": ""})
            else:
                kept[task].append({"qid": item["id"], "language": "en", "category": item["category"], "question type": "action",
                                   "scenario": item["scenario"], "subject": item["subject"], "choices": item["choices"], "label": label})
    for task in kept:
        with open(os.path.join(OUT, f"{task}.jsonl"), "w", encoding="utf-8") as f:
            for row in kept[task]:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"items: {total}; passes agree with each other: {agree}/{total}; kept (both passes chose the key): "
          f"EU {len(kept['EU'])}, EA {len(kept['EA'])}; dropped: {len(dropped)} {dropped}")


if __name__ == "__main__":
    main()
