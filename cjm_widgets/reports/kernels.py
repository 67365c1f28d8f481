"""Kernels for report templates: local sockets, and one started ahead for the next report.

A kernel takes about a second to start and another to import the kit; in a batch that is
most of a report's time. A report process that makes several reports (``worker --serve``)
starts the next report's kernel while the current one runs (``Spare``), with the kit
imported at the kernel's start-up, so the next template finds it ready. Each report
still gets a kernel of its own, shut down when it ends: nothing a template defines
reaches the next one. A spare started in another folder than the next report's is
discarded, since a kernel's working directory is fixed when it starts.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

PRELOADED = "cjm_widgets.reports.sections"
"""What a spare kernel imports at start-up: what the kit's templates import first."""
ENGINE = "cjm-prestarted"
"""papermill's engine that runs a template in a kernel started ahead."""


def kernel_manager() -> type | None:
    """Kernels talk over local sockets where the system has them (no TCP ports, no warning)."""
    if os.name != "posix":
        return None
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class LocalSocketKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self) -> str:
            return "ipc"

        @default("ip")
        def _default_ip(self) -> str:
            # a socket path of its own, so kernels started side by side never collide
            return str(Path(tempfile.gettempdir()) / f"cjm-kernel-{secrets.token_hex(6)}")

    return LocalSocketKernelManager


class Spare:
    """A kernel started ahead in ``folder``, importing the kit while the caller works."""

    def __init__(self, folder: Path) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.folder = folder
        manager = kernel_manager() or AsyncKernelManager
        self.manager: Any = manager(kernel_name="python3")
        preload = f"import {PRELOADED} as _cjm_preloaded; del _cjm_preloaded"
        run_sync(self.manager.start_kernel)(
            cwd=str(folder), extra_arguments=[f"--IPKernelApp.exec_lines={[preload]!r}"]
        )

    def close(self) -> None:
        """Shut the kernel down if it still runs (unused, or a template failed early)."""
        from jupyter_core.utils import run_sync

        if self.manager.has_kernel:
            with contextlib.suppress(RuntimeError):  # it had died already
                run_sync(self.manager.shutdown_kernel)(now=True)


def register_engine() -> None:
    """papermill's engine ``ENGINE``: its own nbclient engine, given a running kernel
    (``km``) that it shuts down when the template ends, as it would one it started."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import merge_kwargs, remove_args

    class PrestartedEngine(NBClientEngine):  # type: ignore[misc]
        @classmethod
        def execute_managed_notebook(  # type: ignore[no-untyped-def]
            cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
            start_timeout=60, execution_timeout=None, **kwargs,
        ):  # fmt: skip
            kwargs = remove_args(["input_path"], **kwargs)
            safe_kwargs = remove_args(["timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                safe_kwargs,
                timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
                shutdown_kernel="immediate",
            )
            client = PapermillNotebookClient(nb_man, **final_kwargs)
            return client.execute(cleanup_kc=True)

    papermill_engines.register(ENGINE, PrestartedEngine)
