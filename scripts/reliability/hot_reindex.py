"""A hot re-index under load: N clients ask and search for a while; in the
middle a new document is added and ``vraagbaak ingest`` runs. Target: no
errors at all (no 5xx, no busy 503, no dropped connection) and the new
content served within a few seconds of the ingest finishing.

    python scripts/reliability/hot_reindex.py --clients 32 --seconds 60
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from common import NORMAL_QUESTIONS, Service, copy_seed, ingest, report, run_load

NEW_DOCUMENT = "Regeling mantelzorgcompliment Zonnedal\n\nDe gemeente Zonnedal geeft elke mantelzorger een " \
               "compliment van 175 euro per jaar. Aanvragen kan tot 1 december via het wijkteam.\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vb-hot-") as tmp:
        work = Path(tmp)
        corpus, index = copy_seed(work / "corpus"), work / "index"
        ingest(corpus, index)
        service = Service(index, corpus, work / "serve.log", VRAAGBAAK_RELOAD_INTERVAL="0.5")
        timeline: dict[str, float] = {}
        try:
            service.wait_ready()

            def reindex() -> None:
                time.sleep(args.seconds / 3)
                (corpus / "zonnedal.txt").write_text(NEW_DOCUMENT)
                t0 = time.monotonic()
                ingest(corpus, index)
                timeline["ingest_s"] = time.monotonic() - t0
                published = time.monotonic()
                while time.monotonic() - published < 60:
                    r = httpx.post(service.url + "/v1/search", json={"query": "mantelzorgcompliment Zonnedal"})
                    if r.status_code == 200 and any(x["document"] == "zonnedal.txt" for x in r.json()["results"]):
                        timeline["new_content_served_after_s"] = time.monotonic() - published
                        return
                    time.sleep(0.1)

            def request(client, n, i):
                question = NORMAL_QUESTIONS[(n + i) % len(NORMAL_QUESTIONS)]
                if (n + i) % 3 == 0:
                    return client.post("/v1/search", json={"query": question, "top_k": 10})
                return client.post("/v1/ask", json={"question": question})

            updater = threading.Thread(target=reindex)
            updater.start()
            load = run_load(service.url, args.clients, args.seconds, request)
            updater.join()
            log = service.requests()
            crashes = [line for line in service.log_path.read_text().splitlines() if '"unhandled"' in line][:3]
        finally:
            service.stop()
    busy = load.statuses.get(503, 0)
    figures = {
        "clients": args.clients,
        "seconds": round(load.seconds, 1),
        "answered": sum(load.ok),
        "throughput_rps": round(load.throughput, 2),
        "p50_s": round(statistics.median(load.latencies), 3) if load.latencies else None,
        "statuses": {str(k): v for k, v in sorted(load.statuses.items())},
        "errors": load.errors[:5],
        "server_5xx_in_log": sum(1 for e in log if e["status"] >= 500),
        "server_5xx_entries": [e for e in log if e["status"] >= 500][:5],
        "unhandled": crashes,
        "ingest_s": round(timeline.get("ingest_s", -1), 1),
        "new_content_served_after_s": round(timeline.get("new_content_served_after_s", -1), 2),
    }
    passed = (not load.errors and not busy and not figures["server_5xx_in_log"]
              and 0 <= figures["new_content_served_after_s"] <= 5)
    report(figures, passed)


if __name__ == "__main__":
    main()
