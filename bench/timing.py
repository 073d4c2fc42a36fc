"""What the benchmarks share: a command timed as a whole process, wall and CPU seconds.

CPU seconds are this process's and its children's (``getrusage`` ``RUSAGE_SELF`` plus
``RUSAGE_CHILDREN``): a child's figure includes every descendant it waited for (the PDF
workers of a build, the browser of Marp). On Linux the benchmark also makes itself the
"child subreaper" of what it starts, so that a descendant whose parent exits without waiting
for it (a browser's helper process) is reaped here, and counted, rather than by init. A script
that times processes this way must start no other child of its own (``waitpid(-1)``).
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
ORPHAN_PATIENCE = 5.0  # seconds to wait for a command's orphaned descendants to exit


@dataclass(frozen=True)
class Timed:
    """One process: wall seconds, CPU seconds (user + system, its descendants included) and
    what it printed on standard output and standard error."""

    wall: float
    cpu: float
    stdout: str = ""
    stderr: str = ""


def become_subreaper() -> bool:
    """Orphaned descendants of what this process starts are reparented to it (Linux only)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_orphans(patience: float = ORPHAN_PATIENCE) -> None:
    """Wait for the descendants reparented here (their CPU is then counted), for at most
    ``patience`` seconds: one still running then is left to a later call."""
    deadline = time.monotonic() + patience
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # none left
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.02)


def cpu_seconds() -> float:
    """User + system seconds of this process and of every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_process(command: list[str], env: Mapping[str, str] | None = None,
                  cwd: Path | None = None) -> Timed:
    """Run ``command`` to its end (it must succeed) and time it as a whole process."""
    cpu, start = cpu_seconds(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd)
    wall = time.perf_counter() - start  # the command's own; its orphans' CPU is counted below
    _reap_orphans()
    timed = Timed(wall, cpu_seconds() - cpu, done.stdout, done.stderr)
    if done.returncode:
        raise SystemExit(f"{' '.join(command[:4])} ... exited with {done.returncode}:\n"
                         f"{done.stderr[-2000:]}")
    return timed


def bytecode_environment(cache: Path) -> dict[str, str]:
    """The environment for timed Python processes: bytecode cached (in ``cache``), as an
    installed package has it, whatever ``PYTHONDONTWRITEBYTECODE`` says; without a cache every
    process would compile the sources again. A first, uncounted run must write it."""
    env = {name: value for name, value in os.environ.items()
           if name != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def ratio(numerator: float, denominator: float) -> str:
    return f"{numerator / denominator:.2f}" if denominator > 0 else "n/a"
