"""Credentials kept in Prefect Secret blocks, and logs that never show a secret or a phone.

An operator may keep the SMTP password and the Zalo credentials in the Prefect UI (Blocks →
Secret) instead of the environment: `DONDOC_SECRET_BLOCKS__SMTP_PASSWORD=dondoc-smtp` names
the block, and a flow reads it when it starts (`resolve_secrets`). Prefect is imported only
by the loader, so reading the settings stays cheap and needs no server.

`install_masking` puts a `MaskingFilter` on the handlers of the root logger and of Prefect's
loggers: every record they write — to the terminal, to the Prefect API — has the known secrets
replaced by "***" and every Vietnamese mobile number masked (`mask_phone`).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pydantic
from pydantic import SecretStr

if TYPE_CHECKING:
    from dondoc.settings import Settings


class SecretBlocks(pydantic.BaseModel):
    """The names of Prefect Secret blocks holding credentials (unset: from the environment)."""

    smtp_password: str | None = None
    zalo_app_secret: str | None = None
    zalo_oa_secret: str | None = None
    zalo_refresh_token: str | None = None  # the seed of the OA's token chain
    link_secret: str | None = None  # the key of the signed links in messages


# What each block stands in for: the variable an operator can set instead.
INSTEAD = {
    "smtp_password": "DONDOC_SMTP__PASSWORD",
    "zalo_app_secret": "DONDOC_ZALO__APP_SECRET",
    "zalo_oa_secret": "DONDOC_ZALO__OA_SECRET",
    "zalo_refresh_token": "DONDOC_ZALO__SEED_REFRESH_TOKEN",
    "link_secret": "DONDOC_LINKS__SECRET",
}


class SecretBlockMissing(LookupError):
    """The loader found no Secret block of that name."""


Loader = Callable[[str], str]


def prefect_loader(name: str) -> str:
    """The value of the Prefect Secret block `name` (on the server PREFECT_API_URL names)."""
    from prefect.blocks.system import Secret

    from dondoc.settings import SettingsError

    try:
        # `_sync`: a flow calls this from async code, where `load` would return a coroutine
        # (Prefect's dispatch reads the keyword; the signature does not declare it).
        load: Any = Secret.load
        block = load(name, _sync=True)
    except ValueError as error:
        if "Unable to find block document" in str(error):
            raise SecretBlockMissing(name) from None
        raise SettingsError(f"Prefect Secret block '{name}' cannot be read: {error}") from None
    except Exception as error:  # the server does not answer, refuses the API key …
        raise SettingsError(
            f"Prefect Secret block '{name}' cannot be read ({type(error).__name__}: {error}): "
            "check that the Prefect server answers at PREFECT_API_URL (dondoc up starts one)"
        ) from None
    value = block.get()
    if not isinstance(value, str):
        raise SettingsError(
            f"Prefect Secret block '{name}' holds a {type(value).__name__}, not a text: "
            "store the credential itself as the block's value"
        )
    return value


def resolve_secrets(settings: Settings, load: Loader = prefect_loader) -> dict[str, SecretStr]:
    """The credentials the settings keep in Secret blocks: {"smtp_password": …, …}.

    Only the blocks named are read. A block that is missing or empty is a `SettingsError`
    listing each one, and what to do about it.
    """
    from dondoc.settings import SettingsError

    blocks = settings.secret_blocks
    resolved: dict[str, SecretStr] = {}
    problems: list[str] = []
    for field, name in blocks.model_dump().items():
        if not name:
            continue
        variable = f"DONDOC_SECRET_BLOCKS__{field.upper()}"
        try:
            value = load(name)
        except SecretBlockMissing:
            problems.append(
                f"Prefect Secret block '{name}' not found ({variable}): create it in the "
                f"Prefect UI (Blocks → Secret) or set {INSTEAD[field]}"
            )
            continue
        if not value.strip():
            problems.append(
                f"Prefect Secret block '{name}' ({variable}) is empty: put the credential "
                f"in it in the Prefect UI (Blocks → Secret) or set {INSTEAD[field]}"
            )
            continue
        resolved[field] = SecretStr(value)
    if problems:
        raise SettingsError("\n".join(problems))
    return resolved


def with_smtp_password(settings: Settings, resolved: Mapping[str, SecretStr]) -> Settings:
    """The settings with the SMTP password from its block (when SMTP is configured at all)."""
    password = resolved.get("smtp_password")
    if password is None or settings.smtp is None:
        return settings
    smtp = settings.smtp.model_copy(update={"password": password})
    return settings.model_copy(update={"smtp": smtp})


def with_zalo_secrets(settings: Settings, resolved: Mapping[str, SecretStr]) -> Settings:
    """The settings with the Zalo app's and OA's secrets and the chain's seed from their blocks
    (when Zalo is configured at all)."""
    if settings.zalo is None:
        return settings
    fields = {
        "zalo_app_secret": "app_secret",
        "zalo_oa_secret": "oa_secret",
        "zalo_refresh_token": "seed_refresh_token",
    }
    update = {field: resolved[key] for key, field in fields.items() if key in resolved}
    if not update:
        return settings
    return settings.model_copy(update={"zalo": settings.zalo.model_copy(update=update)})


def known_secrets(settings: Settings, resolved: Mapping[str, SecretStr] | None = None) -> list[str]:
    """Every credential value the process holds: what the logs must never show."""
    values = [v.get_secret_value() for v in (resolved or {}).values()]
    if settings.smtp is not None and settings.smtp.password is not None:
        values.append(settings.smtp.password.get_secret_value())
    zalo = settings.zalo
    if zalo is not None:
        for secret in (
            zalo.app_secret,
            zalo.oa_secret,
            zalo.seed_access_token,
            zalo.seed_refresh_token,
        ):
            if secret is not None:
                values.append(secret.get_secret_value())
    return values


# A secret shorter than this is not masked: "***" in place of every "a" would hide the logs.
MIN_SECRET = 4


class MaskingFilter(logging.Filter):
    """Masks known secrets ("***") and phone numbers in a record's message, arguments and
    traceback. Put it on handlers: a logger's filters do not see propagated records."""

    def __init__(self, secrets: Iterable[str | SecretStr] = ()) -> None:
        super().__init__()
        from tasks.runlog import mask_phones

        self._mask_phones = mask_phones
        self._secrets: frozenset[str] = frozenset()
        self._pattern: re.Pattern[str] | None = None
        self.add(secrets)

    def add(self, secrets: Iterable[str | SecretStr]) -> None:
        """Mask these values too (a token refreshed since the filter was installed)."""
        plain = (s.get_secret_value() if isinstance(s, SecretStr) else s for s in secrets)
        known = self._secrets | {s for s in plain if s and len(s) >= MIN_SECRET}
        if known == self._secrets:
            return
        # The longest first: a secret that contains another is masked whole.
        ordered = sorted(known, key=lambda s: (-len(s), s))
        self._pattern = re.compile("|".join(re.escape(s) for s in ordered))
        self._secrets = frozenset(known)

    def mask(self, text: str) -> str:
        if self._pattern is not None:
            text = self._pattern.sub("***", text)
        return self._mask_phones(text)

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # arguments that do not fit the format: keep both, masked
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.mask(message), None
        if record.exc_info and not record.exc_text:
            # Formatted here, masked once, and cached where every formatter looks for it.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.mask(record.exc_text)
        if record.stack_info:
            record.stack_info = self.mask(record.stack_info)
        return True


def _handlers(extra_loggers: Iterable[str]) -> list[logging.Handler]:
    names = [n for n in list(logging.Logger.manager.loggerDict) if n.split(".")[0] == "prefect"]
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in [*names, *extra_loggers])]
    found: dict[int, logging.Handler] = {}
    for logger in loggers:
        for handler in logger.handlers:
            found.setdefault(id(handler), handler)
    return list(found.values())


def install_masking(
    secrets: Iterable[str | SecretStr] = (), loggers: Iterable[str] = ()
) -> MaskingFilter:
    """Mask `secrets` and phone numbers on the root's and Prefect's handlers (and `loggers'`).

    Idempotent: a handler that has the filter keeps it, and learns the new secrets. Call it
    once Prefect has set up its logging (in a flow); a handler added later is not covered.
    """
    if "prefect" in sys.modules:  # Prefect configures its handlers lazily: have them now
        from prefect.logging.configuration import ensure_logging_setup

        ensure_logging_setup()
    secrets = list(secrets)
    handlers = _handlers(loggers)
    installed = [f for h in handlers for f in h.filters if isinstance(f, MaskingFilter)]
    masking = installed[0] if installed else MaskingFilter()
    for other in installed[1:]:
        masking.add(other._secrets)
    masking.add(secrets)
    for handler in handlers:
        for old in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
            if old is not masking:
                handler.removeFilter(old)
        if masking not in handler.filters:
            handler.addFilter(masking)
    return masking
