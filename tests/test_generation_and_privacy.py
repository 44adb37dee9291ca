"""Optional LLM answers (against a local stand-in server), redaction, logging of questions."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import uvicorn
from fastapi import FastAPI, Request

from service.redact import is_bsn, redact
from tests.conftest import Server, free_port


def stand_in_llm() -> FastAPI:
    """An OpenAI-compatible chat endpoint as a municipality might run one."""
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request):
        body = await request.json()
        prompt = body["messages"][-1]["content"]
        if "kwartiermaker" in prompt.split("Vraag:")[-1]:
            content = "Een kwartiermaker met mandaat kan partijen snel enthousiasmeren [2]. Dat versnelt de aanpak [2]."
        elif "projectleider" in prompt.split("Vraag:")[-1]:
            content = "Een projectleider voert de plannen uit. Dat is altijd zo."  # no citations: must be refused
        elif "traag" in prompt.split("Vraag:")[-1]:
            time.sleep(5)
            content = "Te laat [1]."
        else:
            return {"error": "kapot"}  # malformed response
        return {"choices": [{"message": {"role": "assistant", "content": content}}]}

    return app


@pytest.fixture(scope="module")
def llm_url():
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(stand_in_llm(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}/v1"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def llm_server(seed_index_dir, tmp_path_factory, llm_url):
    srv = Server(seed_index_dir, tmp_path_factory.mktemp("llm") / "server.log",
                 VRAAGBAAK_LLM_URL=llm_url, VRAAGBAAK_LLM_TIMEOUT="2", VRAAGBAAK_LOG_QUESTIONS="true")
    srv.wait_ready()
    yield srv
    srv.stop()


def _ask(server, question):
    r = httpx.post(server.url + "/v1/ask", json={"question": question}, timeout=60)
    assert r.status_code == 200
    return r.json()


def test_generated_answer_is_used_when_every_sentence_cites_a_passage(llm_server):
    data = _ask(llm_server, "Wat kan een kwartiermaker bereiken?")
    assert data["answer"].startswith("Een kwartiermaker met mandaat kan partijen snel enthousiasmeren [1].")
    assert [c["n"] for c in data["citations"]] == [1]
    assert data["citations"][0]["quote"] in data["citations"][0]["text"]


@pytest.mark.parametrize("question", ["Wie voert als projectleider de plannen uit?", "Wat doet een traag proces?",
                                      "Hoeveel geld stelt VWS beschikbaar?"])
def test_uncited_slow_or_broken_generation_falls_back_to_the_extractive_answer(llm_server, question):
    data = _ask(llm_server, question)
    if not data["abstained"]:
        assert "Dat is altijd zo" not in data["answer"] and "Te laat" not in data["answer"]
        assert data["answer"].rstrip().endswith("]")
        assert data["citations"] and all(c["quote"] in c["text"] for c in data["citations"])


def test_logged_questions_are_redacted_when_the_operator_enables_logging(llm_server):
    question = "Mijn BSN is 111222333 en mijn mail jan@voorbeeld.nl, bel 06-12345678. Wie neemt het initiatief?"
    httpx.post(llm_server.url + "/v1/ask", json={"question": question}, headers={"X-Request-ID": "privacy-1"},
               timeout=60)
    entry = None
    for _ in range(50):
        entry = next((e for e in llm_server.logs() if e.get("request_id") == "privacy-1"), None)
        if entry:
            break
        time.sleep(0.1)
    assert entry is not None and "question" in entry
    assert "[bsn]" in entry["question"] and "[e-mail]" in entry["question"] and "[telefoon]" in entry["question"]
    text = llm_server.log_path.read_text()
    assert "111222333" not in text and "jan@voorbeeld.nl" not in text and "06-12345678" not in text


def test_redaction_of_personal_numbers():
    assert is_bsn("111222333") and not is_bsn("123456789")
    assert redact("IBAN NL91 ABNA 0417 1643 00 graag") == "IBAN [iban] graag"
    assert redact("bel +31 6 12345678 of 020-1234567") == "bel [telefoon] of [telefoon]"
    assert redact("rekening 123456789 is geen BSN") == "rekening 123456789 is geen BSN"
    assert redact("mail naar a.b@gemeente.nl") == "mail naar [e-mail]"
