"""A step's failure said as a sentence travels as it is: through Prefect's result storage
(pickled) and to the command line that ran the flow."""

from __future__ import annotations

import pickle

from dondoc.problems import explain
from tasks.failures import RunFailure

SENTENCE = "Cơ sở dữ liệu của dondoc tạm thời không trả lời (connection refused)"


def test_a_run_failure_keeps_its_sentence_and_whether_a_retry_may_fix_it_when_stored() -> None:
    stored = pickle.loads(pickle.dumps(RunFailure(SENTENCE, transient=True)))
    assert (str(stored), stored.message, stored.transient) == (SENTENCE, SENTENCE, True)
    assert repr(stored) == f"RunFailure({SENTENCE!r})"


def test_a_run_failure_reaches_the_command_line_as_its_sentence() -> None:
    assert explain(RunFailure(SENTENCE)) == ([f"dondoc: {SENTENCE}"], 2)
