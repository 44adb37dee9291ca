"""Keep a worker's heap from keeping what one busy minute needed.

At a million passages a search briefly needs arrays of one entry per passage
(4-9 MB each). glibc's malloc raises its mmap threshold to the largest block
freed, so after the first such array every later one comes from the heap
arenas, one per thread, and each arena keeps its high-water mark: under 32
clients a worker's heap grew from 140 to about 780 MiB (scripts/loadtest.py
on the 1,000,000-passage benchmark index). A fixed threshold sends those
arrays back to the system when they are freed.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter (malloc.h)
log = logging.getLogger("vraagbaak")


def limit_heap_growth(mmap_threshold: int) -> bool:
    """Set glibc's mmap threshold (fixed, no longer raised by large frees).
    Returns whether it was set: 0, or another C library, leaves it alone."""
    if mmap_threshold <= 0:
        return False
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        libc = None
    mallopt = getattr(libc, "mallopt", None)
    if mallopt is None:
        log.info("malloc_untuned", extra={"reason": "no glibc mallopt"})
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, int(mmap_threshold)))
