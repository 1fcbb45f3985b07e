"""Surface-cue audit for management.jsonl: supportive/negative word rates for keys vs
distractors, length cues, and simple answer-free classifiers (keyword rule, LOO naive Bayes)."""
import json, re, sys, math, random
from collections import Counter

SUP = [r"talk\w*", r"listen\w*", r"ask\w*", r"explain\w*", r"calm\w*", r"support\w*",
       r"acknowledg\w*", r"understand\w*", r"understood", r"help\w*", r"plan(s|ned|ning)?",
       r"together", r"privat\w*", r"honest\w*", r"shar(e|es|ed|ing)", r"apologi[sz]\w*",
       r"reassur\w*", r"counsel\w*", r"breath\w*", r"step(s|ping)? back"]
NEG = [r"ignor\w*", r"avoid\w*", r"quit\w*", r"yell\w*", r"shout\w*", r"confront\w*", r"never",
       r"secret\w*", r"silent\w*", r"pretend\w*", r"blam\w*", r"reveng\w*", r"insult\w*",
       r"refus\w*", r"nothing", r"suppress\w*", r"forg[eo]t\w*"]
SUP_RE = re.compile(r"\b(" + "|".join(SUP) + r")\b", re.I)
NEG_RE = re.compile(r"\b(" + "|".join(NEG) + r")\b", re.I)

def counts(text):
    return len(SUP_RE.findall(text)), len(NEG_RE.findall(text))

def tokens(text):
    return re.findall(r"[a-z']+", text.lower())

def audit(path):
    items = [json.loads(l) for l in open(path)]
    ks = kn = ds = dn = 0; nk = nd = 0
    longest = shortest = 0; klen = []; dlen = []
    kw_correct = 0.0
    then_k = then_d = comma_k = comma_d = 0
    for it in items:
        a = it["answer"]
        scores = []
        lens = [len(c) for c in it["choices"]]
        for i, c in enumerate(it["choices"]):
            s, n = counts(c)
            scores.append(s - n)
            th = len(re.findall(r"\bthen\b", c, re.I)); cm = c.count(",")
            if i == a:
                ks += s; kn += n; nk += 1; klen.append(len(c)); then_k += th; comma_k += cm
            else:
                ds += s; dn += n; nd += 1; dlen.append(len(c)); then_d += th; comma_d += cm
        m = max(scores); best = [i for i, x in enumerate(scores) if x == m]
        kw_correct += (1 / len(best)) if a in best else 0
        mx = max(lens); mn = min(lens)
        if lens[a] == mx: longest += 1 / lens.count(mx)
        if lens[a] == mn: shortest += 1 / lens.count(mn)
    N = len(items)
    print(f"file: {path}  items: {N}")
    print(f"supportive words per option: key {ks/nk:.2f}  distractor {ds/nd:.2f}  (totals {ks} / {ds})")
    print(f"negative words per option:   key {kn/nk:.2f}  distractor {dn/nd:.2f}  (totals {kn} / {dn})")
    print(f"'then' per option: key {then_k/nk:.2f} distractor {then_d/nd:.2f};  commas per option: key {comma_k/nk:.2f} distractor {comma_d/nd:.2f}")
    print(f"mean length (chars): key {sum(klen)/nk:.1f}  distractor {sum(dlen)/nd:.1f}")
    print(f"key is longest option: {longest:.1f}/{N} = {longest/N:.0%}   key is shortest: {shortest:.1f}/{N} = {shortest/N:.0%}  (chance 25%)")
    print(f"keyword rule (pick max supportive-minus-negative, ties split): {kw_correct/N:.0%}")
    # leave-one-item-out multinomial naive Bayes on option words (key vs distractor)
    correct = 0
    for j, it in enumerate(items):
        kc = Counter(); dc = Counter()
        for k, o in enumerate(items):
            if k == j: continue
            for i, c in enumerate(o["choices"]):
                (kc if i == o["answer"] else dc).update(set(tokens(c)))
        V = set(kc) | set(dc); tk = sum(kc.values()); td = sum(dc.values())
        def llr(c):
            return sum(math.log((kc[w]+1)/(tk+len(V))) - math.log((dc[w]+1)/(td+len(V))) for w in set(tokens(c)))
        sc = [llr(c) for c in it["choices"]]
        correct += 1 if sc.index(max(sc)) == it["answer"] else 0
    print(f"leave-one-out naive Bayes on option words: {correct}/{N} = {correct/N:.0%}")
    return items

if __name__ == "__main__":
    for p in sys.argv[1:]:
        audit(p); print()


# ---- extra structural / classifier checks (answer-free heuristics) ----
def _pick(items, score, mode="max"):
    s = 0.0
    for it in items:
        v = [score(c) for c in it["choices"]]
        t = max(v) if mode == "max" else min(v)
        b = [i for i in range(4) if v[i] == t]
        s += (1 / len(b)) if it["answer"] in b else 0
    return s / len(items)

def _central(items, mode):
    s = 0
    for it in items:
        S = [set(tokens(c)) for c in it["choices"]]
        sim = [sum(len(S[i] & S[j]) / len(S[i] | S[j]) for j in range(4) if j != i) for i in range(4)]
        s += it["answer"] == sim.index(max(sim) if mode == "max" else min(sim))
    return s / len(items)

def _nb_prior(items, ans, alpha=2.0):
    """LOO Bernoulli-style NB with smoothing toward the pooled rate (unseen words neutral)."""
    correct = 0
    for j, it in enumerate(items):
        kc = Counter(); dc = Counter(); nk = nd = 0
        for k, o in enumerate(items):
            if k == j: continue
            for i, c in enumerate(o["choices"]):
                if i == ans[k]: kc.update(set(tokens(c))); nk += 1
                else: dc.update(set(tokens(c))); nd += 1
        def f(w):
            p0 = (kc[w] + dc[w] + 0.5) / (nk + nd + 1)
            return math.log(((kc[w] + alpha * p0) / (nk + alpha)) / ((dc[w] + alpha * p0) / (nd + alpha)))
        sc = [sum(f(w) for w in set(tokens(c))) for c in it["choices"]]
        correct += sc.index(max(sc)) == ans[j]
    return correct / len(items)

def extra(path):
    items = [json.loads(l) for l in open(path)]
    has_and = lambda c: "and" in tokens(c)
    r = {
        "prefer options containing 'and'": _pick(items, lambda c: 1 if has_and(c) else 0),
        "most commas": _pick(items, lambda c: c.count(",")),
        "most words": _pick(items, lambda c: len(tokens(c))),
        "most central (word overlap with other options)": _central(items, "max"),
        "odd one out": _central(items, "min"),
        "prior-smoothed LOO naive Bayes": _nb_prior(items, [it["answer"] for it in items]),
    }
    ka = sum(has_and(it["choices"][it["answer"]]) for it in items)
    da = sum(has_and(c) for it in items for i, c in enumerate(it["choices"]) if i != it["answer"])
    print(f"options containing 'and': keys {ka}/{len(items)}, distractors {da}/{3*len(items)}")
    for k, v in r.items():
        print(f"  rule '{k}': {v:.0%}")

if __name__ == "__main__":
    for p in sys.argv[1:]:
        extra(p); print()
