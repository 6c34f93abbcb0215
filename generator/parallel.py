"""Part of the build in a second process, so a 2-core machine uses both cores on a large site.

    with Background(lambda: write_json(model, out)) as job:
        ...                      # meanwhile, this process does other work
    job.result()                 # what the work returned, or its exception raised here

The second process is a fork: it starts with this process's memory (the model is not copied or
pickled), and sends back only its result. Where fork is not available, where there is one CPU, or
when `enabled` is false, the work simply runs at `with`, in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable
from typing import Any

__all__ = ["Background", "can_fork"]


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and (os.cpu_count() or 1) > 1


class Background:
    """Run `work` in a forked process from `with` on; `result()` waits for it."""

    def __init__(self, work: Callable[[], Any], enabled: bool = True) -> None:
        self.work = work
        self.enabled = enabled and can_fork()
        self._process = None
        self._conn = None
        self._done = False
        self._value: Any = None
        self._error: BaseException | None = None

    def __enter__(self) -> Background:
        if not self.enabled:
            self._run_here()
            return self
        ctx = multiprocessing.get_context("fork")
        receive, send = ctx.Pipe(duplex=False)
        self._conn = receive
        self._process = ctx.Process(target=self._child, args=(send,), daemon=True)
        self._process.start()
        send.close()
        return self

    def __exit__(self, *exc: object) -> None:
        self._wait()

    def result(self) -> Any:
        self._wait()
        if self._error is not None:
            raise self._error
        return self._value

    def _run_here(self) -> None:
        try:
            self._value = self.work()
        except Exception as exc:  # raised from result(), like the forked case
            self._error = exc
        self._done = True

    def _child(self, send) -> None:
        try:
            message = ("ok", self.work())
        except BaseException as exc:  # everything goes back to the parent, which raises it
            message = ("error", exc, traceback.format_exc())
        try:
            send.send(message)
        except Exception:  # an exception that cannot be pickled: send its text
            send.send(("error", RuntimeError(message[-1] if len(message) > 2 else "failed"), ""))
        finally:
            send.close()
        os._exit(0)  # no atexit handlers or cleanup of the parent's state in the copy

    def _wait(self) -> None:
        if self._done:
            return
        self._done = True
        try:
            message = self._conn.recv()
        except EOFError:
            code = self._process.exitcode if self._process else None
            message = ("error", RuntimeError(f"the second build process ended early ({code})"), "")
        finally:
            self._conn.close()
            self._process.join()
        if message[0] == "ok":
            self._value = message[1]
        else:
            self._error = message[1]
