"""Sealed answers: only the right private key and context open them; any change is refused."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ceremony.answers.sealing import new_key_pair, open_sealed, seal
from ceremony.errors import IntegrityError

PRIVATE, PUBLIC = new_key_pair()
OTHER_PRIVATE, _OTHER_PUBLIC = new_key_pair()


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(max_size=600), context=st.binary(max_size=80))
def test_a_sealed_answer_opens_with_the_key_and_context_it_was_sealed_for(plaintext, context):
    sealed = seal(PUBLIC, plaintext, context)
    assert open_sealed(PRIVATE, sealed, context) == plaintext
    assert len(plaintext) < 16 or plaintext not in sealed  # short ones may occur by chance


@settings(max_examples=60, deadline=None)
@given(plaintext=st.binary(min_size=1, max_size=200), context=st.binary(max_size=40), other=st.binary(max_size=40))
def test_another_key_or_context_does_not_open_it(plaintext, context, other):
    sealed = seal(PUBLIC, plaintext, context)
    with pytest.raises(IntegrityError):
        open_sealed(OTHER_PRIVATE, sealed, context)
    if other != context:
        with pytest.raises(IntegrityError):
            open_sealed(PRIVATE, sealed, other)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_any_changed_or_missing_byte_is_refused(data):
    sealed = seal(PUBLIC, b'{"coming": true}', b"answer:abc")
    index = data.draw(st.integers(0, len(sealed) - 1))
    flip = data.draw(st.integers(1, 255))
    changed = sealed[:index] + bytes([sealed[index] ^ flip]) + sealed[index + 1 :]
    with pytest.raises(IntegrityError):
        open_sealed(PRIVATE, changed, b"answer:abc")
    with pytest.raises(IntegrityError):
        open_sealed(PRIVATE, sealed[:index], b"answer:abc")


def test_two_seals_of_the_same_answer_differ():
    """A fresh ephemeral key per answer: equal answers cannot be told apart in the file."""
    assert seal(PUBLIC, b"same", b"ctx") != seal(PUBLIC, b"same", b"ctx")


def test_a_low_order_ephemeral_key_is_refused():
    sealed = seal(PUBLIC, b"x", b"ctx")
    forged = sealed[:1] + bytes(32) + sealed[33:]
    with pytest.raises(IntegrityError):
        open_sealed(PRIVATE, forged, b"ctx")
