"""Tables, report files and the chart."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.table import Table

MAIN_METRICS = [
    "recall@1", "recall@3", "recall@5", "recall@10", "mrr@10", "ndcg@10", "evidence_recall@5",
    "citation_precision", "citation_recall", "abstention", "false_abstention", "answer_f1",
    "latency_p50_ms", "latency_p95_ms",
]
SHORT = {"recall@1": "R@1", "recall@3": "R@3", "recall@5": "R@5", "recall@10": "R@10", "mrr@10": "MRR",
         "ndcg@10": "nDCG", "evidence_recall@5": "evR@5", "citation_precision": "citP", "citation_recall": "citR",
         "abstention": "abst", "false_abstention": "falseAbst", "answer_f1": "F1",
         "latency_p50_ms": "p50 ms", "latency_p95_ms": "p95 ms"}


def _fmt(v) -> str:
    if v is None:
        return "–"
    return f"{v:.3f}" if isinstance(v, float) and v <= 1.0 else f"{v:g}"


def tag_table(summary: dict, title: str) -> Table:
    cols = [m for m in MAIN_METRICS if m in summary["overall"]]
    table = Table(title=title)
    table.add_column("tag")
    table.add_column("n", justify="right")
    for c in cols:
        table.add_column(SHORT[c], justify="right")
    rows = [("ALLE", summary["overall"]), *summary["tags"].items()]
    for name, s in rows:
        table.add_row(name, str(s["n"]), *[_fmt(s.get(c)) for c in cols])
    return table


def ablation_table(rows: list[tuple[str, dict]]) -> Table:
    cols = ["recall@1", "mrr@10", "citation_precision", "abstention", "false_abstention", "answer_f1"]
    table = Table(title="Ablaties")
    table.add_column("configuratie")
    for c in cols:
        table.add_column(SHORT[c], justify="right")
    for name, s in rows:
        table.add_row(name, *[_fmt(s["overall"].get(c)) for c in cols])
    return table


def markdown_table(rows: list[tuple[str, dict]], cols: list[str], first: str) -> str:
    head = f"| {first} | " + " | ".join(SHORT.get(c, c) for c in cols) + " |"
    sep = "|---|" + "---:|" * len(cols)
    body = [f"| {name} | " + " | ".join(_fmt(s.get(c)) for c in cols) + " |" for name, s in rows]
    return "\n".join([head, sep, *body])


def write_reports(
    out: Path, summary: dict, fails: list[dict], meta: dict, ablations=None, reliability: dict | None = None
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = {"meta": meta, "summary": summary, "failures": fails, "reliability": reliability}
    if ablations:
        data["ablations"] = {name: s for name, s in ablations}
    (out / "report.json").write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    cols = [m for m in MAIN_METRICS if m in summary["overall"]]
    lines = [f"# Evaluatie {meta.get('questions', '')}", "", f"Systeem: {meta.get('backend', '')}", ""]
    lines.append(markdown_table([("ALLE", summary["overall"]), *summary["tags"].items()], ["n", *cols], "tag"))
    if ablations:
        abl_cols = ["recall@1", "mrr@10", "citation_precision", "abstention", "false_abstention", "answer_f1"]
        lines += ["", "## Ablaties", "", markdown_table([(n, s["overall"]) for n, s in ablations], abl_cols,
                                                        "configuratie")]
    if reliability and reliability["n"]:
        lines += ["", "## Betrouwbaarheid (confidence tegen juist geciteerd)", "", reliability_markdown(reliability)]
        reliability_chart(out / "reliability.png", reliability)
    lines += ["", f"## Fouten ({len(fails)})", ""]
    for f in fails:
        lines.append(f"- **{f['id']}** {f['question']} — {', '.join(f['reasons'])}")
        for r in f["retrieved_instead"]:
            lines.append(f"  - {r['document']} / {r['section']}: {r['text'][:100]!r}")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    chart(out / "report.png", summary)


def chart(path: Path, summary: dict) -> bool:
    """recall@k curve and per-tag bars; skipped when matplotlib is absent."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    overall = summary["overall"]
    ks = [k for k in (1, 3, 5, 10) if f"recall@{k}" in overall]
    fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5))
    left.plot(ks, [overall[f"recall@{k}"] for k in ks], marker="o")
    left.set_xlabel("k")
    left.set_ylabel("recall@k")
    left.set_ylim(0, 1.05)
    left.set_xticks(ks)
    left.set_title("Recall@k (alle beantwoordbare vragen)")
    tags = [(t, s) for t, s in summary["tags"].items() if "recall@3" in s or "abstention" in s]
    names = [t for t, _ in tags]
    values = [s.get("recall@3", s.get("abstention", 0.0)) for _, s in tags]
    right.barh(names, values, color="#1f5f8b")
    right.set_xlim(0, 1.05)
    right.set_title("Per tag: recall@3 (onbeantwoordbaar: abstentie)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def compare(old_path: Path, summary: dict, console: Console) -> None:
    old = json.loads(old_path.read_text(encoding="utf-8"))["summary"]
    table = Table(title=f"Vergelijking met {old_path}")
    table.add_column("tag")
    table.add_column("metriek")
    table.add_column("oud", justify="right")
    table.add_column("nieuw", justify="right")
    table.add_column("verschil", justify="right")
    lower_is_better = {"false_abstention", "latency_p50_ms", "latency_p95_ms"}
    for tag, new_s in [("ALLE", summary["overall"]), *summary["tags"].items()]:
        old_s = old["overall"] if tag == "ALLE" else old["tags"].get(tag, {})
        for metric in MAIN_METRICS:
            if metric in new_s and metric in old_s and new_s[metric] != old_s[metric]:
                diff = new_s[metric] - old_s[metric]
                better = (diff < 0) if metric in lower_is_better else (diff > 0)
                colour = "green" if better else "red"
                table.add_row(tag, SHORT[metric], _fmt(old_s[metric]), _fmt(new_s[metric]),
                              f"[{colour}]{diff:+.3f}[/{colour}]")
    console.print(table)


def reliability_markdown(rel: dict) -> str:
    """The reliability diagram as a table (it reads in a diff, unlike a PNG)."""
    lines = ["| confidence | n | gem. confidence | aandeel juist geciteerd |", "|---|---:|---:|---:|"]
    for row in rel["bins"]:
        lines.append(f"| {row['bin']} | {row['n']} | {_fmt(row['confidence'])} | {_fmt(row['supported'])} |")
    lines += ["", f"Verwachte kalibratiefout (ECE): {rel['ece']:.3f} over {rel['n']} vragen."]
    return "\n".join(lines)


def reliability_chart(path: Path, rel: dict) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    rows = [r for r in rel["bins"] if r["n"]]
    fig, ax = plt.subplots(figsize=(4.5, 4.5))
    ax.plot([0, 1], [0, 1], color="#999999", linestyle="--", label="perfect")
    ax.plot([r["confidence"] for r in rows], [r["supported"] for r in rows], marker="o", label="Vraagbaak")
    for r in rows:
        ax.annotate(str(r["n"]), (r["confidence"], r["supported"]), textcoords="offset points", xytext=(4, -10))
    ax.set_xlabel("confidence")
    ax.set_ylabel("aandeel juist geciteerd")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05)
    ax.set_title(f"Betrouwbaarheid (ECE {rel['ece']:.3f})")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
