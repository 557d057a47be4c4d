"""Which database errors a retry may fix (`ledger.db.is_transient`), on real errors."""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError, OperationalError

from ledger.db import is_transient


def test_a_locked_sqlite_database_is_transient_raw_or_through_sqlalchemy(tmp_path: Path) -> None:
    path = tmp_path / "busy.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, isolation_level=None, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="database is locked") as raw:
        waiter.execute("BEGIN IMMEDIATE")
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0})
    with pytest.raises(OperationalError) as wrapped, engine.begin() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))
    holder.rollback()
    holder.close()
    waiter.close()
    engine.dispose()
    assert is_transient(raw.value)
    assert is_transient(wrapped.value)


def test_a_postgresql_server_out_of_reach_is_transient_even_to_the_driver_itself() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(psycopg.OperationalError) as raw:
        psycopg.connect(host="127.0.0.1", port=port, user="dondoc", connect_timeout=5)
    assert is_transient(raw.value)


def test_a_broken_constraint_or_a_bug_is_not_transient() -> None:
    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        with pytest.raises(IntegrityError) as broken:
            connection.execute(text("INSERT INTO t VALUES (1), (1)"))
    engine.dispose()
    assert not is_transient(broken.value)
    assert not is_transient(TypeError("open_tasks() got an unexpected keyword argument"))
