import json, random
from src_understanding import U

def balanced_positions(n, k, seed):
    pos = [i % k for i in range(n)]
    rng = random.Random(seed)
    rng.shuffle(pos)
    return pos

def build(items, k, prefix, seed, question):
    rng = random.Random(seed + 1)
    pos = balanced_positions(len(items), k, seed)
    out = []
    for i, it in enumerate(items):
        cat, subj, scen, correct, distr, rat = it[:6]
        d = list(distr); rng.shuffle(d)
        choices = d[:pos[i]] + [correct] + d[pos[i]:]
        assert len(choices) == k
        out.append({"id": f"{prefix}{i+1:02d}", "scenario": scen, "subject": subj,
                    "question": question.format(subj), "choices": choices,
                    "answer": pos[i], "category": cat, "rationale": rat})
    return out

u = build(U, 5, "u", 20240611, "What is {} most likely to feel?")
# management.jsonl is no longer generated here: it was rewritten by hand (v2) so that surface wording does not
# predict the key, and is now its own source (see measure_management.py and DATA.md).
for name, rows in (("understanding", u),):
    with open(f"{name}.jsonl", "w", encoding="utf-8") as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(f"{name}.blind.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in ("id","scenario","subject","question","choices")}, ensure_ascii=False) + "\n")
print("reversal items:", sum(1 for it in U if it[6]))
