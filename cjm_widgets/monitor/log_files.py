"""Which files an event log names, grouped so that each engine reads a group in one go.

A source is a file, a glob or a directory (every CSV and Parquet file below it, hidden
files and Spark's ``_SUCCESS`` markers left out). Folders named ``key=value`` right above
a file are hive partitions: they become columns, on DuckDB and on Spark alike. Paths
with a scheme (``s3a://``, ``hdfs://``) are storage the engine lists itself.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import CjmError
from ..i18n import translate

PARQUET = "parquet"
CSV = "csv"

_PARTITION = re.compile(r"^[^=/]+=[^/]*$")


@dataclass(frozen=True)
class FileGroup:
    """Files of one format read together: ``root`` is the folder the partition folders
    ``keys`` sit below (Spark's ``basePath``); no keys, no partition columns."""

    kind: str
    files: tuple[str, ...]
    root: str = ""
    keys: tuple[str, ...] = ()
    remote: bool = False


def kind_of(path: Path) -> str | None:
    """``parquet``, ``csv`` or None by the file's suffixes (``events.csv.gz`` is CSV)."""
    suffixes = "".join(path.suffixes).lower()
    if ".parquet" in suffixes or suffixes.endswith(".pq"):
        return PARQUET
    if ".csv" in suffixes or ".tsv" in suffixes or ".txt" in suffixes:
        return CSV
    return None


def _hidden(name: str) -> bool:
    """Files Spark and Hadoop write beside the data (``_SUCCESS``, ``.part-0.crc``)."""
    return name.startswith((".", "_"))


def _below(folder: Path) -> Iterator[Path]:
    """Every event file below ``folder``, in a stable order; other files are skipped."""
    for top, folders, names in os.walk(folder):
        folders[:] = sorted(name for name in folders if not _hidden(name))
        for name in sorted(names):
            path = Path(top) / name
            if not _hidden(name) and kind_of(path) is not None:
                yield path


def _local(text: str) -> Iterator[Path]:
    """The files one local source names, or a CjmError naming the source."""
    # glob.glob, not Path.glob: patterns may be absolute or span folders (data/*/x.csv)
    matches = sorted(glob.glob(text)) if glob.has_magic(text) else [text]  # noqa: PTH207
    if not matches:
        raise CjmError(translate("monitor.no_match", pattern=text))
    for match in matches:
        path = Path(match)
        if path.is_dir():
            found = list(_below(path))
            if not found:
                raise CjmError(translate("monitor.no_event_files", path=path))
            yield from found
        elif not path.is_file():
            raise CjmError(translate("monitor.missing_file", path=path))
        elif kind_of(path) is None:
            raise CjmError(translate("monitor.unknown_format", path=path))
        else:
            yield path


def _blank(path: Path) -> bool:
    """A text file with nothing but white space in it (a 0-byte export, say)."""
    size = path.stat().st_size
    if size > 4096:
        return False
    return size == 0 or not path.read_bytes().strip()


def _partitions(path: Path) -> tuple[Path, tuple[str, ...]]:
    """The folder above the ``key=value`` folders a file sits in, and their keys."""
    root = path.parent
    keys: list[str] = []
    while _PARTITION.match(root.name) and root.parent != root:
        keys.insert(0, root.name.split("=", 1)[0])
        root = root.parent
    return root, tuple(keys)


def file_groups(sources: Sequence[str | Path]) -> list[FileGroup]:
    """The sources' files grouped by format and partition layout (first seen first): all
    unpartitioned files of a format form one group, partitioned ones one per root and keys."""
    groups: dict[tuple[str, str, tuple[str, ...], bool], list[str]] = {}
    seen: set[str] = set()
    for source in sources:
        text = str(source)
        if "://" in text:  # storage the engine reads itself (s3a://, hdfs://): not checked here
            lower = text.lower()
            kind = CSV if any(s in lower for s in (".csv", ".tsv", ".txt")) else PARQUET
            groups.setdefault((kind, "", (), True), []).append(text)
            continue
        for path in _local(text):
            kind = kind_of(path) or CSV
            if kind == CSV and _blank(path):  # no header, no rows: nothing to read
                continue
            root, keys = _partitions(path)
            where = os.path.abspath(root) if keys else ""  # noqa: PTH100 - keeps symlinks
            name = os.path.abspath(path)  # noqa: PTH100
            if name not in seen:
                seen.add(name)
                groups.setdefault((kind, where, keys, False), []).append(name)
    return [
        FileGroup(kind, tuple(files), root, keys, remote)
        for (kind, root, keys, remote), files in groups.items()
    ]
