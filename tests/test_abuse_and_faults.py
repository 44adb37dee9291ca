"""Findings 1, 3, 4, 5, 7, 8 and 9 of issue 11 against a real server on
loopback (and the parts that can be shown directly, directly)."""

from __future__ import annotations

import contextlib
import json
import signal
import sqlite3
import threading
import time

import httpx
import pytest

from service.costs import Admission, Busy, CappedChatService, cap_tokens, estimate_tokens
from service.settings import Settings
from tests.conftest import Server

# One 19,000-character turn of distinct words: uncapped, its subject would all be carried into the query.
LONG_TURN = " ".join(f"onderwerp{i} cliëntondersteuning{i}" for i in range(700))[:19_000]


@pytest.fixture(scope="module")
def guarded(seed_index_dir, tmp_path_factory):
    """The service as deployed: rate limit on feedback, feedback database in its own folder."""
    folder = tmp_path_factory.mktemp("guarded")
    srv = Server(seed_index_dir, folder / "server.log", VRAAGBAAK_FEEDBACK_DB=str(folder / "feedback.sqlite"),
                 VRAAGBAAK_RATE_LIMIT_FEEDBACK="5/minute", VRAAGBAAK_FRAME_ANCESTORS='["https://www.gemeente.nl"]',
                 VRAAGBAAK_RATE_LIMIT_EXEMPT="[]")  # the test client is on loopback, which is exempt by default
    srv.feedback_db = folder / "feedback.sqlite"
    srv.wait_ready()
    yield srv
    srv.stop()


# 1. Slowdown by long input -------------------------------------------------------------------

def test_caps_bound_the_standalone_query_of_a_follow_up_with_a_huge_turn(seed_index):
    chat = CappedChatService(Settings(), seed_index)
    history = [("user", LONG_TURN), ("assistant", "Dat staat in de handreiking [1].")]
    query = chat.standalone("En wie betaalt dat?", history)
    assert len(LONG_TURN) > 18_000 and len(chat.standalone("En wie betaalt dat?", [])) < 30
    assert query.startswith("En wie betaalt dat?")
    assert estimate_tokens(query) <= Settings().max_query_tokens
    long_question = "Goedemiddag, " + "ik werk bij een gemeente en " * 200 + "wie neemt het initiatief?"
    capped = chat.standalone(long_question, [])
    assert capped.endswith("wie neemt het initiatief?") and estimate_tokens(capped) <= Settings().max_query_tokens


def test_cap_tokens_keeps_whole_words_from_either_end():
    text = "een twee drie vier vijf zes"
    assert cap_tokens(text, 3) == "een twee drie"
    assert cap_tokens(text, 3, keep="end") == "vier vijf zes"
    assert cap_tokens("x" * 10_000, 5) == "x" * 20
    assert cap_tokens(text, 100) == text


def test_long_queries_beyond_the_limit_are_refused_at_once_while_short_ones_wait():
    admission = Admission(total=2, long=1, long_tokens=10, retry_after=3, queue_wait=2.0, long_share=1.0,
                          long_burst=100.0)
    with admission.admit(50):
        t0 = time.perf_counter()
        with pytest.raises(Busy) as busy, admission.admit(50):
            pass
        assert busy.value.retry_after == 3 and time.perf_counter() - t0 < 0.5
        with admission.admit(5):  # a short question still gets the free place
            released = threading.Timer(0.3, lambda: None)
            released.start()
    with admission.admit(50):  # the long place is free again
        pass


def test_a_huge_history_turn_is_answered_with_a_capped_query(guarded):
    body = {"question": "En wie betaalt dat?", "history": [{"role": "user", "content": LONG_TURN}]}
    r = httpx.post(guarded.url + "/v1/ask", json=body, timeout=60)
    assert r.status_code == 200, r.text
    assert estimate_tokens(r.json()["query"]) <= Settings().max_query_tokens


def test_busy_service_answers_503_with_retry_after(seed_index_dir, tmp_path):
    srv = Server(seed_index_dir, tmp_path / "busy.log", VRAAGBAAK_MAX_CONCURRENT_LONG_QUERIES="1",
                 VRAAGBAAK_LONG_QUERY_TOKENS="8", VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "f.sqlite"))
    try:
        srv.wait_ready()
        question = {"question": "Welke stappen en welke criteria en welke voorbeelden beschrijft de handreiking voor "
                                "gemeenten die cliëntondersteuning willen versterken?"}
        results: list[httpx.Response] = []

        def call() -> None:
            results.append(httpx.post(srv.url + "/v1/ask", json=question, timeout=60))

        threads = [threading.Thread(target=call) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(r.status_code for r in results)
        assert 200 in statuses and 503 in statuses, statuses
        refused = next(r for r in results if r.status_code == 503)
        assert refused.json()["error"]["code"] == "busy" and int(refused.headers["retry-after"]) >= 1
    finally:
        srv.stop()


# 3. Lone surrogates --------------------------------------------------------------------------

def test_lone_surrogates_over_http_are_cleaned_not_a_500(guarded):
    for route, field in (("/v1/ask", "question"), ("/v1/search", "query")):
        raw = '{"%s": "Wie neemt \\ud800het initiatief?\\udfff", "history": [{"role": "user", "content": "\\ud83d"}]}'
        r = httpx.post(guarded.url + route, content=(raw % field).encode(), timeout=60,
                       headers={"Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        assert "\\ud800" not in r.text


# 4. Recovery after a failed first load ---------------------------------------------------------

def test_service_recovers_from_a_broken_index_when_a_good_build_is_published(tmp_path, corpus_copy, embedder):
    from index.build import build_index
    from index.store import current_build

    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, embedder)
    passages = current_build(index_dir) / "passage_fields.npy"
    passages.write_bytes(passages.read_bytes()[:500])  # truncated, as a full disk leaves it
    srv = Server(index_dir, tmp_path / "serve.log", VRAAGBAAK_CORPUS=str(corpus_copy),
                 VRAAGBAAK_RELOAD_INTERVAL="0.5", VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "f.sqlite"))
    try:
        # Bound before loading: /healthz answers while /readyz says, in general words, why not.
        for _ in range(300):
            try:
                if httpx.get(srv.url + "/healthz").status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        for _ in range(100):
            ready = httpx.get(srv.url + "/readyz")
            if "niet worden geladen" in ready.text:
                break
            time.sleep(0.2)
        assert ready.status_code == 503 and ready.json() == {
            "ready": False, "reason": "de index kon niet worden geladen; de beheerder is gewaarschuwd"}
        r = httpx.post(srv.url + "/v1/ask", json={"question": "Wie neemt het initiatief?"})
        assert r.status_code == 503 and str(tmp_path) not in r.text and "passages" not in r.text
        assert "Retry-After" in r.headers
        assert "index_load_failed" in srv.log_path.read_text()  # the details go to the log
        build_index(corpus_copy, index_dir, embedder, rebuild=True)
        t0 = time.monotonic()
        while time.monotonic() - t0 < 30 and httpx.get(srv.url + "/readyz").status_code != 200:
            time.sleep(0.1)
        assert time.monotonic() - t0 < 30
        answer = httpx.post(srv.url + "/v1/ask", json={"question": "Wie neemt het initiatief?"}, timeout=60)
        assert answer.status_code == 200 and "gemeenteraad" in answer.json()["answer"]
    finally:
        srv.stop()


# 5 and 8. Feedback you can trust, redacted remarks ---------------------------------------------

def test_feedback_only_for_real_answer_ids_once_per_answer_and_redacted(guarded):
    answer = httpx.post(guarded.url + "/v1/ask", json={"question": "Wie neemt het initiatief?"}, timeout=60).json()
    tampered = answer["id"][:-1] + ("1" if answer["id"].endswith("0") else "0")
    forged = httpx.post(guarded.url + "/v1/feedback", json={"answer_id": tampered, "rating": "up"})
    assert forged.status_code == 404 and forged.json()["error"]["code"] == "not_found"
    assert httpx.post(guarded.url + "/v1/feedback", json={"answer_id": "abc", "rating": "up"}).status_code == 404
    remark = "Mail naam(at)domein.nl, BSN 111-222-333 en 111\u200b222\u200b333."
    first = httpx.post(guarded.url + "/v1/feedback", json={"answer_id": answer["id"], "rating": "up"})
    second = httpx.post(guarded.url + "/v1/feedback",
                        json={"answer_id": answer["id"], "rating": "down", "remark": remark})
    assert first.status_code == second.status_code == 201
    rows = sqlite3.connect(guarded.feedback_db).execute(
        "SELECT rating, remark FROM feedback WHERE answer_id = ?", (answer["id"],)).fetchall()
    assert rows == [("down", "Mail [e-mail], BSN [bsn] en [bsn].")]
    statuses = [httpx.post(guarded.url + "/v1/feedback", json={"answer_id": answer["id"], "rating": "up"}).status_code
                for _ in range(5)]
    assert statuses.count(429) >= 2  # 5 per minute per client
    limited = httpx.post(guarded.url + "/v1/feedback", json={"answer_id": answer["id"], "rating": "up"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert limited.json()["error"]["code"] == "rate_limited"


def test_remark_storage_is_capped(tmp_path):
    from service.feedback import FeedbackStore

    store = FeedbackStore(tmp_path / "f.sqlite", max_remark_bytes=100)
    for i in range(5):
        store.add(f"id{i}", "up", "x" * 40)
    remarks = [row[2] for row in store.rows()]
    assert remarks[:2] == ["x" * 40] * 2 and remarks[2:] == [None] * 3
    store.add("id0", "down", None)  # replacing a rating frees its remark's room
    store.add("id9", "up", "y" * 40)
    assert [r[2] for r in store.rows() if r[0] == "id9"] == ["y" * 40]
    assert len(store.rows()) == 6
    store.close()


# 7. Nothing internal in public bodies, security headers ----------------------------------------

def test_security_headers_and_no_server_banner(guarded):
    page = httpx.get(guarded.url + "/")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'self' https://www.gemeente.nl" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
    api = httpx.post(guarded.url + "/v1/search", json={"query": "initiatief"})
    for r in (page, api, httpx.get(guarded.url + "/v1/onbekend")):
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "server" not in r.headers
    assert api.headers["content-security-policy"].startswith("default-src 'none'")
    ready = httpx.get(guarded.url + "/readyz").json()
    assert "/" not in json.dumps(ready).replace("\\/", "")  # no paths


def test_docs_are_served_from_the_package_without_a_cdn(guarded):
    html = httpx.get(guarded.url + "/docs").text
    assert "http://" not in html and "https://" not in html and "<script>" not in html
    for src in ("/docs/assets/swagger-ui-bundle.js", "/docs/assets/swagger-ui.css", "/docs/start.js"):
        assert src in html and httpx.get(guarded.url + src).status_code == 200
    assert httpx.get(guarded.url + "/docs/assets/..%2f..%2fsettings.py").status_code == 404


def test_docs_can_be_switched_off(seed_index):
    from fastapi.testclient import TestClient

    from service.app import create_app

    with TestClient(create_app(Settings(docs_enabled=False))) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 200


# 9. Smaller findings ---------------------------------------------------------------------------

def test_chunked_bodies_over_the_limit_get_413(guarded):
    def chunks():
        for _ in range(100):
            yield b'{"question": "' + b"a" * 1000

    r = httpx.post(guarded.url + "/v1/ask", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"
    small = httpx.post(guarded.url + "/v1/search", content=iter([b'{"query": ', b'"initiatief"}']),
                       headers={"Content-Type": "application/json"})
    assert small.status_code == 200


def test_openapi_states_minimum_lengths_404_and_405_allow(guarded):
    spec = httpx.get(guarded.url + "/openapi.json").json()
    ask = spec["components"]["schemas"]["AskRequest"]["properties"]["question"]
    assert ask["minLength"] == 1 and ask["maxLength"] == 2000
    assert "404" in spec["paths"]["/v1/passages/{passage_id}"]["get"]["responses"]
    assert {"429", "503"} <= set(spec["paths"]["/v1/ask"]["post"]["responses"])
    r = httpx.get(guarded.url + "/v1/ask")
    assert r.status_code == 405 and r.headers["allow"] == "POST"


def test_abandoned_temporary_builds_are_removed_by_the_next_ingest(tmp_path, corpus_copy, embedder):
    from index.build import build_index

    index_dir = tmp_path / "index"
    build_index(corpus_copy, index_dir, embedder)
    (index_dir / "builds" / ".tmp-20260101T000000-dead").mkdir()
    (index_dir / "builds" / ".tmp-20260101T000000-dead" / "passages.jsonl").write_text("{")
    (index_dir / ".CURRENT.20260101T000000-dead").symlink_to("builds/nergens")
    build_index(corpus_copy, index_dir, embedder)
    assert not list((index_dir / "builds").glob(".tmp-*")) and not list(index_dir.glob(".CURRENT.*"))


def test_shutdown_does_not_wait_longer_than_the_limit(seed_index_dir, tmp_path):
    """An in-flight request (a slow LLM endpoint) gets shutdown_timeout seconds, not forever."""
    import uvicorn
    from fastapi import FastAPI

    from tests.conftest import free_port

    slow = FastAPI()

    @slow.post("/v1/chat/completions")
    async def complete():
        import asyncio

        await asyncio.sleep(60)

    port = free_port()
    stand_in = uvicorn.Server(uvicorn.Config(slow, host="127.0.0.1", port=port, log_level="warning"))
    threading.Thread(target=stand_in.run, daemon=True).start()
    srv = Server(seed_index_dir, tmp_path / "s.log", VRAAGBAAK_LLM_URL=f"http://127.0.0.1:{port}/v1",
                 VRAAGBAAK_LLM_TIMEOUT="120", VRAAGBAAK_SHUTDOWN_TIMEOUT="1", VRAAGBAAK_FEEDBACK_DB=str(tmp_path / "f"))
    try:
        srv.wait_ready()

        def in_flight() -> None:
            with contextlib.suppress(httpx.HTTPError):  # cut off by the shutdown: that is the point
                httpx.post(srv.url + "/v1/ask", json={"question": "Wie neemt het initiatief?"}, timeout=120)

        threading.Thread(target=in_flight, daemon=True).start()
        time.sleep(1.5)
        t0 = time.monotonic()
        srv.process.send_signal(signal.SIGTERM)
        srv.process.wait(timeout=30)
        assert time.monotonic() - t0 < 10
    finally:
        srv.stop()
        stand_in.should_exit = True


def test_forwarded_for_is_believed_only_from_configured_proxies():
    from service.ratelimit import RateLimits, client_address, parse_networks

    proxies = parse_networks(["10.0.0.0/8", "127.0.0.1"])
    assert client_address("127.0.0.1", "203.0.113.7", proxies) == "203.0.113.7"
    assert client_address("127.0.0.1", "198.51.100.1, 203.0.113.7, 10.1.2.3", proxies) == "203.0.113.7"
    assert client_address("198.51.100.9", "203.0.113.7", proxies) == "198.51.100.9"  # not a proxy: ignored
    assert client_address("127.0.0.1", "onzin", proxies) == "127.0.0.1"
    assert client_address("127.0.0.1", "203.0.113.7", []) == "127.0.0.1"
    limits = RateLimits({"/v1/ask": "2/minute", "/v1/search": ""}, [])
    assert [limits.check("/v1/ask", "a") for _ in range(3)][:2] == [0, 0]
    assert limits.check("/v1/ask", "a") >= 1 and limits.check("/v1/ask", "b") == 0
    assert not limits.applies_to("/v1/search")


def test_loopback_clients_are_exempt_by_default_but_clients_behind_a_trusted_local_proxy_are_not():
    """A harness on the server asks in bulk; the real clients of a local reverse proxy are still counted."""
    from service.ratelimit import RateLimits, client_address

    exempt = Settings().rate_limit_exempt
    limits = RateLimits({"/v1/ask": "2/minute"}, ["127.0.0.1"], exempt)
    assert all(limits.check("/v1/ask", "127.0.0.1") == 0 for _ in range(10))
    assert all(limits.check("/v1/ask", "::1") == 0 for _ in range(10))
    behind = client_address("127.0.0.1", "203.0.113.7", limits.trusted)
    assert [limits.check("/v1/ask", behind) for _ in range(3)][:2] == [0, 0]
    assert limits.check("/v1/ask", behind) >= 1
    strict = RateLimits({"/v1/ask": "2/minute"}, [], [])
    assert [strict.check("/v1/ask", "127.0.0.1") for _ in range(3)][2] >= 1


def test_long_queries_get_at_most_their_share_of_a_busy_service_but_an_idle_one_admits_them():
    admission = Admission(total=4, long=2, long_tokens=10, retry_after=1, queue_wait=1.0, long_share=0.1,
                          long_burst=0.2)
    with admission.admit(5):  # another request is in flight throughout
        with admission.admit(50):
            time.sleep(0.5)  # 0.5 s of long work beside it: 0.3 s over the burst, i.e. 3 s at a 10 % share
        with pytest.raises(Busy) as busy, admission.admit(50):
            pass
        assert 2 <= busy.value.retry_after <= 4
        with admission.admit(5):  # short questions are not charged
            pass
    # Nothing else in flight: a long question takes nobody's time, so one after another is admitted
    # (an evaluation harness asking long questions in a row) and none of them is charged.
    owed = admission._long_wait()
    for _ in range(4):
        with admission.admit(50):
            time.sleep(0.2)
    assert 0 < admission._long_wait() < owed  # drained a little, nothing added
    with admission.admit(5), pytest.raises(Busy), admission.admit(50):  # with company, the share applies again
        pass


def test_any_answer_id_a_client_sends_is_verified_without_crashing(tmp_path):
    """Found by the raw fuzzer: non-ASCII text after the dot made hmac.compare_digest raise (a 500)."""
    from service.answer_ids import sign_answer_id, verify_answer_id

    settings = Settings(feedback_db=tmp_path / "feedback.sqlite")
    good = sign_answer_id("0123456789abcdef01234567", settings)
    assert verify_answer_id(good, settings)
    assert (tmp_path / "answer-id.key").stat().st_mode & 0o777 == 0o600
    for forged in ("\u5e22,W.z°è\U000e5e4c", "abc.", ".abc", "x.y.z", good + "0", "é" * 30 + "." + "ü" * 20):
        assert verify_answer_id(forged, settings) is False


def test_a_worker_computes_requests_in_at_most_its_configured_threads_and_answers_them_all(
    seed_index_dir, tmp_path, monkeypatch
):
    """Each thread that computes an answer keeps its own malloc arena and
    stack: at a million passages 70 threads held ~58 MiB more of a worker's
    heap than 30 did, for the same throughput. Requests beyond the pool wait
    for a thread, they are not refused."""
    from concurrent.futures import ThreadPoolExecutor

    from fastapi.testclient import TestClient

    from service.app import create_app
    from service.application import App

    ask = App.ask
    threads: set[int] = set()

    def slow_ask(self, *args, **kwargs):
        threads.add(threading.get_ident())
        time.sleep(0.3)  # long enough that twelve requests overlap
        return ask(self, *args, **kwargs)

    monkeypatch.setattr(App, "ask", slow_ask)
    settings = Settings(index=seed_index_dir, feedback_db=tmp_path / "fb.sqlite", reload_interval=0,
                        worker_threads=3, rate_limit_ask="")
    with TestClient(create_app(settings)) as client:
        for _ in range(600):
            if client.get("/readyz").status_code == 200:
                break
            time.sleep(0.05)

        def status(i: int) -> int:
            return client.post("/v1/ask", json={"question": f"Wie neemt het initiatief? {i}"}).status_code

        with ThreadPoolExecutor(12) as pool:
            statuses = list(pool.map(status, range(12)))
    assert statuses == [200] * 12
    assert 1 <= len(threads) <= 3
