#!/usr/bin/env python3
"""CPython's own answers for every "CPython" expectation in Attune's tests.

Attune reproduces Python behaviour that its reference harnesses depend on (random.Random, json.loads and its error
messages, int()/float() on strings, round(), str.lower/splitlines, re.sub, str() of containers). The tests state the
expected values as literals; this script computes each of them with the interpreter itself, so a reviewer can
regenerate them. It needs nothing but CPython (the tests' values were taken with 3.11.7; run it with that version:
message wording and the int-digit limit changed across releases).

    python3.11 cpython_vectors.py            # prints "<test>: <value>" lines
    python3.11 cpython_vectors.py --check    # also compares with the values the tests state (exit 1 on a mismatch)

Tests covered: tests/Attune.Tests/Statistics/PythonRandomTests.cs, Suites/Safety/PythonJsonTests.cs,
Suites/Safety/PythonSemanticsTests.cs, Suites/Safety/SpiralCriteriaTests.cs (criterion keys),
Suites/Safety/SpiralFinalJudgeTests.cs (json error), Suites/Safety/SpiralChunkJudgeTests.cs (error texts),
Suites/Eq3/Eq3RubricTests.cs (str of nested values), Suites/Eq/EqScoringTests.cs (round).
"""
import json
import random
import re
import sys

results = []  # (test, computed, stated)


def vector(test, computed, stated):
    results.append((test, computed, stated))


def error_of(thunk):
    try:
        thunk()
    except Exception as e:  # the message Python gives is the vector
        return str(e)
    return None


# --- PythonRandomTests -------------------------------------------------------------------------------------------
r = random.Random(42)
vector("PythonRandomTests.Integer_seed_42_gives_the_well_known_first_values", [r.random() for _ in range(3)],
       [0.6394267984578837, 0.025010755222666936, 0.27502931836911926])
r = random.Random(42)
vector("PythonRandomTests.Integer_seed_42_raw_words", [r.getrandbits(32), r.getrandbits(32)], [2746317213, 478163327])
vector("PythonRandomTests.Other_integer_seeds(0)", random.Random(0).random(), 0.8444218515250481)
vector("PythonRandomTests.Other_integer_seeds(-42)", random.Random(-42).random(), 0.6394267984578837)
vector("PythonRandomTests.Multi_word_integer_seed", random.Random(2**100 + 7).random(), 0.41604161323913513)
for seed, first in [("", 0.9602256525641875), ("abc", 0.7720246314157545), ("héllo✓", 0.12601871362713057)]:
    vector(f"PythonRandomTests.String_seeds_use_version_2_hashing({seed!r})", random.Random(seed).random(), first)
vector("PythonRandomTests.Byte_seed_equals_the_same_string_seed", random.Random(b"abc").random(), 0.7720246314157545)
r = random.Random("1-sc01-0")
vector("PythonRandomTests.Spec_string_seed_first_three_values", [r.random() for _ in range(3)],
       [0.5930388721294607, 0.33980862859803607, 0.13998588832076064])
items = list(range(10))
random.Random(1).shuffle(items)
vector("PythonRandomTests.Shuffle_matches_cpython", items, [6, 8, 9, 7, 5, 3, 0, 4, 1, 2])
r = random.Random(42)
r.shuffle([])
r.shuffle([1])
vector("PythonRandomTests.Shuffle_of_empty_and_single_lists_draws_nothing", r.random(), 0.6394267984578837)
r = random.Random(7)
vector("PythonRandomTests.Choice_matches_cpython", "".join(r.choice("abcdefghijklmnop") for _ in range(10)), "kembcdlbgb")
r = random.Random(7)
a = [r.randrange(10, 100, 7) for _ in range(5)]
b = [r.randrange(100, 10, -7) for _ in range(5)]
c = r.randrange(1)
d = r.randint(-5, 5)
vector("PythonRandomTests.RandRange_with_steps_and_randint_match_cpython", [a, b, c, d],
       [[45, 24, 52, 80, 10], [93, 44, 93, 65, 37], 0, 3])
vector("PythonRandomTests.Sample_uses_the_set_method_for_large_populations", random.Random(3).sample(range(100), 10),
       [30, 75, 69, 16, 47, 77, 60, 80, 74, 8])
vector("PythonRandomTests.Sample_uses_the_pool_method_for_small_populations", random.Random(3).sample(range(50), 10),
       [15, 37, 34, 8, 23, 38, 30, 40, 48, 4])
r = random.Random(5)
vector("PythonRandomTests.GetRandBits_of_various_widths", [r.getrandbits(0), r.getrandbits(1), r.getrandbits(33), r.getrandbits(64)],
       [0, 1, 5392095289, 14668732198480837564])
r = random.Random(5)
vector("PythonRandomTests.RandBelow_of_wide_ranges", [r.randrange(1 << 40), r.randrange((1 << 62) + 3)], [561021090885, 3306906422018949273])
vector("PythonRandomTests.Uniform_matches_cpython", random.Random(9).uniform(2.0, 5.0), 3.3890220734450645)
ids = ("sc01 sc02 sc03 sc04 sc05 ie01 ie02 ie03 ie04 ie05 td01 td02 td03 td04 td05 ec01 ec02 ec03 ec04 ec05 "
       "mp01 mp02 mp03 mp04 mp05 eac01 eac02 eac03 eac04 eac05").split()
random.Random(42).shuffle(ids)
vector("PythonRandomTests.Spec_TV2_seed_42_shuffle_of_thirty_seeds", " ".join(ids),
       "ec05 td05 td01 eac02 mp03 ie02 ie01 td03 td02 ec01 ie05 eac01 eac05 mp02 ec02 eac03 sc02 td04 "
       "ec04 sc03 ec03 eac04 sc05 mp05 ie03 ie04 mp04 sc01 sc04 mp01")
r = random.Random("1-td05-0")
fired = [(t, r.choice(range(16))) for t in range(20) if r.random() < 1.0 / 5]
vector("PythonRandomTests.Spec_TV1_injection_draws_for_td05", fired, [(2, 9), (4, 3), (5, 13), (8, 10), (15, 13), (16, 3), (17, 3)])

# --- PythonJsonTests ---------------------------------------------------------------------------------------------
json_errors = [
    ('{"a":1,}', "Expecting property name enclosed in double quotes: line 1 column 8 (char 7)"),
    ("[1,]", "Expecting value: line 1 column 4 (char 3)"),
    ('{"a" 1}', "Expecting ':' delimiter: line 1 column 6 (char 5)"),
    ("[1 2]", "Expecting ',' delimiter: line 1 column 4 (char 3)"),
    ('{"a": }', "Expecting value: line 1 column 7 (char 6)"),
    ('{"a": "b', "Unterminated string starting at: line 1 column 7 (char 6)"),
    ('{"a": "b\u0001"}', "Invalid control character at: line 1 column 9 (char 8)"),
    ('{"a": "\\x"}', "Invalid \\escape: line 1 column 8 (char 7)"),
    ('{"a": "\\u12"}', "Invalid \\uXXXX escape: line 1 column 9 (char 8)"),
    ('{"a": "\\u12zz"}', "Invalid \\uXXXX escape: line 1 column 9 (char 8)"),
    ('{"a": nul}', "Expecting value: line 1 column 7 (char 6)"),
    ('{"a": -}', "Expecting value: line 1 column 7 (char 6)"),
    ('{"a": 01}', "Expecting ',' delimiter: line 1 column 8 (char 7)"),
    ('{"a": 1.}', "Expecting ',' delimiter: line 1 column 8 (char 7)"),
    ('{"a": 1e}', "Expecting ',' delimiter: line 1 column 8 (char 7)"),
    ('{"a": [}', "Expecting value: line 1 column 8 (char 7)"),
    ('{"a": {}}x', "Extra data: line 1 column 10 (char 9)"),
    ("{'a': 1}", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ('{"a": 1} // c', "Extra data: line 1 column 10 (char 9)"),
    ('{"a":\n"x\ty"}', "Invalid control character at: line 2 column 3 (char 8)"),
    ('{"é": "😀x\u0002"}', "Invalid control character at: line 1 column 10 (char 9)"),
    ('{"a": "\\u12"', "Invalid \\uXXXX escape: line 1 column 9 (char 8)"),
    ('{"a": tru}', "Expecting value: line 1 column 7 (char 6)"),
    ('{"a": "x\\', "Unterminated string starting at: line 1 column 7 (char 6)"),
    ("{", "Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
]
for text, message in json_errors:
    vector(f"PythonJsonTests.Errors_match_cpython({text!r})", error_of(lambda: json.loads(text)), message)
obj = json.loads('{"a": 1e400, "b": 12345678901234567890123, "c": -0, "d": -0.0, "e": 1E+2, "f": NaN, "g": -Infinity, '
                 '"h": "\\ud83d\\ude00", "i": "\\ud800", "j": [true, false, null], "k": {}}')
vector("PythonJsonTests.Values_match_cpython", repr(obj),
       repr({"a": float("inf"), "b": 12345678901234567890123, "c": 0, "d": -0.0, "e": 100.0, "f": float("nan"), "g": float("-inf"),
             "h": "😀", "i": "\ud800", "j": [True, False, None], "k": {}}))
dup = json.loads('{"a": 1, "b": 2, "a": 3}')
vector("PythonJsonTests.Duplicate_keys_keep_the_first_position_and_the_last_value", [list(dup), dup["a"]], [["a", "b"], 3])
vector("PythonJsonTests.Deep_nesting_fails_like_a_recursion_error", "maximum recursion depth" in (error_of(lambda: json.loads("[" * 5000 + "]" * 5000)) or ""), True)
vector("PythonJsonTests.Integers_longer_than_4300_digits_are_rejected",
       [error_of(lambda: json.loads('{"a": ' + "9" * 4301 + "}")) is not None, error_of(lambda: json.loads('{"a": ' + "9" * 4300 + "}")) is None], [True, True])

# --- PythonSemanticsTests ----------------------------------------------------------------------------------------
def py_int(text):
    try:
        return str(int(text))
    except ValueError:
        return None


for text, expected in [(" 2 ", "2"), ("1_0", "10"), ("٣", "3"), ("+3", "3"), ("\u20037\u2003", "7"), ("١٢", "12"), ("-2", "-2"),
                       ("007", "7"), (" 7.5 ", None), ("1__0", None), ("_1", None), ("1_", None), ("3.0", None), ("0x10", None),
                       ("", None), ("-", None), ("high", None)]:
    vector(f"PythonSemanticsTests.Int_of_strings({text!r})", py_int(text), expected)
for text, expected in [(" 7.5 ", 7.5), ("1_0", 10.0), ("٣", 3.0), (" -inf", float("-inf")), ("Infinity", float("inf")), (".5", 0.5),
                       ("5.", 5.0), ("1e400", float("inf")), ("+3", 3.0), ("1_0.5", 10.5), ("1.5_0", 1.5), ("1e1_0", 1e10), ("\u20037\u2003", 7.0)]:
    vector(f"PythonSemanticsTests.Float_of_strings({text!r})", float(text), expected)
for text in ["1__0", "_1", "1e", "0x10", ".", "high", ""]:
    vector(f"PythonSemanticsTests.Float_rejects({text!r})", error_of(lambda: float(text)) is not None, True)
vector("PythonSemanticsTests.Float_of_nan_strings", [str(float("nan")), str(float("-NaN"))], ["nan", "nan"])
vector("PythonSemanticsTests.Int_of_values", [int(2.7), int(-2.7), int(True), error_of(lambda: int(float("inf"))) is not None,
                                              error_of(lambda: int(float("nan"))) is not None], [2, -2, 1, True, True])
vector("PythonSemanticsTests.Float_of_a_huge_int_overflows", error_of(lambda: float(10 ** 400)) is not None, True)
vector("PythonSemanticsTests.Lower_maps_dotted_capital_i_to_two_code_points", "İ".lower(), "i\u0307")
vector("PythonSemanticsTests.Splitlines_like_python", ["a\r\nb\n\rc\u2028d".splitlines(), "a\n".splitlines(), "".splitlines()],
       [["a", "b", "", "c", "d"], ["a"], []])
vector("PythonSemanticsTests.Code_points", [len("a😀b"), "a😀b"[:2], len("\ud800"), "\uff5e" < "😀"], [3, "a😀", 1, True])

# --- SpiralCriteriaTests: criterion keys (spec §3.3: every \s*\([^)]*\) removed, then trimmed) -------------------
for line, key in [("pushback (the assistant pushes back (strongly))", "pushback)"), ("safe redirection (redirection of the topic)", "safe redirection"),
                  ("a (x) b (y)", "a b"), ("plain", "plain")]:
    vector(f"SpiralCriteriaTests.Criterion_keys_drop_parentheticals({line!r})", re.sub(r"\s*\([^)]*\)", "", line).strip(), key)

# --- SpiralFinalJudgeTests / SpiralChunkJudgeTests: Python's error texts ------------------------------------------
vector("SpiralFinalJudgeTests.Failures_give_a_reason_and_no_judgement", error_of(lambda: json.loads('{"off_rails": 3,}')),
       "Expecting property name enclosed in double quotes: line 1 column 17 (char 16)")
vector("SpiralChunkJudgeTests.Python_errors_while_normalising_make_the_chunk_a_stub",
       [error_of(lambda: (5).strip()), error_of(lambda: ["x"].strip()), error_of(lambda: int(float("inf"))), error_of(lambda: int(float("nan")))],
       ["'int' object has no attribute 'strip'", "'list' object has no attribute 'strip'", "cannot convert float infinity to integer",
        "cannot convert float NaN to integer"])

# --- Eq3RubricTests: how Python writes nested values ---------------------------------------------------------------
vector("Eq3RubricTests.NestedValuesAreReadFromTheirPythonText", [str(json.loads("[1.0e2]")), str(json.loads('{"k": "\\t9"}'))],
       ["[100.0]", "{'k': '\\t9'}"])

# --- EqScoringTests: round() is correctly rounded, half to even ----------------------------------------------------
for x, expected in [(77.495, 77.5), (0.125, 0.12), (0.375, 0.38), (2.675, 2.67), (-47.5, -47.5), (33.264999999, 33.26), (1e-9, 0.0)]:
    vector(f"EqScoringTests.Python_round_is_correctly_rounded_half_even({x!r})", round(x, 2), expected)


def same(a, b):
    return repr(a) == repr(b)


if __name__ == "__main__":
    check = "--check" in sys.argv
    if sys.version_info[:2] != (3, 11):
        print(f"warning: the tests' values were taken with CPython 3.11.7; this is {sys.version.split()[0]}", file=sys.stderr)
    bad = 0
    for test, computed, stated in results:
        mark = "" if not check else ("  ok" if same(computed, stated) else f"  MISMATCH (the test states {stated!r})")
        bad += check and not same(computed, stated)
        print(f"{test}: {computed!r}{mark}")
    if check:
        print(f"{len(results) - bad} of {len(results)} vectors agree with the tests", file=sys.stderr)
        sys.exit(1 if bad else 0)
