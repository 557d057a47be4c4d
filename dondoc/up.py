"""`dondoc up`: everything a province needs on one machine, started and stopped together.

1. migrate the ledger and load the catalogue under `plans/` (the demo plan);
2. start a Prefect server (its database under DONDOC_HOME/prefect) and wait until it is healthy —
   schedules need a real server, not Prefect's temporary one;
3. unless SMTP is configured, start a mail sink that files every message under DONDOC_HOME/mail;
   unless Zalo is, a local stand-in for Zalo that files every message under DONDOC_HOME/zalo
   (with dondoc's delivery webhook, which the stand-in calls as Zalo would);
4. serve exactly the deployments of prefect.yaml, in a child process;
5. on Ctrl-C (or SIGTERM), stop the deployments, the server and the sink, in that order.

Children run in their own sessions so that Ctrl-C reaches only this process, which then stops
them with SIGTERM (`serve()` stops on SIGTERM, not SIGINT — see prefect-notes.md).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

import httpx
from rich.console import Console

from calendars.business_time import now_utc, today
from dondoc.deployments import read_deployments
from dondoc.settings import PROJECT_ROOT, Settings
from dondoc.webhook import WebhookServer
from ledger.audit import Actor
from ledger.credentials import reauthorise
from ledger.db import Sessions, make_engine, session_factory, transaction, upgrade
from notifications.fake_zalo import FakeZalo
from notifications.sink import MailSink
from obligations.loader import Catalogue, catalogue_files, load_catalogue
from tasks.steps import store_and_plan

if TYPE_CHECKING:
    from dondoc.web import WebServer

HEALTH_TIMEOUT = 180.0
STOP_TIMEOUT = 20.0


def server_healthy(api_url: str, timeout: float = 1.0) -> bool:
    try:
        response = httpx.get(f"{api_url}/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def served_deployments(api_url: str) -> set[str]:
    """Names of the deployments the server knows (empty if it does not answer)."""
    try:
        response = httpx.post(f"{api_url}/deployments/filter", json={}, timeout=5.0)
        response.raise_for_status()
    except httpx.HTTPError:
        return set()
    return {item["name"] for item in response.json()}


def prefect_environment(settings: Settings) -> dict[str, str]:
    home = settings.home.resolve()
    env = dict(os.environ)
    env.update(
        {
            "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_SERVER_API_HOST": "127.0.0.1",
            "PREFECT_SERVER_API_PORT": str(settings.ui_port),
            "PREFECT_API_URL": f"http://127.0.0.1:{settings.ui_port}/api",
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "DO_NOT_TRACK": "1",
            "DONDOC_HOME": str(home),
            "DONDOC_DATABASE_URL": settings.ledger_url,
            "DONDOC_PROJECT_DIR": str(PROJECT_ROOT),
        }
    )
    return env


@contextmanager
def demo_zalo(sessions: Sessions, catalogue: Catalogue, home: Path) -> Iterator[FakeZalo]:
    """A stand-in for Zalo on loopback, for a demo without an Official Account: it accepts the
    templates the plans register, files each message under DONDOC_HOME/zalo, and reports its
    delivery to dondoc's webhook endpoint — as Zalo would."""
    fake = FakeZalo(directory=home / "zalo")
    for plan in catalogue.plans:
        if plan.notifications is not None:
            for spec in plan.notifications.zalo_templates.values():
                fake.register_template(spec.id, dict(spec.params))
    with fake:
        access, refresh = fake.issue_tokens()
        now = now_utc()
        with transaction(sessions) as session:
            # A new stand-in knows only the pair it just issued: the chain starts again.
            reauthorise(session, access, refresh, now + timedelta(hours=25), now, actor="cli:up")
        webhook = WebhookServer(sessions, fake.settings()).start()
        fake.webhook_url = webhook.url
        try:
            yield fake
        finally:
            webhook.stop()


def web_server(settings: Settings, sessions: Sessions) -> WebServer:
    """The links' page (dondoc/web.py), beside the Prefect UI."""
    from dondoc.web import WebServer, served_app

    app = served_app(sessions, settings)
    return WebServer(app, settings.links.listen_host, settings.links.listen_port)


def zalo_environment(fake: FakeZalo) -> dict[str, str]:
    """The settings that point the flows' Zalo channels at the stand-in."""
    settings = fake.settings()
    return {
        "DONDOC_ZALO__APP_ID": settings.app_id,
        "DONDOC_ZALO__APP_SECRET": settings.app_secret.get_secret_value(),
        "DONDOC_ZALO__OA_SECRET": settings.oa_secret.get_secret_value(),
        "DONDOC_ZALO__BUSINESS_URL": settings.business_url,
        "DONDOC_ZALO__OPENAPI_URL": settings.openapi_url,
        "DONDOC_ZALO__OAUTH_URL": settings.oauth_url,
    }


def _stop(process: subprocess.Popen[bytes], name: str, console: Console) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        console.print(f"{name} did not stop within {STOP_TIMEOUT:.0f} s: killing it")
        process.kill()
        process.wait()


def _die_with_parent() -> None:
    """In a child: get SIGTERM when `dondoc up` dies, however it dies (Linux's PDEATHSIG).

    Children run in their own sessions (so Ctrl-C reaches only `up`, which stops them in
    order); without this, a `kill -9` of `up` would leave the server and the deployments
    running with nobody to stop them.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@contextmanager
def _child(
    args: list[str], env: dict[str, str], name: str, console: Console, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    with ExitStack() as stack:
        output = stack.enter_context(log.open("ab")) if log else None
        process = subprocess.Popen(
            args,
            env=env,
            stdout=output,
            stderr=output,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
        try:
            yield process
        finally:
            _stop(process, name, console)


class _Stop(Exception):
    pass


_stopping: list[int] = []


def _raise_stop(signum: int, frame: FrameType | None) -> None:
    # The first signal stops; more of them (an impatient Ctrl-C) must not cut the shutdown short.
    if not _stopping:
        _stopping.append(signum)
        raise _Stop


def port_in_use(port: int, host: str = "127.0.0.1") -> str | None:
    """Why `port` cannot be listened on (None when it is free)."""
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            return error.strerror or str(error)
    return None


def run_up(settings: Settings, console: Console) -> int:
    # Checked before anything is migrated or planned: a busy port is the commonest failure.
    busy = port_in_use(settings.ui_port)
    if busy is not None:
        console.print(
            f"dondoc up: port {settings.ui_port} is not free ({busy}): is dondoc up already "
            "running? Stop it, or set DONDOC_UI_PORT to a free port."
        )
        return 1
    links = settings.links
    busy = port_in_use(links.listen_port, links.listen_host)
    if busy is not None:
        console.print(
            f"dondoc up: port {links.listen_port} of the links' page is not free ({busy}): "
            "set DONDOC_LINKS__LISTEN_PORT (and DONDOC_LINKS__BASE_URL) to a free port."
        )
        return 1
    # Our own handlers, whatever was inherited: a shell starting `dondoc up &` makes it ignore
    # SIGINT, and Ctrl-C or `kill -INT` must still stop it.
    _stopping.clear()
    previous = {sig: signal.signal(sig, _raise_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        return _up(settings, console)
    except _Stop:
        console.print("Stopping …")
        return 0
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        console.print("dondoc stopped.")


def _up(settings: Settings, console: Console) -> int:
    names = [spec.name for spec in read_deployments()]  # a bad prefect.yaml stops us first
    home = settings.home.resolve()
    (home / "prefect").mkdir(parents=True, exist_ok=True)

    engine = make_engine(settings.ledger_url)
    _, after = upgrade(engine)
    console.print(f"Ledger: {engine.url.render_as_string(hide_password=True)} (revision {after})")
    files = catalogue_files(settings.plans)
    catalogue = load_catalogue(files)
    day = today()
    horizon = settings.horizon_end(day)
    actor = Actor("cli:up", now_utc(), day)
    report = store_and_plan(session_factory(engine), catalogue, actor, day, horizon)
    console.print(
        f"Catalogue: {len(files)} files from {settings.plans}; tasks planned to "
        f"{report['horizon']}: {report['planned']} new, {report['cancelled']} cancelled"
    )
    env = prefect_environment(settings)
    api_url = env["PREFECT_API_URL"]
    with ExitStack() as stack:
        server_log = home / "prefect" / "server.log"
        server = stack.enter_context(
            _child(
                [
                    sys.executable,
                    "-m",
                    "prefect",
                    "server",
                    "start",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(settings.ui_port),
                ],
                env,
                "Prefect server",
                console,
                server_log,
            )
        )
        console.print(f"Starting the Prefect server (log: {server_log}) …")
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while not server_healthy(api_url):
            if server.poll() is not None or time.monotonic() > deadline:
                console.print(f"The Prefect server did not start; see {server_log}")
                return 1
            time.sleep(0.5)
        if settings.smtp is None:
            sink = stack.enter_context(MailSink(home / "mail", port=0))
            env["DONDOC_SMTP__HOST"] = sink.host
            env["DONDOC_SMTP__PORT"] = str(sink.port)
            env.setdefault("DONDOC_SMTP__SENDER_ADDRESS", "dondoc@dondoc.example")
            console.print(f"Mail: no SMTP configured — messages are filed in {sink.directory}")
        if settings.zalo is None:
            fake = stack.enter_context(demo_zalo(session_factory(engine), catalogue, home))
            env.update(zalo_environment(fake))
            console.print(
                f"Zalo: no Zalo OA configured — a local Zalo stand-in files messages in "
                f"{fake.directory}"
            )
        serve = stack.enter_context(
            _child([sys.executable, "-m", "dondoc.deployments"], env, "deployments", console)
        )
        deadline = time.monotonic() + HEALTH_TIMEOUT
        while len(served_deployments(api_url) & set(names)) < len(names):
            if serve.poll() is not None or time.monotonic() > deadline:
                console.print("The deployments could not be served; see the messages above.")
                return 1
            time.sleep(0.5)
        web = stack.enter_context(web_server(settings, session_factory(engine)))
        console.print(
            f"Links: {web.url} (đã nhận / đã nộp; messages link to {settings.links.base_url})"
        )
        console.print(f"Serving {len(names)} deployments: {', '.join(names)}")
        console.print(f"Prefect UI: http://127.0.0.1:{settings.ui_port}  (Ctrl-C stops)")
        while server.poll() is None and serve.poll() is None:
            time.sleep(0.5)
        console.print("A child process ended unexpectedly; stopping.")
        return 1
