"""What is worked out once per loaded index and shared by every engine over it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from embeddings import Index

T = TypeVar("T")


def once_per_index(work: Callable[[Index], T]) -> Callable[[Index], T]:
    """``work`` done once per loaded index and kept (thread-safe: quizzes are built in
    workers). Kept by the index's id, checked against the index itself: a freed index's id may
    be given to a new one."""
    kept: dict[int, tuple[Index, T]] = {}
    lock = threading.Lock()

    def get(index: Index) -> T:
        with lock:
            found = kept.get(id(index))
            if found is None or found[0] is not index:
                found = (index, work(index))
                kept[id(index)] = found
            return found[1]

    return get
