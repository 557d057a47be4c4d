"""A step that did not run, as the sentence its operator reads (no Prefect here: the CLI
explains one too, see dondoc/problems.py)."""

from __future__ import annotations


class RunFailure(Exception):
    """A step that did not run, said as a sentence its operator can act on; `transient` when
    running it again may succeed. Runs log it without its traceback (tasks/prefect_tasks.py)."""

    def __init__(self, message: str, transient: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.transient = transient

    def __reduce__(self) -> tuple[type[RunFailure], tuple[str, bool]]:
        return type(self), (self.message, self.transient)  # Prefect keeps a run's failure
