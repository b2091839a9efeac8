"""Drawings made in a child process, so that a server process keeps serving while one is made.

Drawing a new revision of a 40-step, 12-lane map is about 0.1-0.2 s of pure-Python CPU (seconds
on a loaded machine). Made in a thread of the server process, it held that process's GIL, and
every page the process was serving meanwhile waited behind it. With :func:`draw_apart` on
(``parcours serve`` turns it on), each server process hands its drawings to one child process
of its own, started when first needed, running at a lower priority (``nice``) than the
processes that answer requests; the thread that asked waits without holding the GIL
(until the child has started, drawings are made in process, as before). The
child stops with its parent (Linux), and a broken child is replaced; if none can be started,
the drawing is made in process as before. Tests leave it off (no child processes).

>>> from parcours.services import documents
>>> m = documents.parse_map_text(documents.template_map_text("bank-account", "en"))
>>> drawing_svg(m, View.MAP, "en").startswith("<svg")
True
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import sys
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from parcours.model import JourneyMap
from parcours.render import View
from parcours.services import documents

CHILD_NICENESS = 10
"""How much lower than the serving processes the drawing child runs (``nice``)."""
PR_SET_PDEATHSIG = 1
_LOG = logging.getLogger(__name__)
_STATE_LOCK = threading.Lock()
_apart = False
_pool: ProcessPoolExecutor | None = None
_warming: Future[None] | None = None


def draw_apart(enabled: bool) -> None:
    """Make the drawings of this process in a child process (``enabled``) or in process."""
    global _apart
    with _STATE_LOCK:
        _apart = enabled


def drawing_svg(m: JourneyMap, view: View, lang: str) -> str:
    """The SVG of ``view`` of ``m`` (:func:`parcours.services.documents.drawing_svg`), made
    in the child process when :func:`draw_apart` is on."""
    pool = _child()
    if pool is None or (_warming is not None and not _warming.done()):
        return documents.drawing_svg(m, view, lang)  # off, or the child still starting
    try:
        return pool.submit(_draw, m, view, lang).result()
    except BrokenProcessPool:  # the child died (killed?): a new one next time
        _forget(pool)
        return documents.drawing_svg(m, view, lang)


def warm() -> None:
    """Start the child process now: its imports take seconds, during which drawings are
    still made in process (no request waits for the child to start, nor does the server)."""
    global _warming
    pool = _child()
    if pool is not None:
        with contextlib.suppress(BrokenProcessPool, RuntimeError):
            _warming = pool.submit(_ready)


def _child() -> ProcessPoolExecutor | None:
    global _pool
    with _STATE_LOCK:
        if not _apart:
            return None
        if _pool is None:
            try:
                _pool = ProcessPoolExecutor(
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_child,
                    initargs=(os.getpid(),),
                )
            except (OSError, ValueError):
                _LOG.exception("no drawing process: drawing in process")
                return None
        return _pool


def _forget(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _STATE_LOCK:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def stop(*, wait: bool = True) -> None:
    """Stop the child process (if any) and draw in process from now on; without ``wait``
    the child is terminated at once (the server is stopping: a drawing, or the child's
    start, would otherwise hold the exit for seconds)."""
    global _pool, _apart, _warming
    with _STATE_LOCK:
        pool, _pool, _apart, _warming = _pool, None, False, None
    if pool is None:
        return
    if not wait:
        processes = getattr(pool, "_processes", None) or {}  # the executor's own children
        for process in list(processes.values()):
            with contextlib.suppress(OSError, AttributeError):
                process.terminate()
    pool.shutdown(wait=wait, cancel_futures=True)


def _start_child(parent_pid: int) -> None:  # pragma: no cover - runs in the child process
    """Lower this child's priority and stop it with the server process that started it
    (also when that process died while this child was still starting: killed servers left
    children behind)."""
    with contextlib.suppress(OSError):
        os.nice(CHILD_NICENESS)
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent_pid:  # the parent is gone already
        os._exit(0)


def _ready() -> None:  # pragma: no cover - in the child
    """Nothing: the child is started and its imports made."""


def _draw(m: JourneyMap, view: View, lang: str) -> str:  # pragma: no cover - in the child
    return documents.drawing_svg(m, view, lang)
