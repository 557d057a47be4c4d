"""How the property tests run: the same examples on every CI run, more of them on demand.

By default each property tries its own fixed number of examples, derandomized (Hypothesis
derives them from the test itself, not from a random seed) and without the example database
(nothing read from or written to `.hypothesis/`): CI runs the same examples every time, and a
failure on one machine is the same failure on every other.

`DONDOC_PROPERTY_EXAMPLES=N` runs N examples of each property, randomly and with the database,
for a deeper search by hand; a failure prints the `@reproduce_failure` line that replays it.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_EXPLORE = os.environ.get("DONDOC_PROPERTY_EXAMPLES")


def examples(count: int) -> settings:
    """Settings for a property that tries `count` examples in CI."""
    if _EXPLORE:
        return settings(
            max_examples=int(_EXPLORE),
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
            print_blob=True,
        )
    return settings(
        max_examples=count,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
