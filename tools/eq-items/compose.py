#!/usr/bin/env python3
"""Compose Attune's own EQ items from the authored dialogues and two blind annotation passes.

Inputs (all in this folder, all written for Attune):
  dialogues.jsonl  the authored dialogues (id, setting, character, dialogue, emotions, author_key, tags, note)
  pass1.jsonl      blind annotation pass 1 ({"id", "scores": {emotion: 0-10}})
  pass2.jsonl      blind annotation pass 2
Output:
  ../../src/Attune/Data/eq-items.json   EQ-Bench v2 question-file format
  annotations.csv                        every rating, the reconciled reference and how it was decided
and prints the agreement statistics that DATA.md reports.

Reconciliation: where the two passes differ by at most 2, the reference is their mean rounded half up; where they
differ by more than 2, the author's intended rating acts as a third, independent judgment and the reference is the
median of the three. The v1 reference rescales the four intensities to integers that sum to 10 (largest remainder).
"""
import csv, json, math, os, statistics, sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "src", "Attune", "Data", "eq-items.json")


def load(name):
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prompt(item):
    e = item["emotions"]
    lines = [
        "",
        "Read the dialogue below and predict how one of its characters is likely to feel when it ends:",
        "",
        item["dialogue"],
        "[End dialogue]",
        "",
        f"When the dialogue ends, how strongly does {item['character']} feel each of these emotions?",
        *e,
        "",
        "Rate each emotion from 0 (not felt at all) to 10 (felt as strongly as possible)."
        " Then critique your answer by thinking it through step by step. Finally, give your revised scores.",
        "",
        "Answer in exactly this format, headings included, with your own numbers in place of the placeholders and nothing else:",
        "",
        "First pass scores:",
        *[f"{x}: <score>" for x in e],
        "",
        "Critique: <your critique here>",
        "",
        "Revised scores:",
        *[f"{x}: <revised score>" for x in e],
        "",
        "[End of answer]",
        "",
        "A score of 0 is allowed and means the emotion is absent; at least one emotion must score above 0.",
        "",
    ]
    return "\n".join(lines)


def v1_scores(full):
    total = sum(full)
    raw = [x * 10 / total for x in full]
    base = [math.floor(x) for x in raw]
    rest = 10 - sum(base)
    order = sorted(range(4), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def rank(xs):
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(xs):
        j = i
        while j + 1 < len(xs) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def pearson(a, b):
    ma, mb = statistics.fmean(a), statistics.fmean(b)
    cov = sum((x - ma) * (y - mb) for x, y in zip(a, b))
    va = math.sqrt(sum((x - ma) ** 2 for x in a))
    vb = math.sqrt(sum((y - mb) ** 2 for y in b))
    return cov / (va * vb)


def main():
    items = load("dialogues.jsonl")
    p1 = {r["id"]: r["scores"] for r in load("pass1.jsonl")}
    p2 = {r["id"]: r["scores"] for r in load("pass2.jsonl")}
    out, rows, a, b, authors, means = {}, [], [], [], [], []
    reconciled = 0
    for n, item in enumerate(items, start=1):
        full = []
        for e in item["emotions"]:
            x, y, author = p1[item["id"]][e], p2[item["id"]][e], item["author_key"][e]
            a.append(x); b.append(y); authors.append(author); means.append((x + y) / 2)
            if abs(x - y) <= 2:
                ref, how = math.floor((x + y) / 2 + 0.5), "mean"
            else:
                ref, how = sorted([x, y, author])[1], "median-with-author"
                reconciled += 1
            full.append(ref)
            rows.append([item["id"], e, x, y, author, ref, how])
        if sum(full) == 0:
            sys.exit(f"{item['id']}: every reconciled intensity is 0")
        v1 = v1_scores(full)
        ref_full = {f"emotion{i+1}": item["emotions"][i] for i in range(4)}
        ref_v1 = dict(ref_full)
        for i in range(4):
            ref_full[f"emotion{i+1}_score"] = full[i]
            ref_v1[f"emotion{i+1}_score"] = v1[i]
        out[str(n)] = {"prompt": prompt(item), "reference_answer": ref_v1, "reference_answer_fullscale": ref_full}
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(HERE, "annotations.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["item", "emotion", "pass1", "pass2", "author", "reference", "decided_by"])
        w.writerows(rows)
    rho = pearson(rank(a), rank(b))
    mad = statistics.fmean(abs(x - y) for x, y in zip(a, b))
    exact = sum(1 for x, y in zip(a, b) if x == y) / len(a)
    within2 = sum(1 for x, y in zip(a, b) if abs(x - y) <= 2) / len(a)
    print(f"items: {len(items)}, ratings per pass: {len(a)}")
    print(f"spearman rho (pass1 vs pass2): {rho:.3f}")
    print(f"pearson r: {pearson(a, b):.3f}")
    print(f"mean absolute difference: {mad:.3f}")
    print(f"exact agreement: {exact:.1%}, within 2 points: {within2:.1%}")
    print(f"spearman rho (author's intended key vs mean of the passes): {pearson(rank(authors), rank(means)):.3f}")
    print(f"mean absolute difference (author vs mean of the passes): {statistics.fmean(abs(x - y) for x, y in zip(authors, means)):.3f}")
    print(f"ratings reconciled (difference > 2): {reconciled} of {len(a)}")


if __name__ == "__main__":
    main()
