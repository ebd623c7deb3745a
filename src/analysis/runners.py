"""How pages are executed: one interface, three executors, the same bytes whichever ran them.

A :class:`Task` is one notebook execution (papermill) and its export (nbconvert): it writes the executed
notebook into the staging folder and returns the page's HTML.  Executors:

* :class:`SerialRunner`: one after the other (``--jobs 1``);
* :class:`ProcessRunner`: a pool of worker processes (``--jobs N``, default the CPU count);
* :class:`DaskRunner`: ``dask.distributed``, an in-process ``LocalCluster`` by default or an existing
  scheduler (``--scheduler tcp://HOST:8786`` or ``DASK_SCHEDULER_ADDRESS``).

A kernel that fails to start (a port taken by another kernel starting at the same moment, a launch
timeout) is retried; a notebook that fails in a cell is not.  Every failure is collected and reported
at the end, not hidden by the first.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from . import kernels
from .errors import BuildError

START_RETRIES = 2


@dataclass(frozen=True)
class Task:
    name: str            # the output's name: the notebook stem, or <stem>-<suffix> for a fan-out output
    notebook: str        # path of the notebook to run
    out_path: str        # where the executed notebook is written
    params: dict
    root: str
    label: str           # period (for build/failed/<label>/)
    nav: str             # the page's navigation line
    manifest: dict       # for the page shell
    warm_next: bool = False   # start a spare kernel for the next page once this one has run
    words: str = ""           # a fan-out output's own words, added to the notebook's title


@dataclass
class Outcome:
    name: str
    title: str = ""
    html: str = ""
    seconds: float = 0.0
    error: str = ""


def _startup_problem(e: BaseException) -> bool:
    """A kernel that did not start (retry), as opposed to a notebook that failed (do not)."""
    text = f"{type(e).__name__}: {e}"
    return any(w in text for w in ("Kernel didn't respond", "Address already in use", "Kernel died before replying",
                                   "TimeoutError", "ZMQError", "kernel_info"))


def run_task(task: Task) -> Outcome:
    """Execute and export one page (runs in whichever process the executor chose)."""
    from . import pages
    from .execute import execute, notebook_title

    t0 = time.perf_counter()
    for attempt in range(START_RETRIES + 1):
        try:
            nb = execute(Path(task.notebook), Path(task.out_path), task.params, root=Path(task.root),
                         label=task.label, warm_next=task.warm_next)
            break
        except BuildError as e:
            return Outcome(task.name, error=str(e), seconds=time.perf_counter() - t0)
        except Exception as e:  # noqa: BLE001 - a kernel start race is retried, anything else reported
            if attempt < START_RETRIES and _startup_problem(e):
                time.sleep(0.5 * (attempt + 1))
                continue
            return Outcome(task.name, error=f"笔记本 {Path(task.notebook).name} 无法运行 / could not run: "
                                            f"{type(e).__name__}: {e}", seconds=time.perf_counter() - t0)
    title = notebook_title(nb) + (f"：{task.words}" if task.words else "")
    html = pages.export(nb, title, task.manifest, task.nav)
    return Outcome(task.name, title, html, time.perf_counter() - t0)


def warm_next(tasks: list[Task], workers: int) -> list[Task]:
    """The tasks, each told whether its process will likely run another page after it (start a spare
    kernel then): all but the last ``workers`` tasks, which end each worker's share."""
    from dataclasses import replace

    return [replace(t, warm_next=i < len(tasks) - workers) for i, t in enumerate(tasks)]


class SerialRunner:
    name = "serial"

    def run(self, tasks: list[Task], on_start=None, on_done=None) -> list[Outcome]:
        out = []
        for t in warm_next(tasks, 1):
            if on_start:
                on_start(t.name)
            o = run_task(t)
            if on_done:
                on_done(o)
            out.append(o)
        return out


def warm_up(folder: str | None = None) -> None:
    """Import what a page needs (papermill, nbconvert, the page shell) and start a spare kernel for the
    pages of ``folder``, so the first page does not wait (:mod:`analysis.kernels`)."""
    import papermill  # noqa: F401
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    from . import pages

    # one export of a tiny page loads the templates and compiles their patterns (0.6 s, once per process)
    table = new_output("display_data", data={"text/html": "<table><tr><td>0</td></tr></table>", "text/plain": "0"})
    pages.export(new_notebook(cells=[new_markdown_cell("# 预热"), new_code_cell("0", outputs=[table])]), "预热", {}, "")
    if folder:
        os.environ["ANALYSIS_BUILD"] = "1"      # as execute() sets it: the spare's environment must match
        kernels.start(Path(folder))


class ProcessRunner:
    name = "processes"

    def __init__(self, jobs: int):
        self.jobs = max(1, int(jobs))
        self._pool = None

    def warm(self, tasks: int | None = None, folder: str | None = None):
        """Start the worker processes now (they import, and start a spare kernel for the pages in
        ``folder``, while the build prepares the data); ``close()`` ends them, else the next ``run`` does."""
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        workers = min(self.jobs, tasks or self.jobs)
        if self._pool is None and workers > 1:
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"),
                                             initializer=kernels.die_with_parent, initargs=(os.getpid(),))
            for _ in range(workers):
                self._pool.submit(warm_up, folder)

    def close(self):
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def run(self, tasks: list[Task], on_start=None, on_done=None) -> list[Outcome]:
        from concurrent.futures import as_completed

        if len(tasks) <= 1 or self.jobs == 1:
            self.close()
            return SerialRunner().run(tasks, on_start, on_done)
        results: dict[str, Outcome] = {}
        self.warm(len(tasks), str(Path(tasks[0].notebook).parent))
        try:
            futures = {}
            for t in warm_next(tasks, min(self.jobs, len(tasks))):
                if on_start:
                    on_start(t.name)
                futures[self._pool.submit(run_task, t)] = t.name
            for f in as_completed(futures):
                try:
                    o = f.result()
                except Exception as e:  # noqa: BLE001 - a worker that died is a failed page, reported
                    o = Outcome(futures[f], error=f"{type(e).__name__}: {e}")
                if on_done:
                    on_done(o)
                results[o.name] = o
        finally:
            self.close()
        return [results[t.name] for t in tasks]


class DaskRunner:
    name = "dask"

    def __init__(self, address: str | None = None, workers: int | None = None):
        self.address = address or os.environ.get("DASK_SCHEDULER_ADDRESS") or None
        self.workers = workers
        self._client = self._cluster = None
        self._kept = False

    def open(self):
        """Keep one client (and local cluster) for several builds (``--all``, ``batch``)."""
        if self._client is None:
            self._client, self._cluster = self._connect()
        self._kept = True

    def close(self):
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None
        self._kept = False

    def _connect(self):
        import logging

        from dask.distributed import Client, LocalCluster

        logging.getLogger("distributed").setLevel(logging.ERROR)   # no cluster chatter on the terminal
        if self.address:
            return Client(self.address, timeout="30s"), None
        cluster = LocalCluster(n_workers=self.workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster

    def run(self, tasks: list[Task], on_start=None, on_done=None) -> list[Outcome]:
        from dask.distributed import as_completed

        if self._client is None:
            self._client, self._cluster = self._connect()
        client = self._client
        try:
            futures = {}
            workers = len(client.scheduler_info().get("workers", {})) or 1
            for t in warm_next(tasks, workers):
                if on_start:
                    on_start(t.name)
                futures[client.submit(run_task, t, key=f"page-{t.label}-{t.name}", retries=1, pure=False)] = t.name
            results: dict[str, Outcome] = {}
            for f in as_completed(list(futures)):
                try:
                    o = f.result()
                except Exception as e:  # noqa: BLE001 - a lost worker is a failed page, reported
                    o = Outcome(futures[f], error=f"{type(e).__name__}: {e}")
                if on_done:
                    on_done(o)
                results[o.name] = o
            return [results[t.name] for t in tasks]
        finally:
            if not self._kept:
                self.close()


def runner_for(jobs: int | None = None, scheduler: str | None = None, dask: bool = False):
    """The executor a build asked for: Dask when a scheduler is named (or ``dask``), else processes for
    ``jobs`` > 1 (default: the CPU count), else serial."""
    if scheduler or os.environ.get("DASK_SCHEDULER_ADDRESS") or (dask and jobs != 1):
        return DaskRunner(scheduler, workers=jobs)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    return SerialRunner() if jobs <= 1 else ProcessRunner(jobs)
