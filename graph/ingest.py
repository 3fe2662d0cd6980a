"""Ingest (what `kg build` runs): read -> extract -> resolve -> store, streaming, in parallel when it pays.

Articles stream from the reader into a bounded window of worker processes (each does
extract + kg.resolution.resolve.localise), and each article's contribution goes straight into
the store's open transaction. The store resolves them in batches as they come
(graph/increment.py): memory is bounded by the batch, and a build costs its own articles and
the entities they touch, not the archive. The graph always equals the in-memory resolve of
all stored contributions, so `jobs` and the batches change the speed and never the output.
"""
from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.graph import schema
from kg.graph.records import Article, Contribution, ReadProblem
from kg.resolution.resolve import localise

if TYPE_CHECKING:
    from kg.graph.writer import BuildWriter

log = logging.getLogger(__name__)

CHUNK = 8               # articles per task: amortises pickling, keeps the window short
WINDOW_PER_JOB = 4      # tasks in flight per worker: bounds memory while keeping cores busy
PARALLEL_MIN = 100    # below this many articles, starting workers (jieba each) costs more than it saves


@dataclass
class BuildSummary:
    """What a build did and what the store holds after it."""

    store: str
    articles: int = 0                      # articles built by this run
    files: int = 0                         # files that gave articles in this run
    problems: list[ReadProblem] = field(default_factory=list)
    labels: dict[str, int] = field(default_factory=dict)   # store totals by node label
    types: dict[str, int] = field(default_factory=dict)    # store totals by relationship type
    total_articles: int = 0                # articles in the store
    dropped_facts: int = 0                 # facts outside the schema's endpoints
    jobs: int = 1
    seconds: float = 0.0
    article_ids: list[str] = field(default_factory=list)   # the articles built by this run

    @property
    def facts(self) -> int:
        """Relationships that state something (all but MENTIONED_IN)."""
        return sum(n for t, n in self.types.items() if t != schema.MENTIONED_IN)

    @property
    def skipped(self) -> int:
        return len(self.problems)


# CPU time allowed to extract one article: a base plus a share per character, over fifteen
# times what real news takes (about 0.06 ms a character here). The reader already drops
# text that is mostly rare characters (garbled); this is the backstop for whatever else
# makes jieba's HMM crawl: past its budget the article is skipped and named, never a
# stall. CPU time, not wall time, so a busy machine does not change what is extracted.
BUDGET_BASE_S = 5.0
BUDGET_PER_CHAR_S = 0.001


class ExtractionTimeout(BaseException):
    """Raised by the budget's alarm; a BaseException so no `except Exception` swallows it."""


def extraction_budget(article: Article) -> float:
    return BUDGET_BASE_S + BUDGET_PER_CHAR_S * (len(article.title) + len(article.body))


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Raise ExtractionTimeout in this thread after `seconds` of this process's CPU time
    (SIGPROF; main thread only, which is where both the single process and each worker
    run extraction)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(_signum: int, _frame: object) -> None:
        raise ExtractionTimeout

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def extract_article(article: Article) -> Contribution | ReadProblem:
    """One article through the extractor and step 1 of resolution; a failure is a problem."""
    from kg.extraction.extract import extract
    _warm()  # loading jieba's dictionary and the lexicons is not the article's time
    budget = extraction_budget(article)
    try:
        with _time_budget(budget):
            return localise(extract(article))
    except ExtractionTimeout:
        return ReadProblem(article.file, f"article {article.id} ({article.title[:30]!r}) skipped: its "
                                         f"extraction ran past its {budget:.0f} s CPU budget")
    except Exception as exc:  # one bad article must not stop a year of pages
        return ReadProblem(article.file, f"article {article.id} ({article.title[:30]!r}) "
                                         f"could not be extracted: {type(exc).__name__}: {exc}")


def _extract_chunk(articles: list[Article]) -> list[Contribution | ReadProblem]:
    return [extract_article(a) for a in articles]


def _die_with(build_pid: int) -> None:
    """A worker must not outlive its build: `kill -9` of `kg build` leaves no orphan.

    On Linux the kernel sends SIGKILL when the parent goes (PR_SET_PDEATHSIG; workers are
    the build's own children, see _in_workers); as a backstop, and elsewhere, a thread
    notices within half a second that the build is gone (or a zombie) and exits.
    """
    import signal
    import threading

    if sys.platform.startswith("linux"):
        import ctypes
        with contextlib.suppress(OSError, AttributeError):  # no prctl: the thread below still watches
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG

    def gone() -> bool:
        try:
            os.kill(build_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            return False
        try:  # killed but not yet reaped by its own parent: a zombie is gone too
            state = Path(f"/proc/{build_pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            return False
        return state in ("Z", "X")

    if gone():  # the build died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while not gone():
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="kg-build-watch", daemon=True).start()


def _warm() -> None:
    # load the extractor and jieba's dictionary once per process, not per article
    import kg.extraction.extract  # noqa: F401
    from kg.extraction import segment
    segment.setup()


def _warm_worker(build_pid: int) -> None:
    _die_with(build_pid)
    _warm()


def count_files(paths: Sequence[str | os.PathLike]) -> int:
    """Files the reader will read under `paths` (the progress bar's total)."""
    from kg.reading.reader import walk  # the reader's own rule for which files it reads
    total = 0
    for p in map(Path, paths):
        total += sum(1 for _ in walk(p)) if p.is_dir() else 1
    return total


class _Progress:
    """A rich progress bar on stderr (files with ETA, articles with rate), or nothing."""

    def __init__(self, enabled: bool, files_total: int):
        self.bar = None
        self.current_file: str | None = None
        if not enabled:
            return
        from kg.progress import progress_bar
        self.bar = progress_bar(transient=False)
        self.files = self.bar.add_task("files read", total=files_total or None)
        self.articles = self.bar.add_task("articles extracted", total=None)
        self.bar.start()

    def saw(self, item: Article | ReadProblem) -> None:
        if self.bar is None or item.file == self.current_file:
            return
        self.current_file = item.file
        self.bar.advance(self.files)

    def extracted(self, n: int) -> None:
        if self.bar is None:
            return
        self.bar.advance(self.articles, n)

    def stage(self, text: str) -> None:
        if self.bar is not None:
            self.bar.console.print(text)

    def close(self) -> None:
        if self.bar is not None:
            task = self.bar.tasks[self.files]
            if task.total is not None:
                self.bar.update(self.files, completed=task.total)
            self.bar.stop()


def _in_process(items: Iterable[Article]) -> Iterator[Contribution | ReadProblem]:
    for article in items:
        yield extract_article(article)


def _in_workers(items: Iterator[Article], jobs: int) -> Iterator[list[Contribution | ReadProblem]]:
    import multiprocessing
    # spawn: workers inherit neither the store's open database nor its lock, and are the
    # build's own children, so the kernel can end them with it (see _die_with)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context,
                             initializer=_warm_worker, initargs=(os.getpid(),)) as pool:
        pending: deque[Future] = deque()
        window = jobs * WINDOW_PER_JOB
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < window:
                chunk = [a for _, a in zip(range(CHUNK), items)]
                if not chunk:
                    exhausted = True
                    break
                pending.append(pool.submit(_extract_chunk, chunk))
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in [f for f in pending if f in done]:
                pending.remove(future)
                yield future.result()


def resolve_into(writer: BuildWriter) -> int:
    """The last step of a build: resolve what is pending, merge the nodes the build touched
    and commit; returns how many nodes were merged."""
    merged = writer.finish()
    log.info("merged %d nodes", merged)
    return merged


@dataclass
class RemoveSummary:
    store: str
    files: int
    articles: int            # articles removed
    total_articles: int      # articles left in the store


def remove(files: Sequence[str | os.PathLike], store_dir: str | os.PathLike) -> RemoveSummary:
    """Remove what these files gave the store (named as they were given to the build, or
    by the same real path): their articles and every fact only they supported.

    Raises StoreError naming the files the store does not hold; then nothing is removed."""
    from kg.graph.store import Store, StoreError
    from kg.graph.writer import BuildWriter

    with Store(store_dir):   # a missing or old store: its own one-line error, and nothing created
        pass
    with BuildWriter(store_dir) as writer:
        stored = writer.stored_files()
        real: dict[str, list[str]] = {}
        for name in stored:
            real.setdefault(os.path.realpath(name), []).append(name)
        chosen: set[str] = set()
        unknown: list[str] = []
        for f in map(str, files):
            found = [f] if f in stored else real.get(os.path.realpath(f), [])
            if not found:
                unknown.append(f)
            chosen.update(found)
        if unknown:
            raise StoreError(f"not in store {store_dir}: {', '.join(unknown)} (name files as they were "
                             f"given to kg build); nothing was removed")
        removed = writer.remove_files(chosen)
        resolve_into(writer)
    with Store(store_dir) as store:
        total = store.article_count()
    return RemoveSummary(str(store_dir), len(chosen), removed, total)


def ingest(paths: Sequence[str | os.PathLike], store_dir: str | os.PathLike, *,
          jobs: int | None = None, date: str | None = None, city: str | None = None,
          progress: bool = True,
          articles: Callable[[], Iterable[Article | ReadProblem]] | None = None) -> BuildSummary:
    """Build (or add to) the store at `store_dir` from the pages under `paths`.

    `articles` replaces the reader (tests, callers that already hold Articles).
    """
    from kg.extraction import segment
    from kg.graph.store import Store
    from kg.graph.writer import BuildWriter

    segment.mode()   # a bad KG_SEGMENTER is said before the store is opened or created
    started = time.monotonic()
    jobs = max(1, jobs or os.cpu_count() or 1)
    summary = BuildSummary(store=str(store_dir), jobs=jobs)
    source: Iterable[Article | ReadProblem]
    if articles is None:
        from kg.reading.reader import read_paths
        source = read_paths([str(p) for p in paths], date=date, city=city)
        files_total = count_files(paths)
    else:
        source = articles()
        files_total = 0
    bar = _Progress(progress, files_total)
    files: set[str] = set()

    def articles_only() -> Iterator[Article]:
        for item in source:
            bar.saw(item)
            if isinstance(item, ReadProblem):
                summary.problems.append(item)
            else:
                yield item

    def accept(result: Contribution | ReadProblem) -> None:
        if isinstance(result, ReadProblem):
            summary.problems.append(result)
            return
        writer.put(result)
        files.add(result.file)
        summary.article_ids.append(result.article_id)
        summary.articles += 1
        summary.dropped_facts += result.dropped

    try:
        with BuildWriter(store_dir) as writer:
            stream = articles_only()
            head = [a for _, a in zip(range(PARALLEL_MIN), stream)]
            if jobs == 1 or len(head) < PARALLEL_MIN:
                for result in _in_process(_chain(head, stream)):
                    accept(result)
                    bar.extracted(1)
            else:
                for results in _in_workers(_chain(head, stream), jobs):
                    for result in results:
                        accept(result)
                    bar.extracted(len(results))
            bar.stage("resolving entities and writing the store ...")
            resolve_into(writer)
    finally:
        bar.close()
    with Store(store_dir) as store:
        summary.labels = store.count_labels()
        summary.types = store.count_types()
        summary.total_articles = store.article_count()
    summary.files = len(files)
    summary.seconds = time.monotonic() - started
    return summary


def _chain(head: list[Article], rest: Iterator[Article]) -> Iterator[Article]:
    yield from head
    yield from rest
