#!/usr/bin/env python3
"""Check Attune's own EQ-Bench-3-style scenario set (src/Attune/Data/eq3/).

The scenario file is parsed twice:
  1. with a port of the reference grammar (EQ-Bench 3 spec, section 1.1: `parse_scenario_prompts`), which is what the
     benchmark will actually see, quirks included;
  2. with a strict line-by-line reading of what the author meant (headers, `kind:` lines, `####### PromptN` blocks).
The two must agree exactly. Anything the reference grammar would lose, merge, split or silently ignore is an error:
a header without prompts, an empty prompt, a duplicate id, a near-miss delimiter such as `####### Prompt 1` or
`####### 1`, text between a header and its first prompt other than the `kind:` line, a BOM, CR characters.

It also checks the notes file (spec 1.2), the templates' placeholders and output contracts (spec 1.3, 2.5, 3.2, 4.3),
the criteria files (spec 3.5 and the ability columns of spec 6), the tags the set promises, and that no 8-word run of
text is shared with the reference data in ../shared/data/eqbench3 (when that folder exists).

Prints counts per kind and domain, turns per scenario and tag counts. Exit code 0 when clean, 1 on any error.
Usage: python3 tools/eq3-scenarios/check.py [--quiet]
"""
import json
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "src", "Attune", "Data", "eq3")
REFERENCE = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "eqbench3"))

# --- spec 1.1 / 1.2 patterns ------------------------------------------------------------------------------------
HEADER = re.compile(r"^########\s*(\S+)")
DELIMITER = re.compile(r"^#######\s*Prompt(\d+)")
REPORT_HEADER = re.compile(r"^#{8}\s*(\d+)\s*\|\s*([^|]+?)\s*\|\s*(.+)$")  # the HTML report's header regex
# --- Attune's own conventions -------------------------------------------------------------------------------------
KIND_LINE = re.compile(r"^kind:\s*(\S+)\s*$")
KINDS = ("roleplay", "drafting", "analysis")
ID_RANGES = {"roleplay": (1001, 1199), "drafting": (1201, 1399), "analysis": (1401, 1599)}
TURNS = {"roleplay": (3, 4), "drafting": (2, 4), "analysis": (1, 1)}
CATEGORY_PREFIX = {"drafting": "Drafting – ", "analysis": "Analysis – "}
ROLEPLAY_DOMAINS = ("Work", "Family", "Friendship", "Romance", "Grief", "Mediation", "Customer Care")
ANALYSIS_HEADING = re.compile(r"^# (Scenario act \d+|Participant:)$")
REQUIRED_TAGS = {  # tag -> minimum number of scenarios carrying it
    "obvious-reading-wrong": 4, "boundary": 4, "sycophancy-risk": 4, "manipulative-other": 4,
    "culture": 10, "age": 8,
}
KNOWN_TAGS = set(REQUIRED_TAGS)

# --- template contracts (spec 1.3, 2.5, 3.2, 3.5, 4.3, 6) ------------------------------------------------------------
STANDARD_CRITERIA = ["demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity",
                     "emotional_reasoning", "message_tailoring", "boundary_setting", "safety_conscious", "moralising",
                     "sycophantic", "compliant", "challenging", "warmth", "validating", "analytical", "reactive",
                     "conversational", "humanlike"]
ANALYSIS_CRITERIA = ["depth_of_insight", "emotional_reasoning", "theory_of_mind", "subtext_identification",
                     "intellectual_grounding", "correctness"]
SCORED_STANDARD = {"demonstrated_empathy", "pragmatic_ei", "depth_of_insight", "social_dexterity",
                   "emotional_reasoning", "message_tailoring"}  # spec 3.5 allowed set, as it applies in practice
ABILITY_COLUMNS = {"conversational", "humanlike", "safety_conscious", "boundary_setting", "challenging",
                   "social_dexterity", "message_tailoring", "warmth", "validating", "analytical", "depth_of_insight",
                   "demonstrated_empathy", "compliant", "moralising", "pragmatic_ei"}  # spec 6
PAIRWISE_KEYS = ["chain_of_thought_reasoning", "demonstrated_empathy", "pragmatic_ei", "depth_of_insight",
                 "social_dexterity", "emotional_reasoning", "appropriate_validating_challenging", "message_tailoring",
                 "overall_eq"]
PAIRWISE_ANALYSIS_KEYS = ["chain_of_thought_reasoning", "depth_of_insight", "authentic_eu", "causal_attribution",
                          "theory_of_mind", "incisiveness", "reading_between_lines", "correctness", "overall_eq"]
TEMPLATES = {  # file -> (placeholders, filled with str.format semantics?)
    "scenario_master_prompt.txt": ({"scenario_prompt"}, True),
    "scenario_master_prompt_message_drafting.txt": ({"scenario_prompt"}, True),
    "scenario_master_prompt_analysis.txt": ({"scenario_prompt"}, True),
    "debrief_prompt.txt": (set(), True),
    "rubric_scoring_prompt.txt": ({"transcript", "debrief", "output_format"}, True),
    "rubric_scoring_prompt_analysis.txt": ({"transcript", "output_format"}, True),
    "pairwise_prompt_eqbench3.txt": ({"conversation_history_A", "debrief_A", "conversation_history_B", "debrief_B",
                                      "scenario_notes"}, False),
    "pairwise_prompt_eqbench3_analysis.txt": ({"transcript_being_analysed", "response_A", "response_B",
                                               "scenario_notes"}, False),
}
SECTION_PATTERNS = {  # spec 2.5, with .NET's \z written as Python's \Z
    "roleplay": [r"#\s*I[’']m thinking & feeling\s*\n([\s\S]*?)(?=#|\Z)",
                 r"#\s*They[’']re thinking & feeling\s*\n([\s\S]*?)(?=#|\Z)",
                 r"#\s*My response\s*\n([\s\S]*?)(?=--|\Z)"],
    "drafting": [r"#\s*Perspective[- ]taking\s*\n([\s\S]*?)(?=#|\Z)",
                 r"#\s*Draft brainstorming\s*\n([\s\S]*?)(?=#|\Z)",
                 r"#\s*Draft\s*\n([\s\S]*?)(?=--|\Z)"],
}

errors = []


def error(where, what):
    errors.append(f"{where}: {what}")


def read_text(path):
    """Read a data file as UTF-8, reporting encoding hazards the reference reader would not survive."""
    name = os.path.relpath(path, ROOT)
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        error(f"{name}:1", "UTF-8 byte order mark (the first header would not match)")
        raw = raw[3:]
    if b"\r" in raw:
        error(name, "contains CR characters; use LF line endings")
    if b"\x00" in raw:
        error(name, "contains NUL bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        error(name, f"not valid UTF-8 ({e})")
        return raw.decode("utf-8", errors="replace")


# --- 1. the reference grammar, ported as specified ---------------------------------------------------------------
def parse_scenario_prompts(text):
    """Spec 1.1: id -> list of prompts, exactly as the benchmark would read them (quirks included)."""
    scenarios = OrderedDict()
    current_id, prompts, lines, collecting = None, [], [], False

    def close_prompt():
        nonlocal lines
        if collecting:
            joined = "\n".join(lines).strip()
            if joined:
                prompts.append(joined)
        lines = []

    for raw in text.split("\n"):
        line_t = raw.strip()
        header = HEADER.match(line_t)
        if header:
            close_prompt()
            if current_id is not None and prompts:
                scenarios[current_id] = prompts  # a repeated id overwrites, keeping the first position
            current_id, prompts, collecting = header.group(1), [], False
        elif DELIMITER.match(line_t):
            close_prompt()
            collecting = True
        elif collecting:
            lines.append(raw.rstrip("\r\n"))
    close_prompt()
    if current_id is not None and prompts:
        scenarios[current_id] = prompts
    return scenarios


def load_scenario_notes(text):
    """Spec 1.2 (with erratum 6): id -> note text."""
    notes, current, lines = OrderedDict(), None, []
    for raw in text.split("\n"):
        if raw.startswith("# "):
            if current is not None and lines:
                notes[current] = "\n".join(lines).strip()
            current, lines = raw.strip("# \n"), []
        elif current is not None:
            lines.append(raw)
    if current is not None and lines:
        notes[current] = "\n".join(lines).strip()
    return notes


# --- 2. what the author meant ------------------------------------------------------------------------------------
def read_intended(text, name):
    """Strict reading: a list of scenarios with line numbers, kinds and prompts; reports every hazard."""
    scenarios, current, prompt = [], None, None
    for number, raw in enumerate(text.split("\n"), start=1):
        where = f"{name}:{number}"
        line_t = raw.strip()
        header = HEADER.match(line_t)
        delimiter = DELIMITER.match(line_t)
        if header:
            current = {"line": number, "header": line_t, "id": header.group(1), "kinds": [], "prompts": []}
            prompt = None
            scenarios.append(current)
            if not REPORT_HEADER.match(line_t):
                error(where, "header does not read as '######## <digits> | <category> | <title>'")
        elif delimiter:
            if current is None:
                error(where, "prompt delimiter before the first scenario header (content would be lost)")
                continue
            prompt = {"line": number, "number": int(delimiter.group(1)), "lines": []}
            current["prompts"].append(prompt)
            if line_t != f"####### Prompt{delimiter.group(1)}":
                error(where, f"write the delimiter exactly as '####### Prompt{delimiter.group(1)}'")
        elif re.match(r"^#{5,}", line_t) or re.match(r"^#+\s*prompt", line_t, re.I):
            error(where, f"near-miss header/delimiter '{line_t[:40]}' (the grammar would not split here)")
        elif prompt is not None:
            prompt["lines"].append(raw)
            if KIND_LINE.match(line_t):
                error(where, "'kind:' line inside a prompt (it must come before the first delimiter)")
        elif current is not None:
            kind = KIND_LINE.match(line_t)
            if kind:
                current["kinds"].append((number, kind.group(1)))
            elif line_t:
                error(where, "text between a header and its first prompt is ignored by the grammar")
        elif line_t:
            error(where, "text before the first header is ignored by the grammar")
    return scenarios


def check_scenarios(reference_ids, text=None, name=None):
    if text is None:
        path = os.path.join(DATA, "scenario_prompts.txt")
        name = os.path.relpath(path, ROOT)
        text = read_text(path)
    intended = read_intended(text, name)
    parsed = parse_scenario_prompts(text)

    seen = Counter(s["id"] for s in intended)
    for s in intended:
        where = f"{name}:{s['line']}"
        sid = s["id"]
        if seen[sid] > 1:
            error(where, f"duplicate scenario id {sid} (the grammar keeps only the last)")
        if not sid.isdigit() or sid.startswith("0"):
            error(where, f"id '{sid}' is not a plain number")
            continue
        if sid in reference_ids:
            error(where, f"id {sid} clashes with the reference set")
        header = REPORT_HEADER.match(s["header"])
        s["category"] = header.group(2) if header else ""
        s["title"] = header.group(3) if header else ""
        if len(s["kinds"]) != 1:
            error(where, f"expected exactly one 'kind:' line, found {len(s['kinds'])}")
            s["kind"] = None
            continue
        kind = s["kinds"][0][1]
        s["kind"] = kind
        if kind not in KINDS:
            error(f"{name}:{s['kinds'][0][0]}", f"unknown kind '{kind}' (use one of {', '.join(KINDS)})")
            continue
        low, high = ID_RANGES[kind]
        if not low <= int(sid) <= high:
            error(where, f"{kind} ids are {low}-{high}; {sid} is outside")
        prefix = CATEGORY_PREFIX.get(kind)
        if prefix and not s["category"].startswith(prefix):
            error(where, f"{kind} category should start with '{prefix}'")
        if kind == "roleplay":
            s["domain"] = s["category"].split(" – ")[0]
            if s["domain"] not in ROLEPLAY_DOMAINS:
                error(where, f"unknown role-play domain '{s['domain']}'")
        else:
            s["domain"] = s["category"][len(prefix):] if prefix else s["category"]
        turns = len(s["prompts"])
        if not turns:
            error(where, "no '####### PromptN' block: the reference grammar drops this scenario")
        low, high = TURNS[kind]
        if not low <= turns <= high:
            error(where, f"{kind} scenario has {turns} prompts; expected {low}-{high}")
        for index, p in enumerate(s["prompts"], start=1):
            pwhere = f"{name}:{p['line']}"
            if p["number"] != index:
                error(pwhere, f"prompt numbered {p['number']} but it is prompt {index} of the scenario")
            body = "\n".join(p["lines"]).strip()
            p["text"] = body
            if not body:
                error(pwhere, "empty prompt (the grammar drops it)")
            if "{" in body or "}" in body:
                error(pwhere, "braces in a prompt (a placeholder there could be substituted again)")
            for offset, raw in enumerate(p["lines"], start=1):
                line_t = raw.strip()
                if line_t.startswith("#"):
                    if kind != "analysis":
                        error(f"{name}:{p['line'] + offset}", "markdown heading inside a role-play/drafting prompt")
                    elif not ANALYSIS_HEADING.match(line_t):
                        error(f"{name}:{p['line'] + offset}", f"unexpected transcript heading '{line_t}'")
            starts_framed = body.startswith("[Role-play.")
            if kind == "roleplay" and index == 1 and not starts_framed:
                error(pwhere, "a role-play's first prompt should open with its '[Role-play. ...]' framing line")
            if index > 1 and "[Role-play" in body:
                error(pwhere, "framing line repeated in a later prompt")
            if kind != "roleplay" and starts_framed:
                error(pwhere, f"a {kind} prompt should not carry the role-play framing")
        if kind == "analysis" and s["prompts"]:
            body = s["prompts"][0]["text"]
            if body.startswith("# Scenario act"):
                acts = re.findall(r"^# Scenario act (\d+)$", body, re.M)
                answers = re.findall(r"^# Participant:$", body, re.M)
                if acts != [str(i) for i in range(1, len(acts) + 1)] or len(answers) != len(acts):
                    error(f"{name}:{s['line']}", "role-play transcript must alternate numbered acts and answers")

    # The two readings must agree exactly.
    intended_map = OrderedDict()
    for s in intended:
        texts = [p.get("text", "\n".join(p["lines"]).strip()) for p in s["prompts"]]
        intended_map.setdefault(s["id"], [t for t in texts if t])
    if list(parsed.keys()) != list(intended_map) or \
            any(parsed[sid] != intended_map[sid] for sid in parsed):
        lost = [sid for sid in intended_map if sid not in parsed]
        error(name, f"the reference grammar reads a different set of scenarios (lost: {lost or 'none'})")
    return intended, parsed


def check_notes(intended):
    path = os.path.join(DATA, "scenario_notes.txt")
    name = os.path.relpath(path, ROOT)
    text = read_text(path)
    notes = load_scenario_notes(text)
    openers = Counter()
    first_opener = None
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("# "):
            nid = raw.strip("# \n")
            openers[nid] += 1
            first_opener = first_opener or number
            if raw != f"# {nid}" or not nid.isdigit():
                error(f"{name}:{number}", "note header should read '# <id>'")
        elif raw.startswith("#"):
            error(f"{name}:{number}", "line starts with '#' but does not open a note")
        elif first_opener is None and raw.strip():
            error(f"{name}:{number}", "text before the first note is ignored")
    for nid, count in openers.items():
        if count > 1:
            error(name, f"note {nid} appears {count} times (the last one wins)")
    ids = [s["id"] for s in intended]
    for sid in ids:
        if sid not in notes:
            error(name, f"no note for scenario {sid}")
    for nid in notes:
        if nid not in ids:
            error(name, f"note {nid} has no scenario")
    tags = {}
    for nid, body in notes.items():
        first = body.split("\n", 1)[0]
        if not first.startswith("Tags:"):
            error(name, f"note {nid}: first line must be 'Tags: ...'")
            continue
        found = {}
        for part in first[len("Tags:"):].split(";"):
            part = part.strip()
            if not part:
                continue
            key, _, value = part.partition("=")
            key = key.strip()
            if key not in KNOWN_TAGS:
                error(name, f"note {nid}: unknown tag '{key}'")
            if key in ("culture", "age") and not value.strip():
                error(name, f"note {nid}: tag '{key}' needs a value ('{key}=...')")
            found[key] = value.strip()
        tags[nid] = found
        words = len(body.split())
        if words < 60:
            error(name, f"note {nid} is only {words} words")
        if "Strong answer" not in body or "Trap" not in body:
            error(name, f"note {nid}: say what a strong answer does ('Strong answer:') and name the trap ('Trap:')")
    for tag, minimum in REQUIRED_TAGS.items():
        carriers = [nid for nid in tags if tag in tags[nid]]
        if len(carriers) < minimum:
            error(name, f"only {len(carriers)} scenarios tagged '{tag}'; the set promises at least {minimum}")
    return notes, tags


def output_format(criteria):
    """Spec 3.2: the judge's JSON skeleton, as the protocol code builds it."""
    skeleton = {"chain_of_thought_reasoning":
                "detailed chain of thought reasoning about the coming scoring decisions"}
    skeleton.update({c: 0 for c in criteria})
    return json.dumps(skeleton, indent=2).replace(": 0", ": 0-20")


def check_templates():
    texts = {}
    for file, (placeholders, formatted) in TEMPLATES.items():
        path = os.path.join(DATA, file)
        if not os.path.exists(path):
            error(file, "missing")
            continue
        text = read_text(path)
        texts[file] = text
        found = set(re.findall(r"\{([A-Za-z_]+)\}", text))
        if found != placeholders:
            error(file, f"placeholders {sorted(found)}; expected {sorted(placeholders)}")
        for p in placeholders:
            if text.count("{" + p + "}") != 1:
                error(file, f"placeholder {{{p}}} should appear exactly once")
        if formatted and text.count("{") != len(placeholders):
            error(file, "braces other than the placeholders (str.format would fail)")
    for kind, file in (("roleplay", "scenario_master_prompt.txt"),
                       ("drafting", "scenario_master_prompt_message_drafting.txt")):
        text = texts.get(file, "")
        # A model that follows the template literally must yield three non-empty sections.
        reply = re.sub(r"<[^>]*>", "Some text.", text.split("--", 1)[1]) if "--" in text else ""
        for pattern in SECTION_PATTERNS[kind]:
            m = re.search(pattern, reply, re.I | re.S)
            if not m or not m.group(1).strip():
                error(file, f"a reply that follows the template does not yield the section /{pattern[:30]}.../")
        if re.search(r"<[^>]*[#]|<[^>]*--", text):
            error(file, "a section description contains '#' or '--', which a model might copy into its answer")
    for file, criteria in (("rubric_scoring_criteria.txt", STANDARD_CRITERIA),
                           ("rubric_scoring_criteria_analysis.txt", ANALYSIS_CRITERIA)):
        path = os.path.join(DATA, file)
        keys = [l.strip() for l in read_text(path).split("\n") if l.strip() and not l.strip().startswith("#")]
        if keys != criteria:
            error(file, f"criteria {keys} differ from the protocol's {criteria}")
        prompt = texts.get(file.replace("criteria", "prompt"), "")
        for key in keys:
            if not re.search(rf"\b{key}\b", prompt):
                error(file.replace("criteria", "prompt"), f"criterion '{key}' is not described")
    if not SCORED_STANDARD <= set(STANDARD_CRITERIA) or not ABILITY_COLUMNS <= set(STANDARD_CRITERIA):
        error("check.py", "criteria list does not cover the scored set and the ability columns")
    for file, keys in (("pairwise_prompt_eqbench3.txt", PAIRWISE_KEYS),
                       ("pairwise_prompt_eqbench3_analysis.txt", PAIRWISE_ANALYSIS_KEYS)):
        text = texts.get(file, "")
        for code in ("A0493", "A0488"):
            if code not in text:
                error(file, f"respondent code {code} missing")
        start = text.rfind("\n{")
        try:
            skeleton = json.loads(text[start:]) if start >= 0 else None
        except json.JSONDecodeError as e:
            skeleton = None
            error(file, f"the JSON skeleton the judge copies is not valid JSON ({e})")
        if skeleton is not None and list(skeleton) != keys:
            error(file, f"JSON skeleton keys {list(skeleton)}; expected {keys}")
        for key in keys[1:]:
            if not re.search(rf"^\d\. {key}:", text, re.M):
                error(file, f"criterion '{key}' is not described in the numbered list")
        for example in re.findall(r'"([A-Z]\d{4}\++)"', text):
            if example[:5] in ("A0493", "A0488"):
                error(file, "worked examples must not use the real respondent codes")
    # Fill the rubric template the way the protocol does (spec 3.2 step 3) and make sure nothing is left over.
    for file, criteria in (("rubric_scoring_prompt.txt", STANDARD_CRITERIA),
                           ("rubric_scoring_prompt_analysis.txt", ANALYSIS_CRITERIA)):
        text = texts.get(file, "")
        filled = text.replace("{transcript}", "T").replace("{debrief}", "D").replace(
            "{output_format}", output_format(criteria))
        filled = filled.replace("*", "").replace("#", "")
        if "{transcript}" in filled or "{output_format}" in filled:
            error(file, "placeholder left after filling")
    return texts


IDENTIFIERS = set(STANDARD_CRITERIA) | set(ANALYSIS_CRITERIA) | set(PAIRWISE_KEYS) | set(PAIRWISE_ANALYSIS_KEYS)


def shingles(text, n=8):
    """8-word runs of prose. Placeholders and criterion identifiers are protocol, not prose, and are left out."""
    text = re.sub(r"\{[A-Za-z_]+\}", " ", text)
    words = [w for w in re.findall(r"[a-z0-9_']+", text.lower()) if w not in IDENTIFIERS]
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def check_originality():
    """No run of 8 words may be shared with any reference data file."""
    if not os.path.isdir(REFERENCE):
        print(f"(reference folder {REFERENCE} not found; originality check skipped)")
        return None
    reference = set()
    for file in os.listdir(REFERENCE):
        if file.endswith(".txt"):
            reference |= shingles(open(os.path.join(REFERENCE, file), encoding="utf-8").read())
    shared_total = 0
    for file in sorted(os.listdir(DATA)):
        if file.endswith(".txt"):
            shared = shingles(open(os.path.join(DATA, file), encoding="utf-8").read()) & reference
            shared_total += len(shared)
            for run in sorted(shared)[:5]:
                error(file, f"shares the 8-word run '{run}' with the reference data")
    return shared_total


def reference_ids():
    path = os.path.join(REFERENCE, "scenario_prompts.txt")
    ids = set()
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            m = HEADER.match(line.strip())
            if m:
                ids.add(m.group(1))
    else:  # the reference ids as the spec lists them (section 1.1 and 1.2), if the shared folder is absent
        ids = {str(i) for i in list(range(1, 16)) + list(range(101, 146)) + list(range(201, 210))
               + list(range(301, 305)) + list(range(401, 421))}
    return ids


def self_test():
    """Prove the port and the hazard detection on known inputs (spec TV1 and one sample per quirk)."""
    failures = []
    ref = os.path.join(REFERENCE, "scenario_prompts.txt")
    if os.path.exists(ref):
        parsed = parse_scenario_prompts(open(ref, encoding="utf-8").read())
        first = parsed.get("1", [""])
        checks = [
            (len(parsed) == 45, "45 scenarios"),
            (sum(len(p) for p in parsed.values()) == 92, "92 prompts"),
            ("409" not in parsed, "no 409"),
            (len(first) == 3, "scenario 1 has 3 prompts"),
            (first[0].startswith("[This is a role-play, with you playing an emotionally intelligent human"),
             "scenario 1 prompt 1 start"),
            (first[-1].endswith("What do you think & feel? What actions do you take?"), "scenario 1 prompt 3 end"),
        ]
        notes = load_scenario_notes(open(os.path.join(REFERENCE, "scenario_notes.txt"), encoding="utf-8").read())
        expected = [str(i) for i in range(1, 16)] + ["301", "302", "303", "304"]
        checks.append((list(notes) == expected, "reference note ids 1-15, 301-304"))
        failures += [f"TV1: {label}" for ok, label in checks if not ok]
    else:
        print("(reference folder not found; TV1 skipped)")
    good = "######## 1001 | Work | T\nkind: roleplay\n####### Prompt1\n[Role-play. x]\nA\n"
    hazards = {  # label -> (sample, words the error must contain)
        "near-miss delimiter": ("######## 1001 | Work | T\nkind: roleplay\n####### 1\nA\n", "near-miss"),
        "spaced delimiter": ("######## 1001 | Work | T\nkind: roleplay\n####### Prompt 1\nA\n", "near-miss"),
        "empty prompt": (good + "####### Prompt2\n\n", "empty prompt"),
        "duplicate id": (good + good, "duplicate scenario id"),
        "stray text before the first prompt":
            ("######## 1001 | Work | T\nkind: roleplay\nnote\n####### Prompt1\nA\n", "ignored by the grammar"),
        "kind line inside a prompt": ("######## 1001 | Work | T\n####### Prompt1\nkind: roleplay\nA\n",
                                      "inside a prompt"),
        "id glued to the bar": ("######## 1001| Work | T\nkind: roleplay\n####### Prompt1\nA\n",
                                "not a plain number"),
        "text before the first header": ("hello\n" + good, "before the first header"),
        "scenario lost for want of prompts": ("######## 1001 | Work | T\nkind: roleplay\n" + good.replace("1001", "1002"),
                                              "drops this scenario"),
        "reference id": (good.replace("1001", "401"), "clashes with the reference"),
        "braces": (good.replace("\nA\n", "\n{response_A}\n"), "braces in a prompt"),
    }
    for label, (text, expected) in hazards.items():
        before = len(errors)
        check_scenarios({"401"}, text, "sample")
        if not any(expected in e for e in errors[before:]):
            failures.append(f"hazard not detected: {label} (got {errors[before:]})")
        del errors[before:]
    before = len(errors)
    check_scenarios(set(), good, "sample")
    if len(errors) != before + 1 or "expected 3-4" not in errors[-1]:  # one prompt only: the turn count rule
        failures.append(f"a clean sample should raise only the turn-count rule: {errors[before:]}")
    del errors[before:]
    if parse_scenario_prompts(good) != {"1001": ["[Role-play. x]\nA"]}:
        failures.append("minimal sample does not parse to one scenario with one prompt")
    for f in failures:
        print("SELF-TEST FAILED: " + f, file=sys.stderr)
    print(f"self-test: {'OK' if not failures else str(len(failures)) + ' failure(s)'}")
    return not failures


def main():
    quiet = "--quiet" in sys.argv
    if not self_test():
        return 1
    intended, parsed = check_scenarios(reference_ids())
    notes, tags = check_notes(intended)
    check_templates()
    shared = check_originality()

    by_kind = Counter(s.get("kind") for s in intended)
    print(f"scenario_prompts.txt: {len(parsed)} scenarios as the reference grammar reads them, "
          f"{sum(len(p) for p in parsed.values())} user turns")
    print("per kind: " + ", ".join(f"{k} {by_kind[k]}" for k in KINDS))
    for kind in KINDS:
        domains = Counter(s.get("domain") for s in intended if s.get("kind") == kind)
        print(f"  {kind} domains: " + ", ".join(f"{d} {n}" for d, n in sorted(domains.items())))
    if not quiet:
        print("turns per scenario:")
        for s in intended:
            words = sum(len(p.get("text", "").split()) for p in s["prompts"])
            tag_text = ", ".join(sorted(tags.get(s["id"], {})))
            print(f"  {s['id']:>5}  {str(s.get('kind')):9} {len(s['prompts'])} turns {words:5} words  "
                  f"{s.get('category', '')} | {s.get('title', '')}  [{tag_text}]")
    tag_counts = Counter(t for found in tags.values() for t in found)
    print("tags: " + ", ".join(f"{t} {tag_counts[t]}" for t in REQUIRED_TAGS))
    print(f"notes: {len(notes)}; shared 8-word runs with the reference data: "
          f"{'not checked' if shared is None else shared}")
    if errors:
        print(f"\n{len(errors)} problem(s):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
