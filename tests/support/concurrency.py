"""Running the same action from several threads at once, as concurrent clients would."""

import threading
from collections.abc import Callable
from typing import Any


def run_together(count: int, action: Callable[[int], Any]) -> list[Any]:
    """`action(i)` for i in 0..count-1, all started before any is awaited; an exception in any
    of them is raised once all have finished."""
    results: list[Any] = []
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            results.append(action(index))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results
