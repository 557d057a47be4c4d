"""Deployments as `prefect.yaml` declares them — read once, served by `dondoc up`."""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from prefect import Flow
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron

from dondoc.settings import PROJECT_ROOT

PREFECT_YAML = PROJECT_ROOT / "prefect.yaml"


@dataclass(frozen=True)
class DeploymentSpec:
    name: str
    entrypoint: str  # "flows/sweep.py:chase_flow"
    description: str = ""
    tags: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    crons: tuple[tuple[str, str], ...] = ()  # (cron, timezone)

    def load_flow(self) -> Flow[..., Any]:
        path, _, attribute = self.entrypoint.partition(":")
        module = importlib.import_module(Path(path).with_suffix("").as_posix().replace("/", "."))
        flow = getattr(module, attribute)
        if not isinstance(flow, Flow):
            raise TypeError(f"{self.entrypoint} is not a Prefect flow")
        return flow

    def to_deployment(self) -> RunnerDeployment:
        flow = self.load_flow()
        deployment = flow.to_deployment(
            name=self.name,
            description=self.description or None,
            tags=list(self.tags),
            parameters=self.parameters or None,
            schedules=[Cron(cron, timezone=tz) for cron, tz in self.crons] or None,
        )
        # Called from synchronous code, Prefect's async dispatch returns the deployment itself.
        assert isinstance(deployment, RunnerDeployment)
        return deployment


def read_deployments(path: Path = PREFECT_YAML) -> list[DeploymentSpec]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    specs = []
    for item in data["deployments"]:
        specs.append(
            DeploymentSpec(
                name=item["name"],
                entrypoint=item["entrypoint"],
                description=item.get("description") or "",
                tags=tuple(item.get("tags") or ()),
                parameters=dict(item.get("parameters") or {}),
                crons=tuple(
                    (s["cron"], s.get("timezone", "Asia/Ho_Chi_Minh"))
                    for s in item.get("schedules") or ()
                ),
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
