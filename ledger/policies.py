"""The policy a task opened under: one snapshot row per distinct policy, pointed at by its tasks.

When tasks open, each gets the id of its step's chase and escalation policy as the catalogue has
it that day (`pin`); the chase reads the ladder from the snapshot from then on, so a policy
changed in the catalogue applies to the tasks opened after the change, and an open task's
history is not rewritten. Snapshots are few (one per distinct policy, however many tasks), so
they are read whole.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ledger.audit import Actor
from ledger.models import PolicySnapshot, Task
from ledger.sql import insert_ignoring_duplicates
from ledger.store import StoredCatalogue
from obligations.loader import chase_policy, escalation_policy
from obligations.policy import (
    ChasePolicy,
    EscalationPolicy,
    policy_digest,
    policy_from_spec,
    policy_spec,
)

_ID_BATCH = 5000


def snapshot_policies(session: Session) -> dict[int, tuple[ChasePolicy, EscalationPolicy]]:
    """Every snapshot, by id, as the policies it holds."""
    return {
        snapshot_id: policy_from_spec(spec)
        for snapshot_id, spec in session.execute(select(PolicySnapshot.id, PolicySnapshot.spec))
    }


def step_policy(stored: StoredCatalogue, obligation_id: str, step_id: str) -> dict[str, Any] | None:
    """The policy a step's tasks open under today, as a snapshot keeps it (None: unknown step)."""
    resolved = stored.catalogue.resolved.get(obligation_id)
    step = resolved.step(step_id) if resolved else None
    if resolved is None or step is None:
        return None
    plan = resolved.plan
    return policy_spec(chase_policy(plan, step.chase), escalation_policy(plan, step.escalation))


def snapshot_ids(session: Session, actor: Actor, specs: Iterable[dict[str, Any]]) -> dict[str, int]:
    """The snapshot id of each policy, by digest, inserting the ones not yet kept."""
    by_digest = {policy_digest(spec): spec for spec in specs}
    if not by_digest:
        return {}
    rows = [
        {"digest": digest, "spec": spec, "created_at": actor.now}
        for digest, spec in sorted(by_digest.items())
    ]
    insert_ignoring_duplicates(session, PolicySnapshot.__tablename__, rows, ["digest"], ["id"])
    return dict(
        session.execute(
            select(PolicySnapshot.digest, PolicySnapshot.id).where(
                PolicySnapshot.digest.in_(sorted(by_digest))
            )
        ).all()
    )


def pin(
    session: Session,
    stored: StoredCatalogue,
    actor: Actor,
    tasks: Iterable[tuple[int, str, str]],
) -> int:
    """Point each just-opened task (id, obligation, step) at its step's policy of today.

    Set-based: one UPDATE per distinct policy and batch of ids. A task already pinned keeps its
    snapshot (`policy_id IS NULL` in the condition): opening is once, and so is pinning.
    """
    by_step: dict[tuple[str, str], list[int]] = defaultdict(list)
    for task_id, obligation_id, step_id in tasks:
        by_step[obligation_id, step_id].append(task_id)
    specs = {key: spec for key in by_step if (spec := step_policy(stored, *key)) is not None}
    ids = snapshot_ids(session, actor, specs.values())
    by_snapshot: dict[int, list[int]] = defaultdict(list)
    for key, spec in specs.items():
        by_snapshot[ids[policy_digest(spec)]] += by_step[key]
    pinned = 0
    for snapshot_id, task_ids in sorted(by_snapshot.items()):
        task_ids.sort()
        for start in range(0, len(task_ids), _ID_BATCH):
            pinned += len(
                session.execute(
                    update(Task)
                    .where(
                        Task.id.in_(task_ids[start : start + _ID_BATCH]),
                        Task.policy_id.is_(None),
                    )
                    .values(policy_id=snapshot_id)
                    .returning(Task.id)
                    .execution_options(synchronize_session=False)
                ).all()
            )
    return pinned
