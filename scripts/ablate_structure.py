"""Ablation of the long-document features on a question set, per split.

Variants: the defaults; without structure-aware passages (heading sections
as before: no legal units, members or definitions); without boilerplate
removal; without document steering. Index variants share one embedding cache,
so only passages that differ are embedded.

    python scripts/ablate_structure.py --questions eval/sets/laws-a.jsonl \\
        --corpus ../shared/devcorpus/laws --index /tmp/laws-index [--split test] [--out results.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval.questions import load_questions  # noqa: E402
from eval.runner import aggregate, in_process_backend, run  # noqa: E402
from eval.splits import select  # noqa: E402
from index.build import build_index  # noqa: E402
from index.search import LoadedIndex  # noqa: E402
from service.application import App  # noqa: E402
from service.settings import Settings  # noqa: E402

METRICS = ("recall@1", "recall@5", "mrr@10", "citation_precision", "false_abstention", "n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--index", type=Path, required=True, help="index of the defaults (built if missing)")
    parser.add_argument("--split", action="append", choices=["train", "test", "all"])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", action="append", choices=["default", "structure", "boilerplate", "steering"],
                        help="run only these variants (default: all)")
    parser.add_argument("--with-answers", action="store_true",
                        help="also ask for answers (citation precision, abstention); retrieval only otherwise")
    args = parser.parse_args()
    splits = args.split or ["test", "train"]
    questions = [q for path in args.questions for q in load_questions(path)]
    base = Settings(corpus=args.corpus, index=args.index)
    cache = args.index / "cache"
    variants = [
        ("default", "standaard", {}),
        ("structure", "zonder structuur (kopsecties)", {"structure": False}),
        ("boilerplate", "zonder boilerplate-filter", {"strip_boilerplate": False}),
        ("steering", "zonder documentsturing", {"document_steering": False}),
    ]
    variants = [(name, changes) for key, name, changes in variants if not args.only or key in args.only]
    embedder = None
    results: dict[str, dict[str, dict]] = {}
    for name, changes in variants:
        settings = base.model_copy(update=changes)
        index_dir = args.index
        if "structure" in changes or "strip_boilerplate" in changes:
            index_dir = args.index.parent / f"{args.index.name}-{'-'.join(changes)}"
        if embedder is None:
            from index.embedder import load_embedder

            embedder = load_embedder(settings.embedder)
        build = dataclasses.replace(settings.build_settings(), cache_dir=cache)
        build_index(args.corpus, index_dir, embedder, build)
        app = App.over(settings, LoadedIndex.open(index_dir, embedder))
        results[name] = {}
        for split in splits:
            items = run(select(questions, split), in_process_backend(app), args.with_answers)
            summary = aggregate(items)["overall"]
            results[name][split] = {k: summary.get(k) for k in METRICS}
            print(name, split, json.dumps(results[name][split]), flush=True)
    lines = ["| variant | split | " + " | ".join(METRICS) + " |", "|---|---|" + "---:|" * len(METRICS)]
    for name, per_split in results.items():
        for split, row in per_split.items():
            cells = [f"{row[k]:.3f}" if isinstance(row[k], float) else ("–" if row[k] is None else str(row[k]))
                     for k in METRICS]
            lines.append(f"| {name} | {split} | " + " | ".join(cells) + " |")
    print("\n".join(lines))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
