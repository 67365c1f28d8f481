"""A real Spark standalone cluster on 127.0.0.1: a master and one worker started with
Spark's own classes from the pyspark package, ``cjm monitor --engine spark --spark-master
spark://127.0.0.1:PORT`` run against it, and its figures equal DuckDB's on the same log.

Both processes are stopped whatever happens, and every wait is bounded.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cjm_widgets import Workshop
from tests.monitor_files import nanosecond_case, write_layout
from tests.monitor_logs import SEGMENTED
from tests.test_monitor_definitions import assert_same_table, read_table

START_TIMEOUT = 240  # seconds for the master to listen and the worker to register
RUN_TIMEOUT = 900  # seconds for cjm monitor on the cluster (2 shared cores in CI)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def spark_class() -> Path:
    pyspark = pytest.importorskip("pyspark")
    script = Path(pyspark.__file__).parent / "bin" / "spark-class"
    if not script.exists():
        pytest.skip(f"no spark-class in {script.parent}")
    return script


def wait_for(log: Path, text: str, process: subprocess.Popen[bytes], what: str) -> None:
    """Until ``text`` shows in ``log``; fails naming ``what`` if the process dies or time runs out."""
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if text in log.read_text(encoding="utf-8", errors="replace"):
            return
        if process.poll() is not None:
            break
        time.sleep(1)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    pytest.fail(f"{what} not ready (exit code {process.poll()}):\n{tail}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """The process and its children (its own process group) stopped, killed if need be."""
    if process.poll() is not None:
        return
    for sent in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sent)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=30)
            return
        except subprocess.TimeoutExpired:
            continue


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[str]:
    """A master and one worker (1 core, 1 GB) on loopback; yields the master's URL."""
    script = spark_class()
    env = {
        **os.environ,
        "SPARK_HOME": str(script.parent.parent),
        "SPARK_LOCAL_IP": "127.0.0.1",
        "SPARK_LOG_DIR": str(tmp_path / "spark-logs"),
        "SPARK_WORKER_DIR": str(tmp_path / "spark-work"),
        "PYSPARK_PYTHON": sys.executable,
    }
    port = free_port()
    url = f"spark://127.0.0.1:{port}"
    commands = {
        "master": [
            str(script), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
            "--port", str(port), "--webui-port", str(free_port()),
        ],
        "worker": [
            str(script), "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
            "--cores", "1", "--memory", "1g", "--webui-port", str(free_port()),
            "--work-dir", str(tmp_path / "spark-work"),
        ],
    }  # fmt: skip
    started: list[subprocess.Popen[bytes]] = []
    try:
        for name, command in commands.items():
            log = tmp_path / f"{name}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(
                    command, env=env, stdout=output, stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL, start_new_session=True,
                )  # fmt: skip
            started.append(process)
            if name == "master":
                wait_for(log, "I have been elected leader", process, "the Spark master")
        wait_for(tmp_path / "master.log", "Registering worker", started[0], "the Spark worker")
        yield url
    finally:
        for process in reversed(started):
            stop(process)


@pytest.mark.slow
def test_monitor_on_a_standalone_cluster_gives_duckdbs_figures(
    cluster: str, tmp_path: Path
) -> None:
    workshop = tmp_path / "journey.cjm.json"
    Workshop.from_dict(SEGMENTED).save(workshop)
    [hive] = write_layout(nanosecond_case().events, "hive", tmp_path / "log")
    outs = {engine: tmp_path / engine for engine in ("spark", "duckdb")}
    command = [sys.executable, "-m", "cjm_widgets.cli", "monitor", str(workshop), hive]
    on_cluster = [
        "--engine", "spark", "--spark-master", cluster,
        "--spark-conf", "spark.executor.memory=512m", "--spark-conf", "spark.cores.max=1",
        "--spark-conf", "spark.sql.shuffle.partitions=2",
        "--spark-conf", f"spark.pyspark.python={sys.executable}",
    ]  # fmt: skip
    for engine, extra in (("spark", on_cluster), ("duckdb", [])):
        done = subprocess.run(
            [*command, "--out", str(outs[engine]), *extra],
            capture_output=True, text=True, timeout=RUN_TIMEOUT, check=False, cwd=tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        assert "Traceback" not in done.stderr
    master_log = (tmp_path / "master.log").read_text(encoding="utf-8", errors="replace")
    assert "Registered app cjm monitor" in master_log  # it ran on the cluster, not locally
    assert "Launching executor" in master_log
    names = sorted(path.name for path in outs["duckdb"].iterdir())
    assert "funnel.csv" in names and "segments.csv" in names
    assert names == sorted(path.name for path in outs["spark"].iterdir())
    for name in names:
        assert_same_table(read_table(outs["spark"] / name), read_table(outs["duckdb"] / name), name)
