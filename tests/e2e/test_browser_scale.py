"""Onthaal and the invitee list in a real browser at 20,000 invitees.

A 20,000-row delivery, all invited to one ceremony, built with the test factory (synthetic
names, about a second). Measured from the click or Enter until the answer is on screen:
an Onthaal search, marking the guest present, and the next and previous page of the
invitee list on Ceremonies: the median of five of each under 1 s, a generous bound on a
shared 2-core machine (`bench/ui_bench.py` holds the real target of 300 ms script time).
A round that misses it is measured again, at most three rounds (`rounds`). The first
search of a fresh server process reads every invitee's name once into `ceremony.namecache`;
it is done before timing.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from statistics import median

import pytest
from playwright.sync_api import Page, expect

from ceremony import auth, ceremonies, signing_in
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.ceremony_factory import add_people, invite_directly
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, go, login, wait_ready

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

INVITEES = 20_000
BOUND_S = 1.0
SEARCH = "Zoek op voor- of achternaam"
ROUNDS = 3  # at most; see `rounds`
PER_ROUND = 5
# a round of page turns (rows moved, button): it ends one page further than it began
TURNS = ((50, "Volgende"), (50, "Volgende"), (50, "Volgende"), (-50, "Vorige"), (-50, "Vorige"))
# five-digit numbers, so no guest's name holds another's: one match per search
GUESTS = [10007 + 613 * i for i in range(ROUNDS * PER_ROUND)]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("scale") / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    auth.create_user(store, ADMIN, "carla", "coordinator", PASSWORD)
    recent = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    ids = add_people(store, [{"certificate_date": recent}] * INVITEES)
    coordinator = signing_in.authenticate(store, "carla", PASSWORD)
    cid = ceremonies.create_ceremony(store, coordinator, name="Groot", date=dt.date.today() + dt.timedelta(days=30))
    invite_directly(store, cid, ids)
    store.close()
    with running_app(data_dir) as url:
        yield url


def timed(page: Page, act, shows: str) -> float:
    """Seconds from `act()` until the text `shows` is visible."""
    start = time.perf_counter()
    act()
    expect(page.get_by_text(shows, exact=True).first).to_be_visible(timeout=30_000)
    return time.perf_counter() - start


def search_for(page: Page, text: str):
    def act():
        box = page.get_by_label(SEARCH, exact=True)
        box.fill(text)
        box.press("Enter")
    return act


def passed(round_: dict[str, list[float]]) -> bool:
    return all(median(times) < BOUND_S for times in round_.values())


def rounds(measure_round) -> list[dict[str, list[float]]]:
    """Up to `ROUNDS` rounds of `measure_round()` (seconds per action), until one has every
    median under the bound. The suite shares two cores with three other workers: one busy
    moment must not decide, but an app that is slow every time fails every round."""
    done = []
    while len(done) < ROUNDS and not (done and passed(done[-1])):
        done.append(measure_round())
    return done


def test_onthaal_search_and_mark_present_within_a_second(app, request):
    with browser_page(request) as page:
        login(page, app, "carla")
        go(page, "Onthaal")
        timed(page, search_for(page, "familienaam7"), "Voornaam7 Familienaam7")  # fills the name cache
        wait_ready(page)
        guests = iter(GUESTS)

        def one_round() -> list[float]:
            searches, marks = [], []
            for index in (next(guests) for _ in range(PER_ROUND)):
                name = f"Voornaam{index} Familienaam{index}"
                searches.append(timed(page, search_for(page, f"familienaam{index}"), name))
                wait_ready(page)
                present = page.get_by_role("button", name=re.compile("Aanwezig$"))
                expect(present).to_have_count(1)
                marks.append(timed(page, present.click, t("checkin.ui.marked", name=name)))
                wait_ready(page)
            return {"search": searches, "mark present": marks}

        done = rounds(one_round)
        print(f"Onthaal at {INVITEES}, per round: {done} (s)")
        assert passed(done[-1]), done


def test_the_invitee_list_pages_within_a_second(app, request):
    with browser_page(request) as page:
        login(page, app, "carla")
        go(page, "Ceremonies")
        expect(page.get_by_text("1–50 van 20.000", exact=True)).to_be_visible()
        wait_ready(page)  # the range shows before the rest of the page is drawn
        at = [1]

        def one_round() -> list[float]:
            turns = []
            for step, button in TURNS:
                at[0] += step
                shows = f"{at[0]}–{at[0] + 49} van 20.000"
                turns.append(timed(page, page.get_by_role("button", name=button, exact=True).click, shows))
                wait_ready(page)
            return {"page turn": turns}

        done = rounds(one_round)
        print(f"invitee list at {INVITEES}, per round: {done} (s)")
        assert passed(done[-1]), done
