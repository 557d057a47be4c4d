"""The composition root: the real adapters, chosen from the settings in one place.

Commands and Prefect tasks both get their ledger here (a Prefect worker enters at a flow, not
at the CLI, so the flows' tasks come here too).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from dondoc.settings import Settings, read_settings
from ledger.db import Sessions, ensure_schema, make_engine, session_factory

if TYPE_CHECKING:
    from ledger.links import LinkSigner
    from notifications.channels import Channel
    from notifications.config import ZaloSettings
    from notifications.render import TemplateSet
    from obligations.loader import Catalogue
    from tasks.dispatch import Dispatch


_LEDGERS: dict[str, Sessions] = {}
_LEDGERS_LOCK = threading.Lock()


def sessions_for(url: str) -> Sessions:
    """Sessions on the ledger at `url`, migrated first when it is empty (one engine per URL)."""
    with _LEDGERS_LOCK:
        found = _LEDGERS.get(url)
        if found is not None:
            return found
        engine = make_engine(url)
        try:
            ensure_schema(engine)
        except BaseException:
            engine.dispose()  # not kept: the step's retry starts again with an engine of its own
            raise
        _LEDGERS[url] = sessions = session_factory(engine)
        return sessions


def close_ledgers() -> None:
    """Close the pooled connections of every ledger opened here, and forget them.

    A process that opens many ledgers in turn (the test suite: a fresh schema a test) would
    otherwise keep each one's idle connections until it ends, and exhaust the server's.
    """
    with _LEDGERS_LOCK:
        opened = list(_LEDGERS.values())
        _LEDGERS.clear()
    for sessions in opened:
        bind = sessions.kw.get("bind")
        if bind is not None:
            bind.dispose()


def ledger_sessions(settings: Settings | None = None) -> Sessions:
    return sessions_for((settings or read_settings()).ledger_url)


def explained(error: BaseException) -> str | None:
    """What a run says of an error its operator can fix — the sentence the CLI prints for it
    (dondoc/problems.py) — or None for a bug, which keeps its traceback."""
    from dondoc.problems import explain

    found = explain(error)
    return " ".join(found[0]) if found is not None else None


def dispatch_for(settings: Settings, sessions: Sessions) -> Dispatch:
    """The channels the settings configure, with the office's hours (on the catalogue's working
    days), digests and alerts: what the daily flows deliver with."""
    from ledger.db import transaction
    from ledger.store import read_catalogue
    from notifications.channels import EMAIL
    from notifications.email import EmailChannel
    from notifications.timing import OfficeHours
    from tasks import dispatch

    notify = settings.notify
    channels: dict[str, Channel] = {}
    if settings.smtp is not None:
        channels[EMAIL] = EmailChannel(settings.smtp)
    if settings.zalo is not None:
        channels.update(zalo_channels(settings.zalo, sessions))
    with transaction(sessions) as session:
        catalogue = read_catalogue(session).catalogue
    calendar = catalogue.calendar
    hours = OfficeHours(notify.office_hours_start, notify.office_hours_end)
    return dispatch.Dispatch(
        channels,
        office=tuple((notify.office_name, address) for address in notify.office_email),
        timing=dispatch.office_timing(
            calendar.is_working_day, hours, always=not notify.office_hours_only
        ),
        compose_digest=dispatch.digest_composer(digest_templates(catalogue))
        if notify.digest
        else None,
        alert_text=dispatch.alert_text,
    )


def zalo_channels(zalo: ZaloSettings, sessions: Sessions) -> dict[str, Channel]:
    """Zalo ZNS and OA over the token pair the ledger keeps (seeded from the settings once)."""
    import httpx

    from calendars.business_time import now_utc
    from ledger.credentials import LedgerTokens, seed
    from ledger.db import transaction
    from notifications.channels import ZALO_OA, ZALO_ZNS
    from notifications.zalo import OaChannel, ZnsChannel

    if zalo.seed_refresh_token is not None:
        now = now_utc()
        access = zalo.seed_access_token.get_secret_value() if zalo.seed_access_token else ""
        with transaction(sessions) as session:
            # Expired at once: the first use refreshes, and the seed is spent for good.
            seed(
                session,
                access,
                zalo.seed_refresh_token.get_secret_value(),
                now,
                now,
                actor="settings:zalo-seed",
            )
    tokens = LedgerTokens(sessions, zalo, httpx.Client(timeout=zalo.timeout_seconds))
    return {ZALO_ZNS: ZnsChannel(zalo, tokens), ZALO_OA: OaChannel(zalo, tokens)}


def flow_settings() -> Settings:
    """The settings a flow runs with: credentials from Prefect Secret blocks where the settings
    name one, and every credential masked in the logs from here on."""
    from dondoc.secrets import (
        install_masking,
        known_secrets,
        resolve_secrets,
        with_smtp_password,
        with_zalo_secrets,
    )

    settings = read_settings()
    resolved = resolve_secrets(settings)
    settings = with_zalo_secrets(with_smtp_password(settings, resolved), resolved)
    install_masking(known_secrets(settings, resolved))
    return settings


def digest_templates(catalogue: Catalogue) -> TemplateSet:
    """What a digest is rendered with: it gathers every plan's items, so dondoc's wording, and
    the ZNS `digest` template any plan registered (as `dondoc plan check` counts them)."""
    from notifications.render import TemplateSet

    registered: dict[str, Any] = {}
    for plan in catalogue.plans:
        if plan.notifications is not None:
            for name, spec in plan.notifications.zalo_templates.items():
                registered.setdefault(name, spec.model_dump(mode="json"))
    return TemplateSet.of({"zalo_templates": registered})


def link_secret(settings: Settings, load: Any = None) -> bytes:
    """The key of the signed links: DONDOC_LINKS__SECRET, else the Prefect Secret block
    DONDOC_SECRET_BLOCKS__LINK_SECRET names, else one generated once into
    DONDOC_HOME/link-secret (readable by its owner only)."""
    import os
    import secrets

    if settings.links.secret is not None and settings.links.secret.get_secret_value():
        return settings.links.secret.get_secret_value().encode("utf-8")
    block = settings.secret_blocks.link_secret
    if block:
        from dondoc.secrets import prefect_loader

        return (load or prefect_loader)(block).encode("utf-8")
    path = settings.home.resolve() / "link-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: two processes starting at once keep the one secret the first wrote.
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as out:
                out.write(secrets.token_urlsafe(32))
    return path.read_text(encoding="utf-8").strip().encode("utf-8")


def link_signer(settings: Settings, load: Any = None) -> LinkSigner:
    """What signs the "đã nhận" / "đã nộp" links of the messages the settings' flows queue."""
    from ledger.links import LinkSigner

    links = settings.links
    return LinkSigner(link_secret(settings, load), links.base_url, links.ttl_days)
