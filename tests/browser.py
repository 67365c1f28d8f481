"""A real JupyterLab in headless Chromium (Debian's), for tests and README screenshots.

JupyterLab runs on a free loopback port with a token and is always shut down;
Chromium is Debian's binary driven by Playwright (no browser download).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cjm_widgets.launch import free_port, running

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@contextlib.contextmanager
def jupyter_lab(root: Path, log: Path) -> Iterator[str]:
    """Start JupyterLab serving ``root``; yields its base URL with the token."""
    port, token = free_port(), secrets.token_hex(16)
    labconfig = root / ".jupyter" / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    (labconfig / "page_config.json").write_text(
        '{"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": true}}'
    )
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(root / ".jupyter"),
        "JUPYTER_RUNTIME_DIR": str(root / ".runtime"),
    }
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--ServerApp.disable_check_xsrf=False",
    ]  # fmt: skip
    if os.geteuid() == 0:
        command.append("--allow-root")
    with log.open("w") as output, running(command, port, root, output=output, env=env, timeout=60):
        yield f"http://127.0.0.1:{port}/lab?token={token}"


@contextlib.contextmanager
def chromium_browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright; open pages with ``new_page``."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed: apt-get install chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(width: int = 1500, height: int = 1000) -> Iterator[Any]:
    """One Playwright page in headless Debian Chromium."""
    with chromium_browser() as browser:
        yield browser.new_page(viewport={"width": width, "height": height})


def open_notebook_and_run_all(
    page: Any, base_url: str, notebook: str, expect: str, tries: int = 3
) -> Any:
    """Open ``notebook`` in JupyterLab, run every cell (Run > Run All Cells), and return
    the locator of ``expect`` once it is in the page.

    A click that lands while JupyterLab is still settling is sometimes lost, so Run All
    is repeated (at most ``tries`` times) until ``expect`` appears.
    """
    url = base_url.replace("/lab?", f"/lab/tree/{notebook}?")
    page.goto(url, timeout=90_000)
    page.wait_for_selector(".jp-Notebook", timeout=90_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
    target = page.locator(expect)
    for attempt in range(tries):
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click(timeout=30_000)
        page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click(timeout=30_000)
        try:
            target.first.wait_for(state="attached", timeout=40_000)
            return target.first
        except Exception:
            if attempt == tries - 1:
                raise
            page.keyboard.press("Escape")
    return target.first
