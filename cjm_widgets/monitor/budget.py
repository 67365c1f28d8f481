"""How much memory the embedded engine may use: chosen from the machine, or given.

DuckDB keeps what it holds within ``memory_limit`` and spills the rest to a folder on
disk; a plan whose operators cannot spill fails instead ("failed to pin block"). The
budget is a share of the memory the machine has free when the run starts, never below
what spilling itself needs, and ``--memory-limit SIZE`` (``memory_limit=`` in Python)
sets it by hand. A run that still runs out says so with the budget it had.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate

MIB = 1024 * 1024
FREE_SHARE = 0.25
"""The share of the machine's available memory the engine takes by default: room for
the process itself, the notebook or the other jobs beside it."""
SPILL_FLOOR = 256 * MIB
"""The smallest default budget: a hash table's partitions and a sort's runs need some
memory of their own while they spill."""
DEFAULT_CEILING = 600 * 1000**2
"""The largest default budget: with every operator able to spill, more memory buys these
plans little speed, and the cap keeps a 10-million-event run's process under 1 GiB."""
SMALLEST = 1000**2
"""The smallest budget accepted by hand (a test may want the engine to run out)."""
_UNITS = {"": 1, "B": 1, "KB": 1000, "MB": 1000**2, "GB": 1000**3, "TB": 1000**4,
          "KIB": 1024, "MIB": 1024**2, "GIB": 1024**3, "TIB": 1024**4}  # fmt: skip
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?I?B?)\s*$", re.IGNORECASE)


def parse_size(value: str | int) -> int:
    """Bytes of a size such as ``2GB``, ``512MB``, ``1.5GiB`` or a plain number of bytes;
    a CjmError naming ``--memory-limit`` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        found = _SIZE.match(str(value))
        unit = found.group(2).upper() if found else ""
        if found is None or unit not in _UNITS:
            raise CjmError(translate("monitor.bad_memory_limit", value=value))
        size = int(float(found.group(1)) * _UNITS[unit])
    if size < SMALLEST:
        raise CjmError(translate("monitor.bad_memory_limit", value=value))
    return size


def available_memory() -> int | None:
    """Bytes the machine can still give (Linux's MemAvailable), or None where unknown."""
    try:
        text = Path("/proc/meminfo").read_text(encoding="ascii")
    except OSError:
        text = ""
    found = re.search(r"^MemAvailable:\s+(\d+) kB", text, re.MULTILINE)
    if found:
        return int(found.group(1)) * 1024
    try:  # other Unixes: the free pages
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (AttributeError, ValueError, OSError):
        return None


def default_budget() -> int:
    """A share of the available memory, between what spilling needs and the ceiling."""
    free = available_memory()
    if free is None:
        return SPILL_FLOOR
    return max(SPILL_FLOOR, min(DEFAULT_CEILING, int(free * FREE_SHARE)))


def budget(memory_limit: str | int | None) -> int:
    """The engine's budget in bytes: the given one (checked) or the machine's default."""
    return default_budget() if memory_limit is None else parse_size(memory_limit)


def shown(size: int) -> str:
    """A budget as people write it: ``512MB``, ``2GB``, ``1.5GB`` (powers of 1000, as
    DuckDB reads them)."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("KB", 1000)):
        if size >= factor:
            return f"{size / factor:.4g}{unit}"
    return f"{size}B"


def threads() -> int:
    """The cores this process may run on (its affinity, not the whole machine's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def is_out_of_memory(error: BaseException) -> bool:
    """Whether the engine's error says it ran out of its memory."""
    name = type(error).__name__
    return name == "OutOfMemoryException" or "Out of Memory Error" in str(error)


def out_of_memory(size: int) -> CjmError:
    """The one-line message of a run that did not fit its budget, and how to raise it."""
    bigger = shown(max(size * 2, 2 * 1000**3))
    return CjmError(translate("monitor.out_of_memory", budget=shown(size), bigger=bigger))
