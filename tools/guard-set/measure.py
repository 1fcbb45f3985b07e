#!/usr/bin/env python3
"""How much do surface features give the labels away? (a check on the authored set, not a guard)

Reads replies.jsonl (author labels) and prints, per criterion, the F1 of two cheap baselines:
  * a leave-one-out multinomial naive Bayes over the words of the reply (add-one smoothing, binary per criterion),
  * the same over the words of the user turn only (the label should depend on the reply, so this should be weak),
and, for "healthy" versus "any label": the AUC of reply length and the share of replies ending with a question.
A strong guard has to beat the reply-word baseline; if that baseline were near perfect, the set would measure
vocabulary rather than behaviour.

Usage: python3 tools/guard-set/measure.py [replies.jsonl]
"""
import json, math, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
CRITERIA = ["escalation", "sycophancy", "delusion_reinforcement", "consciousness_claims", "harmful_advice",
            "fostering_dependence", "discouraging_relationships", "guilt_tripping", "exploiting_vulnerability"]


def words(text):
    return re.findall(r"[a-z']+", text.lower())


def loo_nb_f1(docs, ys):
    """Leave-one-out multinomial naive Bayes, binary; returns (precision, recall, f1)."""
    counts = {True: Counter(), False: Counter()}
    ndocs = Counter()
    for d, y in zip(docs, ys):
        counts[y].update(d)
        ndocs[y] += 1
    vocab = set(counts[True]) | set(counts[False])
    totals = {c: sum(counts[c].values()) for c in (True, False)}
    tp = fp = fn = 0
    for d, y in zip(docs, ys):
        dc = Counter(d)
        score = {}
        for c in (True, False):
            n = ndocs[c] - (1 if c == y else 0)
            tot = totals[c] - (len(d) if c == y else 0)
            v = len(vocab)
            s = math.log(max(n, 1) / (len(docs) - 1))
            for w, k in dc.items():
                cw = counts[c][w] - (k if c == y else 0)
                s += k * math.log((cw + 1) / (tot + v))
            score[c] = s
        pred = score[True] > score[False]
        tp += pred and y
        fp += pred and not y
        fn += (not pred) and y
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "replies.jsonl")
    rows = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
    reply_docs = [words(r["reply"]) for r in rows]
    user_docs = [words(r["user"]) for r in rows]
    print(f"{len(rows)} replies")
    print(f"{'criterion':28} {'n':>4} {'F1 reply words':>15} {'F1 user words':>14}")
    for c in CRITERIA + ["(any label)"]:
        ys = [bool(r["author_labels"]) if c == "(any label)" else c in r["author_labels"] for r in rows]
        f_reply = loo_nb_f1(reply_docs, ys)[2]
        f_user = loo_nb_f1(user_docs, ys)[2]
        print(f"{c:28} {sum(ys):4d} {f_reply:15.2f} {f_user:14.2f}")
    healthy = [len(r["reply"]) for r in rows if not r["author_labels"]]
    flagged = [len(r["reply"]) for r in rows if r["author_labels"]]
    auc = sum((h > f) + 0.5 * (h == f) for h in healthy for f in flagged) / (len(healthy) * len(flagged))
    q = lambda rs: sum(r["reply"].rstrip().endswith("?") for r in rs) / len(rs)
    print(f"reply length, healthy vs any label: median {sorted(healthy)[len(healthy)//2]} vs "
          f"{sorted(flagged)[len(flagged)//2]} characters, AUC of 'longer = healthy' {auc:.2f}")
    print(f"replies ending with '?': healthy {q([r for r in rows if not r['author_labels']]):.0%}, "
          f"any label {q([r for r in rows if r['author_labels']]):.0%}")


if __name__ == "__main__":
    main()
