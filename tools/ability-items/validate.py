import json, re, collections, sys
ok = True
def err(*a):
    global ok; ok = False; print("ERROR", *a)

def sentences(s):
    return len([x for x in re.split(r"(?<=[.!?])['\"]?\s+(?=[A-Z'\"])", s.strip()) if x])

specs = {
 "understanding": dict(n=56, k=5, prefix="u", cats={"loss","threat","blame-other","blame-self","exposure","success","relief","injustice","mixed","ambiguity"},
                       q="What is {} most likely to feel?"),
 "management": dict(n=56, k=4, prefix="m", cats={"self","other"}, q="What is the most effective thing for {} to do?"),
}
fields = ["id","scenario","subject","question","choices","answer","category","rationale"]
bfields = ["id","scenario","subject","question","choices"]
for name, sp in specs.items():
    rows = [json.loads(l) for l in open(f"{name}.jsonl", encoding="utf-8")]
    blind = [json.loads(l) for l in open(f"{name}.blind.jsonl", encoding="utf-8")]
    print(f"== {name}: {len(rows)} items, {len(blind)} blind")
    if len(rows) != sp["n"]: err(name, "count", len(rows))
    ids = [r.get("id") for r in rows]
    if len(set(ids)) != len(ids): err(name, "duplicate ids")
    pos = collections.Counter(); cats = collections.Counter(); longest = 0; ratio = []
    for r in rows:
        if list(r.keys()) != fields: err(r.get("id"), "fields", list(r.keys()))
        if not re.fullmatch(sp["prefix"] + r"\d{2}", r["id"]): err(r["id"], "id format")
        ch = r["choices"]
        if len(ch) != sp["k"]: err(r["id"], "n choices", len(ch))
        if len(set(c.strip().lower() for c in ch)) != len(ch): err(r["id"], "duplicate choices")
        if not isinstance(r["answer"], int) or not 0 <= r["answer"] < len(ch): err(r["id"], "answer range")
        if r["category"] not in sp["cats"]: err(r["id"], "category", r["category"])
        if r["question"] != sp["q"].format(r["subject"]): err(r["id"], "question text")
        if r["subject"] not in r["scenario"]: err(r["id"], "subject not in scenario")
        ns = sentences(r["scenario"])
        if not 2 <= ns <= 4: err(r["id"], "scenario sentences", ns)
        if not r["rationale"].strip(): err(r["id"], "empty rationale")
        pos[r["answer"]] += 1; cats[r["category"]] += 1
        L = [len(c) for c in ch]; a = r["answer"]
        if L[a] == max(L): longest += 1
        others = [l for i, l in enumerate(L) if i != a]
        ratio.append(L[a] / (sum(others) / len(others)))
        if name == "management":
            if max(L) / min(L) > 1.35: print("  note: length spread", r["id"], L)
    for b, r in zip(blind, rows):
        if list(b.keys()) != bfields: err(b.get("id"), "blind fields")
        if any(b[k] != r[k] for k in bfields): err(b["id"], "blind mismatch")
    if len(blind) != len(rows): err(name, "blind count")
    print("  answer positions:", dict(sorted(pos.items())))
    print("  categories:", dict(sorted(cats.items())))
    print(f"  correct option is (tied-)longest in {longest}/{len(rows)} items (chance ~{len(rows)/sp['k']:.0f})")
    print(f"  mean length ratio correct/distractor: {sum(ratio)/len(ratio):.2f}")
# cross-file: unique scenarios
print("ALL OK" if ok else "FAILED"); sys.exit(0 if ok else 1)
