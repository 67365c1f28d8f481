"""The Spark session the monitor runs on: local mode or a cluster's master, the driver on
loopback when the cluster is on this machine, and the user's own Spark settings.

Settings come as ``KEY=VALUE`` texts (``cjm monitor --spark-conf``) or a mapping, and
are applied last, so they override the kit's defaults (``spark.driver.host`` too).
"""

from __future__ import annotations

import ipaddress
import os
import sys
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from ..errors import CjmError
from ..i18n import translate

SparkConf = Mapping[str, str] | Sequence[str] | str | None
"""Spark settings: a mapping, or ``KEY=VALUE`` texts."""


def spark_settings(conf: SparkConf) -> dict[str, str]:
    """The settings as a dict, or a CjmError naming the text that is not KEY=VALUE."""
    if conf is None:
        return {}
    if isinstance(conf, Mapping):
        return {str(key): str(value) for key, value in conf.items()}
    settings: dict[str, str] = {}
    for text in [conf] if isinstance(conf, str) else conf:
        key, equals, value = str(text).partition("=")
        if not equals or not key.strip() or not value.strip():
            raise CjmError(translate("monitor.bad_spark_conf", value=text))
        settings[key.strip()] = value.strip()
    return settings


def on_this_machine(master: str) -> bool:
    """Whether Spark runs here: local mode, or a master on a loopback address."""
    if master.startswith("local"):
        return True
    host = urlsplit(master).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def spark_backend(master: str = "local[*]", conf: SparkConf = None) -> Any:
    """An Ibis PySpark backend on a session for ``master`` (an existing session is reused)."""
    settings = spark_settings(conf)
    try:
        import ibis
        from pyspark.sql import SparkSession
    except ImportError:
        raise CjmError(translate("monitor.no_spark")) from None
    # Spark's Python workers run this interpreter (it has pandas and pyarrow); a cluster's
    # workers elsewhere are told theirs with spark.pyspark.python
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master)
        .appName("cjm monitor")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        # the plans of a journey's step times nest stored tables; Spark writes each plan
        # out as text when it adapts it, and on a log of day-only times that text alone
        # filled the driver's heap
        .config("spark.sql.maxPlanStringLength", "1m")
    )
    if on_this_machine(master):  # talk over loopback only, also to a cluster on 127.0.0.1
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
    for key, value in settings.items():
        builder = builder.config(key, value)
    return ibis.pyspark.connect(builder.getOrCreate())
