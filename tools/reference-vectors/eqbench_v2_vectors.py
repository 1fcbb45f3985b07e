#!/usr/bin/env python3
"""EQ-Bench v2 test vectors, computed by the EQ-Bench reference harness itself.

Regenerates ../shared/specs/eq-bench-v2-vectors.json (which Attune's eq tests read) from a checkout of
EQ-bench/EQ-Bench (MIT; the vectors were taken at commit d28c60c):
  - formula_points: the scaled difference per absolute difference, read back from lib.scoring.calculate_score_fullscale
    (one emotion off by d, the others exact: score = 10 - 0.7477 * scaled(d));
  - aggregation_scenarios: lib.scoring.calculate_eq_bench_score(fullscale=True) on stored per-question scores;
  - prompt_vectors: remove_revision_instructions (default mode) or the prompt unchanged (revise mode) for English
    questions 1 and 171 and German question 1.
No model is called and nothing is written outside a temporary folder (the harness's results dump goes there).

    python3 eqbench_v2_vectors.py --reference ~/src/EQ-Bench --questions ../../../shared/data/eqbench > vectors.json
    python3 eqbench_v2_vectors.py --reference ~/src/EQ-Bench --questions ../../../shared/data/eqbench --check ../../../shared/specs/eq-bench-v2-vectors.json
"""
import argparse
import importlib
import json
import math
import os
import sys
import tempfile
import types

ABS_DIFFS = [0, 0.5, 1, 2, 3, 4, 5, 5.5, 6, 7, 8, 9, 10, 15]

# name, description, {iteration: {question: (first pass v2 score, revised v2 score)}}
SCENARIOS = [
    ("revised_wins", "Revised >= first pass and revised_parseable >= 0.95*first_parseable -> revised chosen",
     {"1": {"a": (6.0, 8.0), "b": (7.0, 7.5)}}),
    ("revised_higher_but_fewer_parseable", "Revised higher but parseable < 0.95*first -> first pass chosen",
     {"1": {"a": (6.0, 9.0), "b": (7.0, None), "c": (5.0, 9.5)}}),
    ("revised_lower", "Revised lower -> first pass chosen", {"1": {"a": (8.0, 6.0), "b": (7.0, 7.0)}}),
    ("two_iterations_average", "Scores and parseable counts are averaged over iterations (parseable may be fractional)",
     {"1": {"a": (9.0, None), "b": (5.0, None)}, "2": {"a": (7.0, None), "b": (None, None), "c": (4.0, None)}}),
    ("negative_items", "Per-question scores below zero are not clamped; aggregate can be negative",
     {"1": {"a": (-12.5, None), "b": (3.0, None)}}),
    ("empty_iteration_counts_in_denominator", "An iteration with no parseable items contributes 0 but still counts in n_iterations",
     {"1": {"a": (8.0, None)}, "2": {}}),
]

PROMPTS = [("1", "en", False), ("1", "en", True), ("171", "en", False), ("171", "en", True), ("1", "de", False), ("1", "de", True)]


def import_with_stand_ins(name):
    """Imports a reference module; third-party modules it imports but these functions never use get inert stand-ins."""
    for _ in range(50):
        try:
            return importlib.import_module(name)
        except ModuleNotFoundError as e:
            missing = e.name
            if not missing or missing in sys.modules:
                raise
            stub = types.ModuleType(missing)
            stub.__path__ = []
            stub.__getattr__ = lambda attr: (_ for _ in ()).throw(AttributeError(attr)) if attr.startswith("__") else (lambda *a, **k: None)
            sys.modules[missing] = stub
            parent, _, child = missing.rpartition(".")
            if parent in sys.modules:
                setattr(sys.modules[parent], child, stub)
            print(f"stand-in for {missing} (not installed; unused here)", file=sys.stderr)
    raise RuntimeError(f"too many missing modules importing {name}")


def load_reference(reference):
    sys.path.insert(0, reference)
    util = import_with_stand_ins("lib.util")
    if not hasattr(util, "safe_dump"):  # older checkouts keep it elsewhere; scoring only uses it to save results
        util.safe_dump = lambda *a, **k: None
    scoring = import_with_stand_ins("lib.scoring")
    try:
        helpers = import_with_stand_ins("lib.run_bench_helper_functions")
        remove = helpers.remove_revision_instructions
    except (ImportError, AttributeError):
        remove = import_with_stand_ins("lib.run_bench").remove_revision_instructions
    return scoring, remove


def formula_points(scoring):
    points = []
    reference = {"emotion1": "A", "emotion2": "B", "emotion3": "C", "emotion4": "D",
                 "emotion1_score": 0, "emotion2_score": 0, "emotion3_score": 0, "emotion4_score": 0}
    for d in ABS_DIFFS:
        score = scoring.calculate_score_fullscale(reference, {"A": str(d), "B": "0", "C": "0", "D": "0"})
        points.append({"abs_diff": d, "scaled_difference": (10 - score) / 0.7477})
    return points


def aggregation(scoring, tmp):
    out = []
    for name, description, iterations in SCENARIOS:
        results = {"run": {"run_metadata": {"total_iterations": len(iterations)}, "iterations": {}}}
        for it, questions in iterations.items():
            results["run"]["iterations"][it] = {"individual_scores_fullscale": {
                q: {"first_pass_score": fp, "revised_score": rv} for q, (fp, rv) in questions.items()}}
        score, parseable = scoring.calculate_eq_bench_score("run", results, os.path.join(tmp, "results.json"), fullscale=True)
        out.append({
            "name": name, "description": description,
            "iterations": {it: {q: {"first_pass_score": fp, "revised_score": rv} for q, (fp, rv) in qs.items()} for it, qs in iterations.items()},
            "expected_score": score, "expected_parseable": parseable,
            "expected_iteration_detail": {it: results["run"]["iterations"][it]["benchmark_results_fullscale"] for it in iterations},
        })
    return out


def prompt_vectors(remove, questions_dir):
    files = {"en": "eq_bench_v2_questions_171.json", "de": "eq_bench_v2_questions_171_de.json"}
    out = []
    for qid, language, revise in PROMPTS:
        with open(os.path.join(questions_dir, files[language]), encoding="utf-8") as f:
            prompt = json.load(f)[qid]["prompt"]
        out.append({"language": language, "question_id": qid, "revise_mode": revise,
                    "expected_prompt": prompt if revise else remove(prompt, language)})
    return out


def check(mine, stated):
    problems = []
    for a, b in zip(mine["formula_points"], stated["formula_points"]):
        if a["abs_diff"] != b["abs_diff"] or not math.isclose(a["scaled_difference"], b["scaled_difference"], rel_tol=1e-12, abs_tol=1e-12):
            problems.append(f"formula point {b['abs_diff']}: {a['scaled_difference']!r} vs {b['scaled_difference']!r}")
    for a, b in zip(mine["aggregation_scenarios"], stated["aggregation_scenarios"]):
        if json.dumps(a, sort_keys=True) != json.dumps(b, sort_keys=True):
            problems.append(f"aggregation scenario {b['name']} differs")
    for a, b in zip(mine["prompt_vectors"], stated["prompt_vectors"]):
        if a != b:
            problems.append(f"prompt {b['language']}/{b['question_id']}/revise={b['revise_mode']} differs")
    for key in ["formula_points", "aggregation_scenarios", "prompt_vectors"]:
        if len(mine[key]) != len(stated[key]):
            problems.append(f"{key}: {len(mine[key])} vectors here, {len(stated[key])} stated")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="an EQ-bench/EQ-Bench checkout (lib/scoring.py)")
    parser.add_argument("--questions", required=True, help="folder with eq_bench_v2_questions_171.json and _de.json")
    parser.add_argument("--check", help="a vectors file to compare with (exit 1 on a difference)")
    args = parser.parse_args()
    reference = os.path.abspath(os.path.expanduser(args.reference))
    questions = os.path.abspath(os.path.expanduser(args.questions))
    scoring, remove = load_reference(reference)
    with tempfile.TemporaryDirectory() as tmp:
        doc = {
            "about": "Public test vectors for the EQ-Bench v2 protocol (see eq-bench-v2.md), computed by running the reference implementation.",
            "formula_points": formula_points(scoring),
            "aggregation_scenarios": aggregation(scoring, tmp),
            "prompt_vectors": prompt_vectors(remove, questions),
        }
    if args.check:
        with open(args.check, encoding="utf-8") as f:
            problems = check(doc, json.load(f))
        for p in problems:
            print(p)
        print(f"{'no' if not problems else len(problems)} difference(s) from {args.check}", file=sys.stderr)
        sys.exit(1 if problems else 0)
    print(json.dumps(doc, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
