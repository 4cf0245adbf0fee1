"""jsontext.writer writes exactly what its JSONEncoder writes: the sealed records and the
delivery fingerprints keep the text they were made from."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ceremony import jsontext

ENCODERS = [
    json.JSONEncoder(sort_keys=True, ensure_ascii=False),  # intake.fingerprint
    json.JSONEncoder(ensure_ascii=False, separators=(",", ":")),  # people: the sealed record
    json.JSONEncoder(),
]
WRITERS = [jsontext.writer(encoder) for encoder in ENCODERS]

scalars = st.one_of(st.text(), st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False))
records = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner,
                                                                                            max_size=6), max_leaves=20)


@given(records)
def test_the_writer_writes_what_the_encoder_writes(value):
    for encoder, write in zip(ENCODERS, WRITERS, strict=True):
        assert write(value) == encoder.encode(value)


def test_a_failed_value_does_not_affect_the_next():
    write = WRITERS[0]
    record = {"naam": "Eric"}
    for _ in range(2):
        with pytest.raises(TypeError):
            write([record, object()])
        assert write([record]) == '[{"naam": "Eric"}]'


def test_an_encoder_with_indent_is_used_as_it_is():
    encoder = json.JSONEncoder(indent=2)
    assert jsontext.writer(encoder) == encoder.encode
