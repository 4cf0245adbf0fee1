"""The compliance report lists the answer page under the obligations it touches: the
technical measures (O7: links on or off, the codes, the exchange file closed to others) and
minimisation (O10: the page shows no personal data)."""

from __future__ import annotations

import os

from ceremony import admin, compliance
from ceremony.answers import sync
from ceremony.texts import t
from tests.conftest import ADMIN
from tests.test_answer_sync import coord as coord  # noqa: F401 - the fixture, with the base URL set
from tests.test_answer_sync import planned


def _labels(evidence, code):
    obligation = next(o for o in evidence.obligations if o.code == code)
    return {check.label: check for check in obligation.evidence}


def test_without_the_answer_page_the_report_says_it_is_off(store):
    o7 = _labels(compliance.gather(store, ADMIN), "O7")
    assert o7[t("compliance.m.answers")].value == t("compliance.m.answers_off")
    assert t("compliance.m.exchange") not in o7
    assert t("compliance.o10.answer_page") in _labels(compliance.gather(store, ADMIN), "O10")


def test_the_report_lists_the_answer_page_its_codes_and_a_closed_exchange_file(store, coord):  # noqa: F811
    planned(store, coord)
    sync.sync(store, "test")
    evidence = compliance.gather(store, ADMIN)
    o7 = _labels(evidence, "O7")
    assert o7[t("compliance.m.answers")].value == t("compliance.m.answers_on", url="https://antwoord.gemeente.test")
    assert o7[t("compliance.m.answer_codes")].value == t("compliance.m.answer_codes_value", n=3)
    assert o7[t("compliance.m.exchange")].ok is True
    assert next(o for o in evidence.obligations if o.code == "O7").ok
    os.chmod(sync.exchange_path(store), 0o644)
    evidence = compliance.gather(store, ADMIN)
    o7 = next(o for o in evidence.obligations if o.code == "O7")
    assert not o7.ok and t("compliance.m.exchange_bad") in o7.reason
    admin.set_setting(store, ADMIN, "answer_base_url", "")
    assert _labels(compliance.gather(store, ADMIN), "O7")[t("compliance.m.answers")].value == t(
        "compliance.m.answers_off")
