"""Deployments as `prefect.yaml` declares them — read once, served by `dondoc up`.

`dondoc up` must serve what `prefect deploy --all` would create from the same file, so the
schedule keys are read as Prefect reads them (cron, timezone, day_or, active, parameters,
slug), and what the two could read differently is refused: a schedule without a timezone
(`prefect deploy` takes UTC, a Vietnamese office means Vietnamese time) and any kind or key
this reader does not know.

The job variables' `env` is what a worker's flow run is configured with (`dondoc up` serves
in its own environment instead). Each entry must be a dondoc setting written as the template
of its own name, `DONDOC_X: "{{ $DONDOC_X }}"`, which `prefect deploy` fills from the
environment it runs in; a credential is refused there: it belongs in a Prefect Secret block.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

import yaml

from dondoc.secrets import INSTEAD
from dondoc.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from prefect import Flow
    from prefect.deployments.runner import RunnerDeployment

PREFECT_YAML = PROJECT_ROOT / "prefect.yaml"
SCHEDULE_KEYS = frozenset({"cron", "timezone", "day_or", "active", "parameters", "slug"})
# The credentials a deployment must never hold in clear, and the block to name instead.
CREDENTIALS = {
    variable: f"DONDOC_SECRET_BLOCKS__{block.upper()}" for block, variable in INSTEAD.items()
}
CREDENTIALS["DONDOC_ZALO__SEED_ACCESS_TOKEN"] = "DONDOC_SECRET_BLOCKS__ZALO_REFRESH_TOKEN"


class DeploymentsError(ValueError):
    """prefect.yaml declares something `dondoc up` would not serve as `prefect deploy` does."""


@dataclass(frozen=True)
class ScheduleSpec:
    cron: str
    timezone: str
    day_or: bool = True
    active: bool = True
    parameters: dict[str, Any] = field(default_factory=dict)
    slug: str | None = None


@dataclass(frozen=True)
class DeploymentSpec:
    name: str
    entrypoint: str  # "flows/sweep.py:chase_flow"
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: tuple[ScheduleSpec, ...] = ()
    job_env: tuple[str, ...] = ()  # the settings its job variables carry to a worker's run

    @property
    def crons(self) -> tuple[tuple[str, str], ...]:
        """(cron, timezone) of each schedule."""
        return tuple((s.cron, s.timezone) for s in self.schedules)

    def load_flow(self) -> Flow[..., Any]:
        from prefect import Flow

        path, _, attribute = self.entrypoint.partition(":")
        module = importlib.import_module(Path(path).with_suffix("").as_posix().replace("/", "."))
        flow = getattr(module, attribute)
        if not isinstance(flow, Flow):
            raise TypeError(f"{self.entrypoint} is not a Prefect flow")
        return flow

    def to_deployment(self) -> RunnerDeployment:
        from prefect.deployments.runner import RunnerDeployment
        from prefect.schedules import Cron

        deployment = self.load_flow().to_deployment(
            name=self.name,
            description=self.description or None,
            tags=list(self.tags),
            parameters=self.parameters or None,
            schedules=[
                Cron(
                    s.cron,
                    timezone=s.timezone,
                    day_or=s.day_or,
                    active=s.active,
                    parameters=s.parameters or None,
                    slug=s.slug,
                )
                for s in self.schedules
            ]
            or None,
        )
        # Called from synchronous code, Prefect's async dispatch returns the deployment itself.
        assert isinstance(deployment, RunnerDeployment)
        return deployment


def _schedule(name: str, index: int, item: Any) -> ScheduleSpec:
    where = f"{PREFECT_YAML.name}: deployment {name!r}, schedule {index + 1}"
    if not isinstance(item, dict) or "cron" not in item:
        raise DeploymentsError(f"{where}: dondoc up serves cron schedules only")
    unknown = sorted(set(item) - SCHEDULE_KEYS)
    if unknown:
        raise DeploymentsError(f"{where}: dondoc up does not know {', '.join(unknown)}")
    if not item.get("timezone"):
        raise DeploymentsError(
            f"{where}: give a timezone (Asia/Ho_Chi_Minh): without one, prefect deploy "
            "schedules the cron in UTC"
        )
    return ScheduleSpec(
        cron=str(item["cron"]),
        timezone=str(item["timezone"]),
        day_or=bool(item.get("day_or", True)),
        active=bool(item.get("active", True)),
        parameters=dict(item.get("parameters") or {}),
        slug=item.get("slug"),
    )


def setting_names() -> frozenset[str]:
    """Every variable the settings read: DONDOC_HOME, DONDOC_SMTP__HOST …"""
    from pydantic import BaseModel

    from dondoc.settings import Settings

    names: set[str] = set()
    for field_name, info in Settings.model_fields.items():
        models = [
            kind
            for kind in (info.annotation, *get_args(info.annotation))
            if isinstance(kind, type) and issubclass(kind, BaseModel)
        ]
        if models:
            names.update(
                f"DONDOC_{field_name}__{inner}".upper() for inner in models[0].model_fields
            )
        else:
            names.add(f"DONDOC_{field_name}".upper())
    return frozenset(names)


def _job_env(name: str, item: dict[str, Any]) -> tuple[str, ...]:
    where = f"{PREFECT_YAML.name}: deployment {name!r}, job variable"
    pool = item.get("work_pool") or {}
    env = (pool.get("job_variables") or {}).get("env") or {}
    known = setting_names()
    for key, value in env.items():
        if key in CREDENTIALS:
            raise DeploymentsError(
                f"{where} {key}: a credential must not be kept in a deployment in clear: put it "
                f"in a Prefect Secret block and name the block in {CREDENTIALS[key]}"
            )
        if key not in known:
            raise DeploymentsError(f"{where} {key}: dondoc has no such setting")
        if value != f"{{{{ ${key} }}}}":
            raise DeploymentsError(
                f'{where} {key}: write it as "{{{{ ${key} }}}}", for prefect deploy to fill '
                "it from the environment it runs in"
            )
    return tuple(env)


def read_deployments(path: Path = PREFECT_YAML) -> list[DeploymentSpec]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for item in data["deployments"]:
        name = item["name"]
        specs.append(
            DeploymentSpec(
                name=name,
                entrypoint=item["entrypoint"],
                description=item.get("description") or "",
                tags=tuple(item.get("tags") or ()),
                parameters=dict(item.get("parameters") or {}),
                schedules=tuple(
                    _schedule(name, index, schedule)
                    for index, schedule in enumerate(item.get("schedules") or ())
                ),
                job_env=_job_env(name, item),
            )
        )
    return specs


def serve_all(path: Path = PREFECT_YAML) -> None:
    """Serve every deployment of prefect.yaml in this process until SIGTERM."""
    from prefect import serve

    # Not paused on shutdown: `dondoc up` stops the server with the deployments, and the
    # schedules must be live again at the next start.
    serve(*(spec.to_deployment() for spec in read_deployments(path)), pause_on_shutdown=False)


if __name__ == "__main__":
    serve_all()
