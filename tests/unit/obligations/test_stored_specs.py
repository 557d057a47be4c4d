"""The ledger's copy of a catalogue is rebuilt on every run without checking its addresses again:
they were checked when the files were loaded (a national catalogue holds 8,000 of them). A
catalogue read from files is checked as before."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from obligations.schema import STORED, UnitSpec

UNIT = {"code": "hnd", "name": "Hội Nông dân", "kind": "socio-political", "email": "not-an-address"}


def test_an_address_read_from_a_file_is_checked() -> None:
    with pytest.raises(ValidationError, match="email"):
        UnitSpec.model_validate(UNIT)


def test_the_ledgers_copy_is_taken_as_it_was_stored() -> None:
    assert UnitSpec.model_validate(UNIT, context={STORED: True}).email == "not-an-address"
