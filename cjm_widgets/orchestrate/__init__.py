"""Journey orchestration: nudges that reach stuck customers (``cjm nudge``).

``due`` finds the customers a nudge's message is due for at one moment, ``backtest``
replays runs over a log's history, and ``run`` records the due messages in the ledger
beside the workshop and hands them to the tool that sends them (modules ``due_set``,
``replay`` and ``runs``; their names differ from the functions' so that importing one
never hides a function behind its module). docs/orchestration.md
gives the exact rules. The names are imported lazily: ``import cjm_widgets.orchestrate``
costs nothing until one is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .due_set import due
    from .replay import backtest
    from .runs import run

__all__ = ["backtest", "due", "run"]


def __getattr__(name: str) -> Any:
    if name == "due":
        from .due_set import due

        return due
    if name == "backtest":
        from .replay import backtest

        return backtest
    if name == "run":
        from .runs import run

        return run
    raise AttributeError(name)
