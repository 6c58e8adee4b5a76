"""The local development Neo4j: build, start, query over Bolt, auth, stop.

Tests marked ``neo4j`` build the Java launcher with Maven (first time: ~120 MB into ~/.m2) and
start real JVMs on free loopback ports with throw-away data dirs. The others check the
launcher's guard rails without starting Java.
"""

from __future__ import annotations

import os
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from neo4j.exceptions import AuthError

from lineage.core.errors import StoreUnavailable, UsageError
from lineage.neo4j_server import launcher as neo4j_dev


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """A fresh Neo4j home; whatever server a test left running on it is stopped afterwards."""
    path = tmp_path / "neo4j"
    yield path
    neo4j_dev.stop(path, timeout=30)


@pytest.mark.neo4j
def test_start_query_status_stop(data_dir: Path) -> None:
    port = neo4j_dev.free_port()
    info = neo4j_dev.start(port=port, data=data_dir, heap="512m")
    assert info.uri == f"bolt://127.0.0.1:{port}"
    assert not info.reused
    assert info.log_path.is_file()
    assert (data_dir / neo4j_dev.PID_FILE).read_text().strip() == str(info.pid)

    st = neo4j_dev.status(data_dir)
    assert st.running
    assert st.bolt
    assert st.pid == info.pid
    assert st.uri == info.uri

    with neo4j.GraphDatabase.driver(info.uri, auth=None) as driver:
        driver.execute_query("CREATE (:Model {id: $id, name: 'bert-base'})", id="m1")
        records, _, _ = driver.execute_query(
            "MATCH (m:Model {id: $id}) RETURN m.name AS name", id="m1"
        )
    assert [r["name"] for r in records] == ["bert-base"]

    # A second start on the same data dir returns the running server instead of a second JVM.
    again = neo4j_dev.start(port=port, data=data_dir)
    assert again.reused
    assert again.pid == info.pid

    assert neo4j_dev.stop(data_dir) is True
    st = neo4j_dev.status(data_dir, port=port)
    assert not st.running
    assert st.pid is None
    assert not st.bolt
    assert not (data_dir / neo4j_dev.PID_FILE).exists()
    assert neo4j_dev.stop(data_dir) is False


@pytest.mark.neo4j
def test_password_is_enforced(data_dir: Path) -> None:
    port = neo4j_dev.free_port()
    password = "lineage-test-pw"
    info = neo4j_dev.start(port=port, data=data_dir, password=password)
    assert info.auth

    with (
        neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", "not-the-password")) as driver,
        pytest.raises(AuthError),
    ):
        driver.verify_connectivity()

    with neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS ok")
    assert records[0]["ok"] == 1

    # The password is handed over in the environment, never on the command line.
    cmdline = Path(f"/proc/{info.pid}/cmdline").read_bytes()
    assert password.encode() not in cmdline

    assert neo4j_dev.stop(data_dir)


@pytest.mark.neo4j
def test_an_auth_on_server_restarts_with_the_same_password(data_dir: Path) -> None:
    port = neo4j_dev.free_port()
    password = "same-password-twice"
    neo4j_dev.start(port=port, data=data_dir, password=password)
    neo4j_dev.stop(data_dir)
    info = neo4j_dev.start(port=port, data=data_dir, password=password)  # Neo4j refused this
    assert not info.reused
    with neo4j.GraphDatabase.driver(info.uri, auth=("neo4j", password)) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS ok")
    assert records[0]["ok"] == 1


@pytest.mark.neo4j
def test_build_is_cached_per_source_version() -> None:
    first = neo4j_dev.build()
    assert first.parent == neo4j_dev.build_dir()
    assert (first / "target" / "classes").is_dir()
    assert any((first / "target" / "lib").glob("neo4j-5.26.*.jar"))
    assert neo4j_dev.build() == first  # no-op the second time


def test_start_refuses_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(StoreUnavailable, match=f"port {port}.*in use"):
            neo4j_dev.start(port=port, data=tmp_path / "neo4j")
    assert not (tmp_path / "neo4j" / neo4j_dev.PID_FILE).exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"heap": "lots"}, "heap"),
        ({"port": 0}, "port"),
        ({"password": "short"}, "at least 8"),
    ],
)
def test_start_rejects_bad_arguments(
    tmp_path: Path, kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        neo4j_dev.start(data=tmp_path / "neo4j", **kwargs)  # type: ignore[arg-type]


def test_status_of_a_never_started_dir(tmp_path: Path) -> None:
    port = neo4j_dev.free_port()
    st = neo4j_dev.status(tmp_path / "nothing-here", port=port)
    assert not st.running
    assert st.pid is None
    assert not st.bolt
    assert st.uri == f"bolt://127.0.0.1:{port}"


def test_stale_pid_file_is_not_running(tmp_path: Path) -> None:
    data = tmp_path / "neo4j"
    data.mkdir()
    # Our own pid is alive but is not a Neo4j launcher: pid reuse must not fool status/stop.
    (data / neo4j_dev.PID_FILE).write_text(f"{os.getpid()}\n")
    assert not neo4j_dev.status(data, port=neo4j_dev.free_port()).running
    assert neo4j_dev.stop(data) is False
    assert not (data / neo4j_dev.PID_FILE).exists()


def _script(path: Path, body: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_build_failure_reports_maven_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_mvn = _script(tmp_path / "bin" / "mvn", "echo '[ERROR] no network today'\nexit 1\n")
    _script(tmp_path / "jdk" / "bin" / "java", "exit 0\n")
    monkeypatch.setenv("LINEAGE_MVN", str(fake_mvn))
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "jdk"))
    monkeypatch.setenv("LINEAGE_NEO4J_BUILD_DIR", str(tmp_path / "build"))
    with pytest.raises(StoreUnavailable, match="no network today"):
        neo4j_dev.build(force=True)


def test_missing_java_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JAVA_HOME", str(tmp_path / "no-jdk"))
    with pytest.raises(StoreUnavailable, match="JAVA_HOME"):
        neo4j_dev.java_executable()


def test_launcher_takes_its_configuration_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lineage.core.settings import Settings

    for name in ("LINEAGE_MVN", "JAVA_HOME", "LINEAGE_JAVA_HOME", "LINEAGE_NEO4J_BUILD_DIR"):
        monkeypatch.delenv(name, raising=False)
    fake_mvn = _script(tmp_path / "bin" / "mvn", "echo '[ERROR] maven from settings'\nexit 1\n")
    _script(tmp_path / "jdk" / "bin" / "java", "exit 0\n")
    settings = Settings(
        mvn=str(fake_mvn), java_home=tmp_path / "jdk", neo4j_build_dir=tmp_path / "build"
    )
    assert neo4j_dev.build_dir(settings) == (tmp_path / "build").resolve()
    assert neo4j_dev.java_executable(settings) == str(tmp_path / "jdk" / "bin" / "java")
    with pytest.raises(StoreUnavailable, match="maven from settings"):
        neo4j_dev.build(force=True, settings=settings)
    assert (tmp_path / "build").is_dir()


def test_java_home_falls_back_to_the_standard_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    from lineage.core.settings import Settings

    monkeypatch.delenv("LINEAGE_JAVA_HOME", raising=False)
    monkeypatch.setenv("JAVA_HOME", "/opt/some-jdk")
    assert Settings().java_home == Path("/opt/some-jdk")
    monkeypatch.setenv("LINEAGE_JAVA_HOME", "/opt/our-jdk")
    assert Settings().java_home == Path("/opt/our-jdk")
