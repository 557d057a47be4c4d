"""Credentials named by Prefect Secret blocks, and logs that never show a secret or a phone."""

from __future__ import annotations

import io
import logging
import socket
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from dondoc.secrets import (
    MaskingFilter,
    SecretBlockMissing,
    install_masking,
    known_secrets,
    prefect_loader,
    resolve_secrets,
    with_smtp_password,
    with_zalo_secrets,
)
from dondoc.settings import Settings, SettingsError, read_settings

BLOCKS = {"dondoc-smtp": "s3cr3t-smtp-pass", "zalo-app": "app-secret-XYZ", "zalo-seed": "seed-RT-1"}


def from_dict(name: str) -> str:
    try:
        return BLOCKS[name]
    except KeyError:
        raise SecretBlockMissing(name) from None


@pytest.fixture(autouse=True)
def no_masking_left() -> Iterator[None]:
    """Each test installs its own masking; none is left on the process's handlers after it."""
    yield
    loggers = [logging.getLogger(), *map(logging.getLogger, logging.Logger.manager.loggerDict)]
    for logger in loggers:
        for handler in logger.handlers:
            for found in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
                handler.removeFilter(found)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in ("DONDOC_SMTP__HOST", "DONDOC_SMTP__PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_block_names_are_read_from_the_environment(env: pytest.MonkeyPatch) -> None:
    env.setenv("DONDOC_SECRET_BLOCKS__SMTP_PASSWORD", "dondoc-smtp")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_REFRESH_TOKEN", "zalo-seed")
    blocks = read_settings().secret_blocks
    assert blocks.model_dump() == {
        "smtp_password": "dondoc-smtp",
        "zalo_app_secret": None,
        "zalo_oa_secret": None,
        "zalo_refresh_token": "zalo-seed",
        "link_secret": None,
    }


def test_the_named_blocks_are_resolved_and_the_smtp_password_filled_in(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("DONDOC_SMTP__HOST", "smtp.tinhuy.example")
    env.setenv("DONDOC_SECRET_BLOCKS__SMTP_PASSWORD", "dondoc-smtp")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET", "zalo-app")
    settings = read_settings()
    resolved = resolve_secrets(settings, load=from_dict)
    assert {k: v.get_secret_value() for k, v in resolved.items()} == {
        "smtp_password": "s3cr3t-smtp-pass",
        "zalo_app_secret": "app-secret-XYZ",
    }
    assert "s3cr3t" not in repr(resolved)
    filled = with_smtp_password(settings, resolved)
    assert filled.smtp is not None
    assert filled.smtp.password == SecretStr("s3cr3t-smtp-pass")
    assert filled.smtp.host == "smtp.tinhuy.example"
    assert settings.smtp is not None
    assert settings.smtp.password is None  # the settings read are left as they were
    assert sorted(known_secrets(filled, resolved)) == [
        "app-secret-XYZ",
        "s3cr3t-smtp-pass",
        "s3cr3t-smtp-pass",
    ]


def test_no_block_named_reads_nothing(env: pytest.MonkeyPatch) -> None:
    def never(name: str) -> str:
        raise AssertionError(f"read {name}")

    assert resolve_secrets(Settings(), load=never) == {}


def test_a_missing_or_empty_block_is_a_sentence_saying_what_to_create_or_set(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("DONDOC_SECRET_BLOCKS__SMTP_PASSWORD", "dondoc-smpt")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET", "zalo-oa")
    BLOCKS["zalo-oa"] = "  "
    try:
        with pytest.raises(SettingsError) as raised:
            resolve_secrets(read_settings(), load=from_dict)
    finally:
        del BLOCKS["zalo-oa"]
    assert str(raised.value).splitlines() == [
        "Prefect Secret block 'dondoc-smpt' not found (DONDOC_SECRET_BLOCKS__SMTP_PASSWORD): "
        "create it in the Prefect UI (Blocks → Secret) or set DONDOC_SMTP__PASSWORD",
        "Prefect Secret block 'zalo-oa' (DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET) is empty: put the "
        "credential in it in the Prefect UI (Blocks → Secret) or set DONDOC_ZALO__OA_SECRET",
    ]


@pytest.fixture
def logged() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    """A logger writing through a real handler to a buffer, as a console handler would."""
    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("dondoc.test.masking")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    yield logger, buffer
    logger.removeHandler(handler)


def test_a_record_holding_a_token_and_a_phone_is_written_masked(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, buffer = logged
    masking = install_masking(["tok-4f9a2c"], loggers=["dondoc.test.masking"])
    logger.info("refresh with %s for %s", "tok-4f9a2c", "84987654321")
    logger.warning("Zalo -124 for 0912345678: token=tok-4f9a2c")
    assert buffer.getvalue().splitlines() == [
        "INFO refresh with *** for ********321",
        "WARNING Zalo -124 for *******678: token=***",
    ]
    # A token refreshed later is masked too, by the same filter: installing again adds it.
    assert install_masking([SecretStr("tok-NEW-77")], loggers=["dondoc.test.masking"]) is masking
    logger.info("new pair: %r", {"access_token": "tok-NEW-77"})
    assert buffer.getvalue().splitlines()[-1] == "INFO new pair: {'access_token': '***'}"
    for handler in logger.handlers:  # one filter per handler, however often installed
        assert [f for f in handler.filters if isinstance(f, MaskingFilter)] == [masking]


def test_a_traceback_is_masked_as_well_as_the_message(
    logged: tuple[logging.Logger, io.StringIO],
) -> None:
    logger, buffer = logged
    install_masking(["p4ssw0rd-smtp"], loggers=["dondoc.test.masking"])
    try:
        raise RuntimeError("login refused for p4ssw0rd-smtp, phone 84912345678")
    except RuntimeError:
        logger.exception("SMTP failed")
    text = buffer.getvalue()
    assert "RuntimeError: login refused for ***, phone ********678" in text
    assert "p4ssw0rd" not in text
    assert "84912345678" not in text


def test_a_propagated_record_is_masked_by_the_root_handler(
    caplog: pytest.LogCaptureFixture,
) -> None:
    logger = logging.getLogger("dondoc.test.propagated")
    install_masking(["zalo-app-secret-1"])  # on the root's handlers, caplog's among them
    with caplog.at_level(logging.INFO):
        logger.info("secret_key=%s phone=%s", "zalo-app-secret-1", "0987654321")
    assert caplog.messages == ["secret_key=*** phone=*******321"]


def test_a_short_value_is_not_taken_for_a_secret() -> None:
    masking = MaskingFilter(["", "abc", "abcd"])
    assert masking.mask("abc abcd abcde") == "abc *** ***e"


def test_a_secret_inside_another_is_masked_whole() -> None:
    masking = MaskingFilter(["token", "token-and-more"])
    assert masking.mask("x token-and-more y token") == "x *** y ***"


def test_prefects_handlers_get_the_filter() -> None:
    handler = logging.StreamHandler(io.StringIO())
    logger = logging.getLogger("prefect.flow_runs.test-masking")
    logger.addHandler(handler)
    try:
        masking = install_masking(["prefect-api-secret"])
        assert masking in handler.filters
        record = logger.makeRecord(
            logger.name, logging.INFO, __file__, 1, "k=%s", ("prefect-api-secret",), None
        )
        handler.handle(record)
        assert handler.stream.getvalue() == "k=***\n"
    finally:
        logger.removeHandler(handler)


def test_a_prefect_server_that_does_not_answer_is_a_sentence() -> None:
    from prefect.settings import PREFECT_API_URL, PREFECT_CLIENT_MAX_RETRIES, temporary_settings

    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Over any settings in force (another module's test harness included).
    url = f"http://127.0.0.1:{port}/api"
    with (
        temporary_settings({PREFECT_API_URL: url, PREFECT_CLIENT_MAX_RETRIES: 0}),
        pytest.raises(SettingsError) as raised,
    ):
        prefect_loader("dondoc-smtp")
    assert str(raised.value) == (
        "Prefect Secret block 'dondoc-smtp' cannot be read (ConnectError: [Errno 111] Connection "
        "refused): check that the Prefect server answers at PREFECT_API_URL (dondoc up starts one)"
    )


def test_an_empty_variable_is_taken_as_unset(env: pytest.MonkeyPatch) -> None:
    # What `prefect deploy` writes into the job variables for a setting the province leaves out.
    for name in (
        "DONDOC_SMTP__HOST",
        "DONDOC_SMTP__PORT",
        "DONDOC_DATABASE_URL",
        "DONDOC_ZALO__APP_ID",
    ):
        env.setenv(name, "")
    settings = read_settings()
    assert settings.smtp is None
    assert settings.zalo is None
    assert settings.database_url is None


def test_zalo_secrets_kept_in_blocks_are_not_needed_in_the_environment(
    env: pytest.MonkeyPatch,
) -> None:
    env.setenv("DONDOC_ZALO__APP_ID", "1234567890")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET", "zalo-app")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET", "zalo-oa")
    read = read_settings()
    again = read_settings()
    assert read.zalo is not None
    assert again.zalo is not None
    # Unread, each secret is an unguessable stand-in: nothing signs or logs in with a known key.
    stand_ins = {
        read.zalo.app_secret.get_secret_value(),
        read.zalo.oa_secret.get_secret_value(),
        again.zalo.app_secret.get_secret_value(),
    }
    assert len(stand_ins) == 3
    assert all(len(value) >= 32 for value in stand_ins)
    BLOCKS["zalo-oa"] = "oa-secret-ABC"
    try:
        filled = with_zalo_secrets(read, resolve_secrets(read, load=from_dict))
    finally:
        del BLOCKS["zalo-oa"]
    assert filled.zalo is not None
    assert filled.zalo.app_secret == SecretStr("app-secret-XYZ")
    assert filled.zalo.oa_secret == SecretStr("oa-secret-ABC")


def test_a_zalo_secret_in_the_environment_wins_over_no_block(env: pytest.MonkeyPatch) -> None:
    env.setenv("DONDOC_ZALO__APP_ID", "1234567890")
    env.setenv("DONDOC_ZALO__APP_SECRET", "from-the-env")
    env.setenv("DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET", "zalo-oa")
    zalo = read_settings().zalo
    assert zalo is not None
    assert zalo.app_secret == SecretStr("from-the-env")
    env.delenv("DONDOC_SECRET_BLOCKS__ZALO_OA_SECRET")
    with pytest.raises(SettingsError, match="DONDOC_ZALO__OA_SECRET: is required"):
        read_settings()
