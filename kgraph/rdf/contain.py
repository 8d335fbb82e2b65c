"""Run the query engine where its crashes and its memory cannot take the caller down.

Oxigraph's parser recurses, and a query it overflows the stack on kills the
process (``SIGSEGV``) with no message; a damaged store can make it allocate
without end. :func:`run_contained` runs a function in a forked child with an
address-space limit (``RLIMIT_AS``) and turns the child's death into a
:class:`~kgraph.errors.QueryError` that says what happened. The child writes
to the caller's standard output and error itself, so results stream.

Examples
--------
>>> run_contained(lambda: None, memory=None)
>>> run_contained(lambda: os._exit(3), memory=None)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
kgraph.errors.QueryError: the query engine stopped with exit status 3 ...
"""

from __future__ import annotations

import faulthandler
import os
import pickle
import resource
import signal
import sys
import traceback
from collections.abc import Callable

from kgraph.errors import KgraphError, QueryError

__all__ = ["limit_memory", "physical_memory", "run_contained"]

_MIB = 1 << 20


def physical_memory() -> int:
    """Bytes of physical memory, or 0 if the system does not say.

    >>> physical_memory() >= 0
    True
    """
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return 0


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (``None``: leave it as it is).

    An allocation beyond the cap fails: Python raises ``MemoryError``, Rust
    code (Oxigraph) aborts the process.
    """
    if limit is None:
        return
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


#: The child's exit status when whoever read its stdout stopped reading (as a shell says SIGPIPE).
_READER_GONE = 141


def run_contained(function: Callable[[], object], memory: int | None) -> None:
    """Run ``function`` in a forked child process and wait for it.

    Parameters
    ----------
    function
        Called in the child; what it prints goes to the caller's stdout/stderr.
    memory
        Bytes of address space the child may use, or ``None`` for no limit.

    Raises
    ------
    KgraphError
        What ``function`` raised in the child (any :class:`KgraphError`).
    QueryError
        If the child was killed by a signal or ran out of memory.
    BrokenPipeError
        If the reader of stdout stopped reading (``kgraph query … | head``).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is checked by the parent
        os.close(reader)
        status = 0
        try:
            os.environ["RUST_BACKTRACE"] = "0"  # an allocation failure says one line, not a trace
            faulthandler.disable()  # the parent reports a crash in one line
            limit_memory(memory)
            function()
        except KgraphError as error:
            os.write(writer, pickle.dumps(error))
            status = 1
        except MemoryError:
            os.write(writer, pickle.dumps(QueryError(_out_of_memory(memory))))
            status = 1
        except BrokenPipeError:  # the reader of stdout stopped (| head): no error of the query
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            status = _READER_GONE
        except BaseException:
            traceback.print_exc()
            status = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except BaseException:
                status = status or 1
            os._exit(status)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        sent = pipe.read()
    _, wait_status = os.waitpid(pid, 0)
    if sent:
        raised = pickle.loads(sent)
        assert isinstance(raised, KgraphError)
        raise raised
    if os.WIFSIGNALED(wait_status):
        number = os.WTERMSIG(wait_status)
        name = signal.Signals(number).name if number in signal.valid_signals() else str(number)
        if number == signal.SIGABRT and memory is not None:
            raise QueryError(_out_of_memory(memory) + f" (the engine stopped with {name})")
        raise QueryError(
            f"the query engine crashed ({name}) on this query: it is probably chained or "
            "nested too deeply for it; split it into smaller queries"
        )
    code = os.waitstatus_to_exitcode(wait_status)
    if code == _READER_GONE:
        raise BrokenPipeError("the reader of the results stopped reading")
    if code != 0:
        raise QueryError(f"the query engine stopped with exit status {code} (see above)")


def _out_of_memory(memory: int | None) -> str:
    limit = f" of {memory // _MIB:,} MB" if memory is not None else ""
    return (
        f"the query needed more than its memory limit{limit}: add LIMIT, narrow its patterns, "
        "or raise --memory"
    )
