"""A kernel started ahead of the page that will use it.

Every page pays for a new kernel (about 0.8 s) and for importing pandas, matplotlib and the package
in it (about 1 s).  A worker process keeps one *spare* kernel, started while the data is prepared or
while the previous page is exported, with those modules already imported; the next page runs in it
(papermill's ``km``), and the spare is shut down after that one page.  A kernel is never used twice,
so a page starts from a fresh interpreter exactly as it would without the spare: same code, same
output bytes.

The spare belongs to one folder and one environment: a page whose working folder or environment
differs (another project, another ``ANALYSIS_ROOT``) gets a kernel of its own, and the spare is
shut down.  A spare that is never taken is shut down when its process exits.
"""
from __future__ import annotations

import atexit
import os
import queue
from pathlib import Path

# what every page's first cell imports; imported silently (no execution count, no history)
WARM_IMPORTS = ("import pandas, numpy, matplotlib, matplotlib.pyplot, matplotlib_inline.backend_inline\n"
                "import analysis.results, analysis.charts, analysis.present, analysis.parameters")
KERNEL_ARGS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]
KERNEL_NAME = "python3"
WAIT_SECONDS = 60          # a spare still importing after this long is given up (the page starts its own)

_spare: dict = {}          # {"key": …, "km": AsyncKernelManager, "kc": BlockingKernelClient, "msg": id}
_opened: dict = {}         # id(kernel manager) → the page clients papermill opened on it


def _page_client_class():
    from jupyter_client.asynchronous import AsyncKernelClient

    class PageClient(AsyncKernelClient):
        """The client papermill opens on a spare.  papermill leaves a kernel it did not start running and
        its client's channels open; the heartbeat channel would then ping the dead kernel's port every
        few seconds, and a later kernel given that port number logs "DELIM not in msg_list" into its
        page.  So: no heartbeat (whether the kernel lives is asked of its manager), and every channel
        is closed with the kernel (:func:`shutdown`)."""

        def start_channels(self, shell=True, iopub=True, stdin=True, hb=False, control=True):
            super().start_channels(shell=shell, iopub=iopub, stdin=stdin, hb=False, control=control)
            _opened.setdefault(id(self.parent), []).append(self)

    return PageClient


def _key(cwd: Path) -> tuple:
    return str(Path(cwd).resolve()), tuple(sorted(os.environ.items()))


def _run(coro_fn, *args, **kwargs):
    from jupyter_core.utils import run_sync

    return run_sync(coro_fn)(*args, **kwargs)


def start(cwd: Path) -> None:
    """Start the spare for pages run in ``cwd`` (nothing if one for the same folder and environment is
    already there).  Returns at once: the kernel imports while the caller goes on."""
    key = _key(cwd)
    if _spare.get("key") == key:
        return
    discard()
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import AsyncKernelManager

    km = AsyncKernelManager(kernel_name=KERNEL_NAME)
    km.client_factory = _page_client_class()
    kc = None
    try:
        _run(km.start_kernel, cwd=str(cwd), extra_arguments=list(KERNEL_ARGS))
        kc = BlockingKernelClient()
        kc.load_connection_info(km.get_connection_info())
        kc.start_channels(hb=False)
        msg = kc.execute(WARM_IMPORTS, silent=True, store_history=False)
    except Exception:  # noqa: BLE001 - a spare that cannot start (a port race) is no spare; the page starts its own
        if kc is not None:
            kc.stop_channels()
        shutdown(km)
        return
    _spare.update(key=key, km=km, kc=kc, msg=msg)


def take(cwd: Path):
    """The spare kernel manager for a page run in ``cwd``, its imports done; None when there is no
    spare for that folder and environment (the page then starts its own kernel)."""
    if not _spare or _spare.get("key") != _key(cwd):
        discard()
        return None
    km, kc, msg = _spare["km"], _spare["kc"], _spare["msg"]
    _spare.clear()
    ok = False
    try:
        for _ in range(WAIT_SECONDS):    # the warm-up's reply; other replies (kernel_info) are skipped
            try:
                reply = kc.get_shell_msg(timeout=1)
            except queue.Empty:
                if not _run(km.is_alive):
                    break                # died while importing: not used
                continue
            if reply["parent_header"].get("msg_id") == msg:
                ok = reply["content"].get("status") == "ok"
                break
    except Exception:  # noqa: BLE001 - a spare that did not come up is simply not used
        ok = False
    finally:
        kc.stop_channels()
    if not ok:
        shutdown(km)
        return None
    return km


def shutdown(km) -> None:
    """End a kernel that has run its page (or a spare no page will use)."""
    if km is None:
        return
    for client in _opened.pop(id(km), []):
        client.stop_channels()
    try:
        _run(km.shutdown_kernel, now=True)
    except Exception:  # noqa: BLE001 - already gone
        pass


def discard() -> None:
    """Shut down the spare, if any."""
    if _spare:
        kc, km = _spare.get("kc"), _spare.get("km")
        _spare.clear()
        if kc is not None:
            kc.stop_channels()
        shutdown(km)


atexit.register(discard)


def die_with_parent(parent: int) -> None:
    """Run first in a build's worker process: the worker ends when the build that started it ends, even
    by ``kill -9`` (Linux ``PR_SET_PDEATHSIG``), and its kernels follow it (ipykernel watches its parent).
    Elsewhere a no-op; if the build is already gone, the worker ends at once."""
    import signal
    import sys

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM, 0, 0, 0)   # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            return
    if os.getppid() != parent:
        os._exit(1)
