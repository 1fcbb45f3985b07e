#!/usr/bin/env python3
"""EmoBench message digests, computed by the EmoBench reference code itself.

Runs the reference's own message construction (LLM.init_prompt for the system message, DataLoader.generate_responses
for the user messages: PyYAML + str.format) over an EmoBench data folder and prints, for each variant Attune tests,

    SHA-256 over  task \\0 qid \\0 system \\0 user \\n  for every item, EU then EA, in file order

which is what tests/Attune.Tests/Suites/Ability/AbilityPromptsTests.cs and the end-to-end tests in
tests/Attune.Cli.Tests/AbilityTests.cs compare Attune's messages with. No model is called: the reference's
gen_response is replaced by a function that records the messages it would send.

Usage (see README.md beside this file):
    python3 emobench_digests.py --reference ~/src/EmoBench --data ../../../shared/data/emobench [--json]
"""
import argparse
import contextlib
import hashlib
import importlib
import json
import os
import sys
import types

# (language, chain of thought, model name): the rows of AbilityPromptsTests. A Qwen model name makes the reference
# prefix "/no_think\n\n" to the system message.
VARIANTS = [
    ("en", False, "gpt-4o"),
    ("zh", False, "gpt-4o"),
    ("en", True, "gpt-4o"),
    ("zh", True, "gpt-4o"),
    ("en", False, "Qwen/Qwen3-8B"),
]

# Third-party modules the reference imports at module level but never uses on the message-building path (model
# loading, JSON output parsing, result tables). When one is not installed, an inert stand-in is registered so the
# reference's own files can be imported unchanged. PyYAML is never stubbed: it builds the messages.
OPTIONAL_MODULES = [
    "torch", "dotenv", "langchain_openai", "transformers", "tabulate", "pydantic", "langchain_core",
    "langchain_core.output_parsers", "tqdm", "tqdm.auto", "pandas",
]


def inert_attribute(attr):
    if attr.startswith("__"):
        raise AttributeError(attr)
    return lambda *a, **k: None  # any other attribute is a no-op callable


def stub_missing_modules():
    stubbed = []
    for name in OPTIONAL_MODULES:
        try:
            importlib.import_module(name)
            continue
        except ImportError:
            pass
        module = types.ModuleType(name)
        module.__path__ = []  # a package, so that stand-in submodules can be imported too
        module.__getattr__ = inert_attribute
        if name == "tqdm.auto":
            module.tqdm = lambda iterable, *a, **k: iterable
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent and parent in sys.modules:
            setattr(sys.modules[parent], child, module)
        stubbed.append(name)
    return stubbed


class Rows:
    """The part of a pandas DataFrame that DataLoader.generate_responses uses, for machines without pandas."""

    def __init__(self, rows):
        self._rows = rows

    def __len__(self):
        return len(self._rows)

    def iterrows(self):
        return enumerate(self._rows)


def load_rows(path, language):
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return Rows([r for r in rows if r["language"] == language])


def messages_for(reference, data_dir, language, cot, model_path, use_pandas):
    """Every (task, qid, system, user) the reference would send, EU then EA."""
    model = importlib.import_module("model")
    data = importlib.import_module("data")
    sent = []
    llm = model.LLM(model_type="openai", model_path=model_path, use_cot=cot, eval_only=True)
    for task in ["EU", "EA"]:  # the order of main.py's TASKS
        llm.init_prompt(task, language)
        loader = data.DataLoader(model=llm, task=task, lang=language, data_path=data_dir, eval_only=True)
        if use_pandas:
            frame = data.pd.read_json(path_or_buf=loader.data_path, lines=True, encoding="utf-8")
            loader.data = frame[frame["language"] == language]
        else:
            loader.data = load_rows(loader.data_path, language)
        current = {}

        def record(msg, _task=task, _current=current):
            sent.append((_task, str(_current["qid"]), llm.messages[0]["content"], msg))
            return {}

        llm.gen_response = record
        data.save_gen_results = lambda *a, **k: None
        # generate_responses reads sample["qid"] only after gen_response; remember it from the row first
        original = loader.data.iterrows

        def iterrows(_original=original, _current=current):
            for idx, sample in _original():
                _current["qid"] = sample["qid"]
                yield idx, sample

        loader.data.iterrows = iterrows
        with contextlib.redirect_stdout(sys.stderr):
            loader.generate_responses()
    return sent


def digest(sent):
    h = hashlib.sha256()
    for task, qid, system, user in sent:
        h.update(f"{task}\0{qid}\0{system}\0{user}\n".encode("utf-8"))
    return h.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reference", required=True, help="an EmoBench checkout (Sahandfer/EmoBench; src/ and src/configs/)")
    parser.add_argument("--data", help="folder with EU.jsonl and EA.jsonl (default: the checkout's data/)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of C# InlineData rows")
    args = parser.parse_args()
    reference = os.path.abspath(os.path.expanduser(args.reference))
    data_dir = os.path.abspath(os.path.expanduser(args.data or os.path.join(reference, "data")))
    if not os.path.isfile(os.path.join(reference, "src", "data.py")):
        sys.exit(f"{reference}: not an EmoBench checkout (src/data.py missing)")
    for name in ["prompts.yaml", "response.yaml"]:
        ours = os.path.join(data_dir, "configs", name)
        theirs = os.path.join(reference, "src", "configs", name)
        if os.path.isfile(ours) and open(ours, "rb").read() != open(theirs, "rb").read():
            print(f"warning: {ours} differs from the checkout's {theirs}; the checkout's is used", file=sys.stderr)
    stubbed = stub_missing_modules()
    if stubbed:
        print("stand-ins for modules not installed (unused when building messages): " + ", ".join(stubbed), file=sys.stderr)
    use_pandas = "pandas" not in stubbed
    sys.path.insert(0, os.path.join(reference, "src"))
    os.chdir(reference)  # the reference reads src/configs/*.yaml relative to the working directory
    results = []
    for language, cot, model_path in VARIANTS:
        sent = messages_for(reference, data_dir, language, cot, model_path, use_pandas)
        results.append({"language": language, "cot": cot, "model": model_path, "messages": len(sent), "digest": digest(sent)})
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for r in results:
            no_think = "qwen" in r["model"].lower() and not r["cot"]
            print(f'[InlineData("{r["language"]}", {str(r["cot"]).lower()}, {str(no_think).lower()}, "{r["digest"]}")]  // {r["messages"]} messages')


if __name__ == "__main__":
    main()
