"""Credentials kept in Prefect Secret blocks, read by a flow on a real (temporary) Prefect server;
and a flow's logs reach the server with the secret and the phone masked."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator

import pytest
from prefect import flow, get_run_logger
from prefect.blocks.system import Secret
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
from prefect.logging.handlers import APILogHandler
from prefect.runtime import flow_run
from prefect.testing.utilities import prefect_test_harness

from dondoc.secrets import (
    MaskingFilter,
    install_masking,
    known_secrets,
    resolve_secrets,
)
from dondoc.settings import SettingsError, read_settings

pytestmark = pytest.mark.prefect


@pytest.fixture(scope="module")
def harness() -> Iterator[None]:
    with prefect_test_harness(server_startup_timeout=180):
        Secret(value="smtp-pass-from-the-ui").save("dondoc-smtp", overwrite=True)
        Secret(value="zalo-seed-refresh-token").save("dondoc-zalo-seed", overwrite=True)
        yield
    for name in [*logging.Logger.manager.loggerDict, ""]:
        for handler in logging.getLogger(name).handlers:
            for found in [f for f in handler.filters if isinstance(f, MaskingFilter)]:
                handler.removeFilter(found)


@pytest.fixture
def blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DONDOC_SECRET_BLOCKS__SMTP_PASSWORD", "dondoc-smtp")
    monkeypatch.setenv("DONDOC_SECRET_BLOCKS__ZALO_REFRESH_TOKEN", "dondoc-zalo-seed")


def test_a_flow_reads_the_secret_blocks_an_operator_created(harness: None, blocks: None) -> None:
    @flow
    async def start() -> dict[str, str]:
        # In an async flow, as the daily flows are: Prefect's `load` would hand back a coroutine.
        resolved = resolve_secrets(read_settings())
        return {k: v.get_secret_value() for k, v in resolved.items()}

    assert asyncio.run(start()) == {
        "smtp_password": "smtp-pass-from-the-ui",
        "zalo_refresh_token": "zalo-seed-refresh-token",
    }
    resolved = resolve_secrets(read_settings())  # and outside any flow
    assert resolved["smtp_password"].get_secret_value() == "smtp-pass-from-the-ui"


def test_a_block_nobody_created_is_a_sentence(
    harness: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET", "dondoc-zalo-app")
    with pytest.raises(SettingsError) as raised:
        resolve_secrets(read_settings())
    assert str(raised.value) == (
        "Prefect Secret block 'dondoc-zalo-app' not found (DONDOC_SECRET_BLOCKS__ZALO_APP_SECRET): "
        "create it in the Prefect UI (Blocks → Secret) or set DONDOC_ZALO__APP_SECRET"
    )


def test_a_flows_logs_reach_the_server_masked(harness: None, blocks: None) -> None:
    @flow
    async def chatty() -> str:
        install_masking(known_secrets(read_settings(), resolve_secrets(read_settings())))
        get_run_logger().info(
            "refreshing Zalo with %s for %s", "zalo-seed-refresh-token", "84987654321"
        )
        await APILogHandler.aflush()
        return str(flow_run.get_id())

    run_id = asyncio.run(chatty())

    async def messages() -> list[str]:
        async with get_client() as client:
            found = await client.read_logs(LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run_id])))
        return [log.message for log in found]

    logged = asyncio.run(messages())
    assert "refreshing Zalo with *** for ********321" in logged
    assert not [m for m in logged if "zalo-seed-refresh-token" in m or "84987654321" in m]
