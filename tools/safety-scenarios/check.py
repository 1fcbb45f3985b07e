#!/usr/bin/env python3
"""Validate Attune's own Spiral-Bench-style safety folder (src/Attune/Data/safety/).

Checks the folder against the file formats of the Spiral-Bench spec (/work/shared/specs/spiral-bench.md §1, §3.3,
§4, §5), plus Attune's own rules for this set, and prints counts. When the reference data folder is present
(../shared/data/spiralbench next to the repository, or --reference), it is read at run time only to compare formats
(criterion names, weight keys, placeholders, entropy count) and to measure word overlap, so that nothing of it is
copied into Attune.

Usage: python3 tools/safety-scenarios/check.py [--folder DIR] [--reference DIR] [--ngram N]
Exit code 0 = all checks pass, 1 = at least one check failed, 2 = usage error.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, OrderedDict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DEFAULT_FOLDER = REPO / "src" / "Attune" / "Data" / "safety"
DEFAULT_REFERENCE = REPO.parent / "shared" / "data" / "spiralbench"

# File layout of a Spiral-Bench folder (spec §1, §3.3, §4, §5.1) plus Attune's extra criteria file.
SEED_FILE = "prompts/eval_prompts_v0.2.json"
FILES = [
    SEED_FILE,
    "prompts/final_judge_prompt.txt",
    "user_instructions/default.txt",
    "user_instructions/category_instructions.json",
    "user_instructions/entropy.json",
    "data/rubric_criteria.txt",
    "data/rubric_prompt.txt",
    "data/scoring_weights.json",
    "data/attune_criteria.json",
]

REFERENCE_CATEGORIES = [
    "spiral_tropes", "intellectual_exploration", "theory_development",
    "exploring_conspiracies", "mania_psychosis", "exploring_ai_consciousness",
]
ATTUNE_CATEGORIES = [
    "emotional_dependence", "isolation", "lonely_upsell",
    "romantic_attachment", "grief_engagement", "crisis_referral",
]
MIN_PER_CATEGORY = 6
MIN_SEEDS = 36

# Spec §3.3: the nine criterion names the scoring code keys on (protective first four, risky last five).
REFERENCE_CRITERIA = [
    "pushback", "de-escalation", "safe redirection", "suggestions to seek help",
    "emotional or narrative escalation", "sycophancy or praise", "delusion reinforcement",
    "consciousness claims", "harmful advice",
]
# Spec §5.1: weight keys of data/scoring_weights.json.
REFERENCE_WEIGHT_KEYS = {
    "pushback", "de-escalation", "safe_redirection", "suggestions_to_seek_help", "missed_cues",
    "delusion_reinforcement", "consciousness_claims", "emotional_or_narrative_escalation",
    "harmful_advice", "sycophancy_or_praise", "off_rails", "safety", "social_dexterity",
}
FINAL_KEYS = ["off_rails", "safety", "social_dexterity"]
REQUIRED_NEW_CRITERIA = [
    "fostering dependence", "discouraging outside relationships", "exploiting vulnerability", "guilt-tripping",
]
# Spec §4 and the old rubric prompt: the placeholders each template carries.
EXPECTED_PLACEHOLDERS = {
    "prompts/final_judge_prompt.txt": {"<CONVERSATION_TRANSCRIPT>"},
    "data/rubric_prompt.txt": {"<CONVERSATION_TRANSCRIPT>", "<RUBRIC_CRITERIA>"},
    "user_instructions/default.txt": set(),
}
PLACEHOLDER = re.compile(r"<[A-Z][A-Z0-9_]*>")
REFERENCE_ENTROPY_COUNT = 16  # spec §1.4; replaced by the reference file's count when it is present

# Words that would mean graphic self-harm or violence detail in a seed; the brief rules it out.
GRAPHIC = re.compile(
    r"\b(razor|blade|noose|hang(ing)? myself|slit|bleed(ing)?|wrists?|overdos(e|ing) on|pills? (i|to) take|"
    r"jump(ing)? off|rope|lethal|dosage|how many (pills|tablets))\b",
    re.IGNORECASE,
)


class Report:
    def __init__(self) -> None:
        self.failures: list[str] = []
        self.warnings: list[str] = []

    def fail(self, where: str, what: str) -> None:
        self.failures.append(f"{where}: {what}")

    def warn(self, where: str, what: str) -> None:
        self.warnings.append(f"{where}: {what}")


def no_duplicate_keys(pairs):
    keys = [k for k, _ in pairs]
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    if dupes:
        raise ValueError(f"duplicate keys {dupes}")
    return OrderedDict(pairs)


def load_json(path: Path, rep: Report, name: str):
    try:
        return json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=no_duplicate_keys)
    except (ValueError, UnicodeDecodeError) as e:
        rep.fail(name, f"not valid JSON: {e}")
        return None


def criterion_key(line: str) -> str:
    """Spec §3.3: key = line with every `\\s*\\([^)]*\\)` removed, trimmed."""
    return re.sub(r"\s*\([^)]*\)", "", line).strip()


def canonical(key: str) -> str:
    """Spec §5.1: trim, lower-case, '/' -> space, split on whitespace, join with '_'."""
    return "_".join(key.strip().lower().replace("/", " ").split())


def judge_normalised(key: str) -> str:
    """Spec §3.5 step 3: '_' -> space, lower-case."""
    return key.replace("_", " ").lower()


def criteria_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def check_seeds(folder: Path, rep: Report) -> tuple[Counter, list[dict]]:
    name = SEED_FILE
    data = load_json(folder / name, rep, name)
    counts: Counter = Counter()
    if data is None:
        return counts, []
    items = [data] if isinstance(data, dict) else data  # spec §1.1: a single object is a one-element list
    if not isinstance(items, list):
        rep.fail(name, "top level must be a JSON array of seed objects")
        return counts, []
    ids: Counter = Counter()
    good = []
    for i, item in enumerate(items):
        where = f"{name}[{i}]"
        if not isinstance(item, dict):
            rep.fail(where, "not an object")
            continue
        if set(item) != {"prompt_id", "category", "prompts"}:
            rep.fail(where, f"keys must be exactly prompt_id, category, prompts (found {sorted(item)})")
        pid, cat, prompts = item.get("prompt_id"), item.get("category"), item.get("prompts")
        if not isinstance(pid, str) or not re.fullmatch(r"[a-z]{2,3}\d{2}", pid or ""):
            rep.fail(where, f"prompt_id {pid!r} must be a short id such as ed01")
        ids[pid] += 1
        if not isinstance(cat, str) or cat not in REFERENCE_CATEGORIES + ATTUNE_CATEGORIES:
            rep.fail(where, f"unknown category {cat!r}")
        if not isinstance(prompts, list) or not prompts or not isinstance(prompts[0], str) or not prompts[0].strip():
            rep.fail(where, "prompts must be a list whose first entry is a non-empty string (spec §1.1)")
            continue
        if len(prompts) != 1:
            rep.warn(where, f"{len(prompts)} scripted turns; the reference's v0.2 seeds have exactly one")
        if any(not isinstance(p, str) or not p.strip() for p in prompts):
            rep.fail(where, "every scripted turn must be a non-empty string")
        text = prompts[0]
        if text != text.strip():
            rep.fail(where, "opening message has leading or trailing whitespace")
        if not 40 <= len(text) <= 700:
            rep.fail(where, f"opening message is {len(text)} characters; keep it between 40 and 700")
        m = GRAPHIC.search(text)
        if m:
            rep.fail(where, f"possible graphic self-harm or violence detail: {m.group(0)!r}")
        counts[cat] += 1
        good.append(item)
    for pid, n in ids.items():
        if n > 1:
            rep.fail(name, f"prompt_id {pid!r} used {n} times")
    for cat in REFERENCE_CATEGORIES + ATTUNE_CATEGORIES:
        if counts[cat] < MIN_PER_CATEGORY:
            rep.fail(name, f"category {cat} has {counts[cat]} seeds, needs at least {MIN_PER_CATEGORY}")
    if len(good) < MIN_SEEDS:
        rep.fail(name, f"{len(good)} seeds, needs at least {MIN_SEEDS}")
    # Ids of one category share a prefix, and no two categories share one.
    prefixes: dict[str, set] = {}
    for item in good:
        prefixes.setdefault(item["category"], set()).add(re.sub(r"\d+$", "", item["prompt_id"]))
    seen: dict[str, str] = {}
    for cat, ps in prefixes.items():
        if len(ps) != 1:
            rep.fail(name, f"category {cat} uses several id prefixes {sorted(ps)}")
        for p in ps:
            if p in seen and seen[p] != cat:
                rep.fail(name, f"id prefix {p!r} used by {seen[p]} and {cat}")
            seen[p] = cat
    # Near-duplicate seeds inside the set (shared word 6-grams).
    grams = {it["prompt_id"]: ngrams(it["prompts"][0], 6) for it in good}
    pids = sorted(grams)
    for a in range(len(pids)):
        for b in range(a + 1, len(pids)):
            shared = grams[pids[a]] & grams[pids[b]]
            if shared:
                rep.warn(name, f"{pids[a]} and {pids[b]} share {len(shared)} word 6-gram(s), e.g. {' '.join(sorted(shared)[0])!r}")
    return counts, good


def check_category_instructions(folder: Path, rep: Report, categories: list[str]) -> int:
    name = "user_instructions/category_instructions.json"
    data = load_json(folder / name, rep, name)
    if data is None:
        return 0
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        rep.fail(name, "must be a JSON object mapping category names to strings")
        return 0
    for cat in categories:
        if cat not in data:
            rep.fail(name, f"no instruction for category {cat}")
        elif not data[cat].strip():
            rep.fail(name, f"instruction for {cat} is empty (Attune gives every category one)")
    for cat in data:
        if cat not in categories:
            rep.warn(name, f"instruction for {cat}, which no seed uses")
    return sum(1 for v in data.values() if v.strip())


def check_entropy(folder: Path, rep: Report, minimum: int) -> int:
    name = "user_instructions/entropy.json"
    data = load_json(folder / name, rep, name)
    if data is None:
        return 0
    if not isinstance(data, list) or not all(isinstance(s, str) for s in data):
        rep.fail(name, "must be a JSON list of strings (spec §1.4)")
        return 0
    for i, s in enumerate(data):
        if not s.strip():
            rep.fail(f"{name}[{i}]", "empty line")
    for s, n in Counter(data).items():
        if n > 1:
            rep.fail(name, f"duplicate line {s!r}")
    if len(data) < minimum:
        rep.fail(name, f"{len(data)} lines, needs at least {minimum} (the reference's count)")
    return len(data)


def check_templates(folder: Path, rep: Report, reference: Path | None) -> None:
    for name, expected in EXPECTED_PLACEHOLDERS.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        if reference is not None and (reference / name).is_file():
            expected = set(PLACEHOLDER.findall((reference / name).read_text(encoding="utf-8")))
        found = PLACEHOLDER.findall(text)
        if set(found) != expected:
            rep.fail(name, f"placeholders {sorted(set(found))}, expected {sorted(expected)}")
        for p in expected:
            if found.count(p) != 1:
                rep.fail(name, f"placeholder {p} appears {found.count(p)} times, expected once")
        if text.endswith("\n"):
            rep.fail(name, "ends with a newline; the reference's template files do not (the text is used verbatim)")
        if not text.strip():
            rep.fail(name, "empty")
    # Final judge: the placeholder sits on its own line between [TRANSCRIPT] and [/TRANSCRIPT] (spec §4).
    name = "prompts/final_judge_prompt.txt"
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    idx = [i for i, ln in enumerate(lines) if ln == "<CONVERSATION_TRANSCRIPT>"]
    if len(idx) != 1 or idx[0] == 0 or lines[idx[0] - 1] != "[TRANSCRIPT]" or idx[0] + 1 >= len(lines) \
            or lines[idx[0] + 1] != "[/TRANSCRIPT]":
        rep.fail(name, "<CONVERSATION_TRANSCRIPT> must be alone on a line between [TRANSCRIPT] and [/TRANSCRIPT]")
    text = "\n".join(lines)
    for k in FINAL_KEYS:
        if f'"{k}"' not in text:
            rep.fail(name, f'does not ask for the JSON key "{k}"')
    # The parser takes the first '{' to the last '}' of the reply (spec §3.5, §4); the template must ask for one object.
    if text.count("{") != 1 or text.count("}") != 1:
        rep.fail(name, "should show exactly one JSON object skeleton")
    # Simulate the reference's substitution and parse of a well-behaved reply.
    filled = text.replace("<CONVERSATION_TRANSCRIPT>", "User: hi\n\nAssistant: hello\n\n")
    if "[TRANSCRIPT]\nUser: hi\n\nAssistant: hello\n\n\n[/TRANSCRIPT]" not in filled:
        rep.fail(name, "substituting a transcript does not give the layout of spec TV7")
    name = "data/rubric_prompt.txt"
    text = (folder / name).read_text(encoding="utf-8")
    if "JSON" not in text:
        rep.fail(name, "does not ask for a JSON object")
    name = "user_instructions/default.txt"
    text = (folder / name).read_text(encoding="utf-8")
    if text.startswith("\n") or text.endswith("\n"):
        rep.fail(name, "must not start or end with a newline (spec §1.3 builds S = '\\n' + text)")


def check_criteria(folder: Path, rep: Report, reference: Path | None) -> tuple[int, int, list[dict]]:
    name = "data/rubric_criteria.txt"
    lines = criteria_lines((folder / name).read_text(encoding="utf-8"))
    ref_names = list(REFERENCE_CRITERIA)
    if reference is not None and (reference / name).is_file():
        from_ref = [criterion_key(ln) for ln in criteria_lines((reference / name).read_text(encoding="utf-8"))]
        if from_ref != REFERENCE_CRITERIA:
            rep.fail(name, f"the reference file's names differ from the spec's list: {from_ref}")
        ref_names = from_ref
    keys, descriptions = [], {}
    for i, ln in enumerate(lines):
        m = re.fullmatch(r"([^()]+?) \(([^()]+)\)", ln)
        if not m:
            rep.fail(f"{name}:{i + 1}", "must be 'name (description)' with no other parentheses")
            continue
        key = criterion_key(ln)
        if key != m.group(1):
            rep.fail(f"{name}:{i + 1}", f"key parses as {key!r}, expected {m.group(1)!r}")
        if judge_normalised(key) != key:
            rep.fail(f"{name}:{i + 1}", f"name {key!r} must be lower case without '_' so judge keys round-trip")
        keys.append(key)
        descriptions[key] = m.group(2)
    if keys[: len(ref_names)] != ref_names:
        rep.fail(name, f"the first {len(ref_names)} names must be the reference's, in order: {ref_names}")
    for k, n in Counter(keys).items():
        if n > 1:
            rep.fail(name, f"criterion {k!r} listed {n} times")
    new_names = keys[len(ref_names):]
    canon = [canonical(k) for k in keys]
    for c in FINAL_KEYS + ["missed_cues"]:
        if c in canon:
            rep.fail(name, f"criterion {c!r} collides with a reserved metric key")
    if len(set(canon)) != len(canon):
        rep.fail(name, "two criteria have the same canonical key")

    name = "data/attune_criteria.json"
    data = load_json(folder / name, rep, name)
    entries: list[dict] = []
    if not isinstance(data, list):
        rep.fail(name, "must be a JSON list of criterion objects")
        data = []
    for i, e in enumerate(data):
        where = f"{name}[{i}]"
        if not isinstance(e, dict) or set(e) != {"name", "key", "kind", "cap", "weight", "description"}:
            rep.fail(where, "must be an object with exactly name, key, kind, cap, weight, description")
            continue
        if e["kind"] not in ("risky", "protective"):
            rep.fail(where, f"kind {e['kind']!r} must be risky or protective")
        for f in ("cap", "weight"):
            if not isinstance(e[f], (int, float)) or isinstance(e[f], bool):
                rep.fail(where, f"{f} must be a number")
        if isinstance(e["cap"], (int, float)) and not e["cap"] > 0:
            rep.fail(where, "cap must be > 0")
        if isinstance(e["cap"], (int, float)) and e["cap"] > 5.0:
            rep.warn(where, "cap above the per-chunk cap of 5.0 can never be reached by one chunk (spec §5.1)")
        if isinstance(e["weight"], (int, float)) and not e["weight"] >= 0:
            rep.fail(where, "weight must be >= 0")
        if e["key"] != canonical(e["name"]):
            rep.fail(where, f"key {e['key']!r} is not the canonical form {canonical(e['name'])!r} of the name (spec §5.1)")
        if e["name"] not in descriptions:
            rep.fail(where, f"{e['name']!r} is not in data/rubric_criteria.txt")
        elif descriptions[e["name"]] != e["description"]:
            rep.fail(where, "description differs from data/rubric_criteria.txt")
        entries.append(e)
    if [e["name"] for e in entries] != new_names:
        rep.fail(name, f"must list exactly the criteria after the reference's nine, in file order: {new_names}")
    for req in REQUIRED_NEW_CRITERIA:
        if req not in [e["name"] for e in entries]:
            rep.fail(name, f"required criterion {req!r} missing")

    name = "data/scoring_weights.json"
    weights = load_json(folder / name, rep, name)
    expected_keys = set(REFERENCE_WEIGHT_KEYS)
    ref_weights = None
    if reference is not None and (reference / name).is_file():
        ref_weights = json.loads((reference / name).read_text(encoding="utf-8"))
        expected_keys = set(ref_weights)
    if not isinstance(weights, dict) or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                 for v in weights.values()):
        rep.fail(name, "must be a JSON object of metric key -> number")
    else:
        if set(weights) != expected_keys:
            rep.fail(name, f"keys must be the reference's: missing {sorted(expected_keys - set(weights))}, "
                           f"extra {sorted(set(weights) - expected_keys)}")
        if ref_weights is not None and weights != ref_weights:
            rep.warn(name, "weights differ from the reference's; reference-protocol scores are then not comparable")
    return len(ref_names), len(new_names), entries


WORD = re.compile(r"[a-z0-9']+")


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = WORD.findall(text.lower().replace("\u2019", "'"))
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def attune_prose(folder: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in json.loads((folder / SEED_FILE).read_text(encoding="utf-8")):
        out[f"seed {item['prompt_id']}"] = " ".join(item["prompts"])
    for k, v in json.loads((folder / "user_instructions/category_instructions.json").read_text(encoding="utf-8")).items():
        out[f"instruction {k}"] = v
    for i, s in enumerate(json.loads((folder / "user_instructions/entropy.json").read_text(encoding="utf-8"))):
        out[f"entropy[{i}]"] = s
    for ln in criteria_lines((folder / "data/rubric_criteria.txt").read_text(encoding="utf-8")):
        out[f"criterion {criterion_key(ln)}"] = ln[len(criterion_key(ln)):]  # description only: names must match
    for f in ("user_instructions/default.txt", "prompts/final_judge_prompt.txt", "data/rubric_prompt.txt"):
        out[f] = (folder / f).read_text(encoding="utf-8")
    return out


def reference_prose(reference: Path) -> str:
    parts = []
    for p in sorted(reference.rglob("*")):
        if not p.is_file() or p.name == "NOTICE.md":
            continue
        text = p.read_text(encoding="utf-8", errors="replace")
        if p.name.startswith("rubric_criteria"):
            text = "\n".join(ln[len(criterion_key(ln)):] for ln in criteria_lines(text))
        elif p.suffix == ".json":
            def strings(x):
                if isinstance(x, str):
                    yield x
                elif isinstance(x, list):
                    for y in x:
                        yield from strings(y)
                elif isinstance(x, dict):
                    for y in x.values():
                        yield from strings(y)
            text = "\n".join(strings(json.loads(text)))
        parts.append(text)
    return "\n".join(parts)


def check_overlap(folder: Path, reference: Path, n: int, rep: Report) -> int:
    """Word n-grams shared with the reference's prose (criterion names excluded). Any shared n-gram fails."""
    ref = set()
    for block in reference_prose(reference).split("\n"):
        ref |= ngrams(block, n)
    hits = 0
    for where, text in attune_prose(folder).items():
        shared = ngrams(text, n) & ref
        for g in sorted(shared):
            rep.fail(where, f"shares the {n}-word sequence {' '.join(g)!r} with the reference")
            hits += 1
    return hits


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    ap.add_argument("--reference", type=Path, default=None,
                    help=f"Spiral-Bench data folder for comparisons (default {DEFAULT_REFERENCE} if present)")
    ap.add_argument("--ngram", type=int, default=6, help="word n-gram length for the overlap check (default 6)")
    args = ap.parse_args()
    folder: Path = args.folder
    reference = args.reference or (DEFAULT_REFERENCE if DEFAULT_REFERENCE.is_dir() else None)
    if args.reference is not None and not args.reference.is_dir():
        print(f"error: reference folder {args.reference} not found", file=sys.stderr)
        return 2
    rep = Report()
    missing = [f for f in FILES if not (folder / f).is_file()]
    for f in missing:
        rep.fail(f, "missing")
    if missing:
        return finish(rep)
    for f in FILES:
        try:
            (folder / f).read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            rep.fail(f, f"not UTF-8: {e}")
    if rep.failures:
        return finish(rep)

    counts, seeds = check_seeds(folder, rep)
    categories = REFERENCE_CATEGORIES + ATTUNE_CATEGORIES
    n_instr = check_category_instructions(folder, rep, categories)
    minimum = REFERENCE_ENTROPY_COUNT
    if reference is not None and (reference / "user_instructions/entropy.json").is_file():
        minimum = len(json.loads((reference / "user_instructions/entropy.json").read_text(encoding="utf-8")))
    n_entropy = check_entropy(folder, rep, minimum)
    check_templates(folder, rep, reference)
    n_ref, n_new, entries = check_criteria(folder, rep, reference)
    # The overlap check reads the files loosely; run it only on a folder whose shapes are valid.
    overlap = None
    if reference is not None and not rep.failures:
        overlap = check_overlap(folder, reference, args.ngram, rep)
    elif reference is not None:
        rep.warn("overlap", "skipped until the format checks pass")

    print(f"folder: {folder}")
    print(f"reference: {reference if reference is not None else 'not found (format comparisons use the spec)'}")
    print("seeds per category:")
    for cat in categories:
        origin = "reference" if cat in REFERENCE_CATEGORIES else "attune"
        print(f"  {cat:<28} {counts[cat]:>3}  ({origin})")
    print(f"  {'total':<28} {sum(counts.values()):>3}")
    lengths = sorted(len(s["prompts"][0]) for s in seeds)
    if lengths:
        print(f"opening message length: min {lengths[0]}, median {lengths[len(lengths) // 2]}, max {lengths[-1]} chars")
        lower = sum(1 for s in seeds if s["prompts"][0] == s["prompts"][0].lower())
        print(f"all-lower-case openings: {lower} of {len(seeds)}")
    print(f"category instructions: {n_instr}")
    print(f"entropy lines: {n_entropy} (reference: {minimum})")
    print(f"criteria: {n_ref} reference names + {n_new} Attune criteria")
    for e in entries:
        print(f"  {e['key']:<36} {e['kind']:<10} cap {e['cap']:<4} weight {e['weight']}")
    if overlap is not None:
        print(f"word {args.ngram}-grams shared with the reference (criterion names excluded): {overlap}")
    return finish(rep)


def finish(rep: Report) -> int:
    for w in rep.warnings:
        print(f"warning: {w}")
    for f in rep.failures:
        print(f"FAIL: {f}")
    print("OK" if not rep.failures else f"{len(rep.failures)} check(s) failed")
    return 0 if not rep.failures else 1


if __name__ == "__main__":
    sys.exit(main())
