"""Logs handed over in code: an Ibis table or a DuckDB relation measures like a DataFrame."""

from __future__ import annotations

import duckdb
import ibis

from cjm_widgets.monitor import monitor
from tests.monitor_logs import segmented, sign_up
from tests.test_monitor_definitions import assert_same_result


def test_an_ibis_table_measures_like_the_frame_it_was_made_from() -> None:
    case = sign_up()
    table = ibis.duckdb.connect().create_table("events", case.events)
    got = monitor(case.workshop, table, **case.options)
    assert_same_result(got, case, "an Ibis table")


def test_a_duckdb_relation_measures_like_the_frame_it_was_made_from() -> None:
    case = segmented()
    connection = duckdb.connect()
    frame = case.events  # noqa: F841 - DuckDB reads the local frame by its name
    relation = connection.sql("SELECT * FROM frame")
    got = monitor(case.workshop, relation, **case.options)
    assert_same_result(got, case, "a DuckDB relation")
