"""Slowdown by long input: throughput of 8 normal clients alone, then with 4
connections sending the most expensive valid requests (2,000-character
searches, follow-ups with a 19,000-character history turn). Target: the
normal clients keep >= 70 % of their throughput.

    python scripts/reliability/slowdown.py --seconds 60
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from common import NORMAL_QUESTIONS, SEED_CORPUS, Service, copy_seed, ingest, report, run_load

WORDS = [
    "gemeente", "cliëntondersteuning", "Wmo", "maatwerkvoorziening", "onderzoek", "aanvraag", "toegang", "inwoner",
    "wijkteam", "mantelzorg", "beleid", "regie", "kwartiermaker", "koplopers", "verordening", "budget",
]


def expensive_body(rng: random.Random, i: int) -> tuple[str, dict]:
    """The costliest requests the contract allows: maximum length, distinct words."""
    text = " ".join(f"{rng.choice(WORDS)}{rng.randint(0, 9999)}" for _ in range(4000))
    if i % 2:
        return "/v1/search", {"query": text[:2000], "top_k": 50}
    return "/v1/ask", {"question": "En wie betaalt dat?", "top_k": 20,
                       "history": [{"role": "user", "content": text[:19_000]},
                                   {"role": "assistant", "content": "Dat staat in de handreiking [1]."}]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=30, help="length of each phase")
    parser.add_argument("--normal", type=int, default=8)
    parser.add_argument("--expensive", type=int, default=4)
    parser.add_argument("--target", type=float, default=0.70)
    parser.add_argument("--index", type=Path, help="an existing index of the seed corpus (else built)")
    parser.add_argument("--rate-limit", default="600/minute",
                        help="per-client limit on ask and search, every client with its own address behind a trusted "
                             "proxy (default: above the normal clients' pace); 'off' = cost control alone")
    args = parser.parse_args()
    env = {}
    if args.rate_limit != "off":
        env = {"VRAAGBAAK_TRUSTED_PROXIES": '["127.0.0.1"]', "VRAAGBAAK_RATE_LIMIT_ASK": args.rate_limit,
               "VRAAGBAAK_RATE_LIMIT_SEARCH": args.rate_limit}
    with tempfile.TemporaryDirectory(prefix="vb-slowdown-") as tmp:
        work = Path(tmp)
        index = args.index
        if index is None:
            index = work / "index"
            ingest(copy_seed(work / "corpus"), index)
        service = Service(index, SEED_CORPUS, work / "serve.log", **env)
        try:
            service.wait_ready()

            def normal(client, n, i):
                return client.post("/v1/ask", json={"question": NORMAL_QUESTIONS[(n + i) % len(NORMAL_QUESTIONS)]},
                                   headers={"X-Forwarded-For": f"198.51.100.{n + 1}"})

            run_load(service.url, args.normal, min(5.0, args.seconds / 3), normal)  # warm up
            alone = run_load(service.url, args.normal, args.seconds, normal)
            stop = threading.Event()
            hostile: dict = {}

            def attack() -> None:
                rng = random.Random(11)
                bodies = [expensive_body(rng, i) for i in range(16)]  # made once: the client's CPU is not the test

                def send(client, n, i):
                    path, body = bodies[(n + i) % len(bodies)]
                    return client.post(path, json=body, headers={"X-Forwarded-For": f"203.0.113.{n + 1}"})

                hostile["result"] = run_load(service.url, args.expensive, args.seconds + 60, send, stop)

            attacker = threading.Thread(target=attack)
            attacker.start()
            time.sleep(3)  # the attack under way (its first burst spent): the steady state is measured
            together = run_load(service.url, args.normal, args.seconds, normal)
            stop.set()
            attacker.join()
        finally:
            service.stop()
    bad = hostile["result"]
    ratio = together.throughput / alone.throughput if alone.throughput else 0.0
    figures = {
        "normal_alone_rps": round(alone.throughput, 2),
        "normal_with_expensive_rps": round(together.throughput, 2),
        "ratio": round(ratio, 3),
        "target": args.target,
        "normal_p50_s_alone": round(statistics.median(alone.latencies), 3) if alone.latencies else None,
        "normal_p50_s_with_expensive": round(statistics.median(together.latencies), 3) if together.latencies else None,
        "expensive_statuses": {str(k): v for k, v in sorted(bad.statuses.items())},
        "server_errors": alone.errors + together.errors + bad.errors,
        "seconds_per_phase": args.seconds,
        "rate_limit": args.rate_limit,
    }
    report(figures, ratio >= args.target and not figures["server_errors"])


if __name__ == "__main__":
    main()
