"""Belronde and Onthaal in a real browser: keyboard only, on a phone, every match.

- Belronde: take the next person with Tab/Enter only: the focus lands on the card's number,
  so Enter pressed twice saves nothing; an outcome is a deliberate choice a few Tab presses
  further (number, note, companions, outcome); the saved message names the person and undo
  brings them back; people without a number are on the coordinator's "geen nummer" list,
  not in the queue; on a phone the note and companions stand above the outcomes, all above
  the fold at 390x844, also for a coordinator with a pending reminder.
- Onthaal: a search with more matches than one page shows the count and reaches every match
  with "Toon meer"; the search clears after a check-in and has the focus on opening and
  after each check-in; namesakes show street and year of birth and the confirmation names
  who; the first "Aanwezig" is above the fold at 390x844 while a reminder is pending;
  buttons at least 44 px high, at 1024x768 and 390x844.
Screenshots of both pages at 1366x900 and 390x844 land in test-output/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from ceremony import auth, ceremonies, checkin, invitations, signing_in
from ceremony.startup import open_installation
from ceremony.texts import t
from tests.ceremony_factory import add_people
from tests.conftest import ADMIN
from tests.e2e.server import CHROMIUM, OUTPUT, browser_page, running_app
from tests.e2e.test_browser_flow import PASSWORD, click, fill, go, login, see, wait_ready
from tests.text_helpers import leading

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")

PHONE = {"width": 390, "height": 844}
TABLET = {"width": 1024, "height": 768}
DESKTOP = {"width": 1366, "height": 900}
MANY = checkin.PAGE_SIZE + 12  # more Peeters than one page of results
OUTCOMES = [t(f"calls.outcome.{code}")
            for code in ("komt", "komt_niet", "misschien", "geen_antwoord", "voicemail", "verkeerd_nummer")]
PRESENT = re.compile(re.escape(t("checkin.ui.present")) + "$")
MORE = re.compile("^" + re.escape(leading("checkin.ui.more")))
TWIN_STREETS = ("Kerkstraat", "Molenstraat")  # two invitees named Alain Verbeke


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("desk") / "data"
    store = open_installation(data_dir, for_="cli", create=True)
    for name, role in (("carla", "coordinator"), ("bert", "beller"), ("bea", "beller")):
        auth.create_user(store, ADMIN, name, role, PASSWORD)
    recent = (dt.date.today() - dt.timedelta(days=30)).isoformat()
    specs = [{"first_name": "Jan", "last_name": "Peeters", "phone": "+32470123456", "certificate_date": recent}]
    specs += [{"first_name": f"Lid{i:02d}", "last_name": "Peeters", "certificate_date": recent} for i in range(MANY - 1)]
    specs += [{"first_name": "Zora", "last_name": "Zondernummer", "phone": "", "certificate_date": recent}]
    specs += [{"first_name": "Alain", "last_name": "Verbeke", "street": street, "certificate_date": recent}
              for street in TWIN_STREETS]
    ids = add_people(store, specs)
    coordinator = signing_in.authenticate(store, "carla", PASSWORD)
    cid = ceremonies.create_ceremony(store, coordinator, name="Welkom", date=dt.date.today() + dt.timedelta(days=30),
                                     call_script="Dag, u bent uitgenodigd voor de verwelkoming.")
    invitations.invite(store, coordinator, cid, ids, channel="telefoon")
    store.close()
    with running_app(data_dir) as url:
        yield url


def shoot(page: Page, name: str, full_page: bool = False) -> None:
    wait_ready(page)
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"desk-{name}.png"), full_page=full_page)


def focused_label(page: Page) -> str:
    return page.evaluate("() => (document.activeElement && document.activeElement.innerText || '').trim()")


def tab_to(page: Page, label: str, limit: int = 5) -> int:
    """Press Tab until the focused element reads `label`; returns how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if focused_label(page) == label:
            return presses
    raise AssertionError(f"{label!r} not reached in {limit} Tab presses (at {focused_label(page)!r})")


def card_appears(page: Page) -> None:
    wait_ready(page)
    expect(page.locator("[class*='st-key-call_card_']")).to_have_count(1)


def focus_in(page: Page, key: str) -> bool:
    """Whether the keyboard focus is inside the element keyed `key` (Streamlit's st-key-<key>)."""
    return page.evaluate("(key) => !!(document.activeElement && document.activeElement.closest"
                         "  && document.activeElement.closest(`[class*='st-key-${key}']`))", key)


def focus_lands_in(page: Page, key: str) -> None:
    for _ in range(50):
        if focus_in(page, key):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"focus is on {focused_label(page)!r}, not in {key!r}")


def test_belronde_with_the_keyboard_only(app, request):
    with browser_page(request, viewport=DESKTOP) as page:
        login(page, app, "bert")
        go(page, t("nav.page.calls"))
        page.get_by_role("button", name=t("calls.ui.next")).focus()
        page.keyboard.press("Enter")
        card_appears(page)
        name = page.locator("[class*='st-key-call_card_'] h2").first.inner_text()
        focus_lands_in(page, "call_number")  # the card's number has the focus, not an outcome
        page.keyboard.press("Enter")  # Enter pressed twice on "Volgende persoon bellen" ...
        wait_ready(page)
        expect(page.get_by_text(leading("calls.ui.saved"))).to_have_count(0)  # ... saves nothing
        assert focus_in(page, "call_number")
        presses = tab_to(page, t("calls.outcome.geen_antwoord"), limit=10)
        page.keyboard.press("Enter")
        see(page, t("calls.ui.saved", name=name, outcome=t("calls.outcome.geen_antwoord")))
        card_appears(page)
        focus_lands_in(page, "call_number")  # the next card: its number again
        assert presses <= 8, presses  # number link, note, companions, then the outcomes


def test_belronde_undo_and_the_saved_message(app, request):
    with browser_page(request, viewport=DESKTOP) as page:
        login(page, app, "bea")
        go(page, t("nav.page.calls"))
        page.get_by_role("button", name=t("calls.ui.next")).click()
        card_appears(page)
        name = page.locator("[class*='st-key-call_card_'] h2").first.inner_text()
        page.get_by_role("button", name=t("calls.outcome.voicemail")).click()
        see(page, t("calls.ui.saved", name=name, outcome=t("calls.outcome.voicemail")))
        expect(page.locator("[class*='st-key-call_card_'] h2").first).not_to_have_text(name)  # the next card
        shoot(page, "belronde-1366")
        page.get_by_role("button", name=t("calls.ui.undo")).click()
        see(page, t("calls.ui.undone", name=name))
        expect(page.locator("[class*='st-key-call_card_'] h2").first).to_have_text(name)
        expect(page.get_by_text(t("calls.ui.history_none"))).to_be_visible()


def test_belronde_on_a_phone_note_and_companions_above_the_outcomes_all_above_the_fold(app, request):
    with browser_page(request, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        login(page, app, "carla")  # a coordinator: a delivery's deletion checklist is pending
        page.goto(app + "/belronde")
        wait_ready(page)
        page.get_by_role("button", name=t("calls.ui.next")).click()
        card_appears(page)
        page.evaluate("() => window.scrollTo(0, 0)")
        shoot(page, "belronde-390")
        expect(page.locator("[class*='st-key-call_card_'] a[href^='tel:+32']")).to_be_visible()
        expect(page.get_by_role("button", name=OUTCOMES[-1], exact=True)).to_have_css("min-height", "45px")
        page.evaluate("() => document.fonts.ready.then(() => true)")  # labels wrap by the final font
        for label in (t("calls.ui.note"), t("calls.ui.companions")):
            field_above_outcomes(page, label)
        for label in OUTCOMES:
            box = page.get_by_role("button", name=label, exact=True).bounding_box()
            assert box["y"] + box["height"] <= PHONE["height"], (label, box)
            assert box["height"] >= 44, (label, box)


def field_above_outcomes(page: Page, label: str) -> None:
    """The field ends above the first outcome button, once the layout has settled."""
    field = page.get_by_label(label, exact=True)
    outcome = page.get_by_role("button", name=OUTCOMES[0], exact=True)
    for _ in range(50):
        box, first = field.bounding_box(), outcome.bounding_box()
        if box["y"] + box["height"] <= first["y"]:
            return
        page.wait_for_timeout(100)
    raise AssertionError((label, box, first))


def test_coordinator_sees_who_has_no_number(app, request):
    with browser_page(request, viewport=DESKTOP) as page:
        login(page, app, "carla")
        go(page, t("nav.page.calls"))
        listing = page.get_by_text(t("calls.ui.no_number", n=1))
        expect(listing).to_be_visible()
        listing.click()
        expect(page.get_by_test_id("stDataFrame").last).to_contain_text("Zora Zondernummer", timeout=15_000)
        click(page, t("calls.ui.to_letter_all", n=1))  # she gets a letter: one action, then a confirmation
        see(page, t("calls.ui.to_letter_confirm", n=1))
        shoot(page, "belronde-no-number-1366", full_page=True)
        click(page, t("calls.ui.to_letter_yes"))
        see(page, t("calls.ui.to_letter_done", n=1))
        go(page, t("nav.page.checkin"))
        search(page, "peeters")
        see(page, t("checkin.ui.shown", shown=checkin.PAGE_SIZE, total=MANY))
        shoot(page, "onthaal-1366")


def search(page: Page, text: str) -> None:
    fill(page, t("checkin.ui.search"), text, enter=True)


@pytest.mark.parametrize("viewport", [TABLET, PHONE], ids=["1024x768", "390x844"])
def test_onthaal_every_match_reachable_and_search_clears(app, request, viewport):
    with browser_page(request, viewport=viewport) as page:
        login(page, app, "carla")
        page.goto(app + "/onthaal")
        wait_ready(page)
        search(page, "peeters")
        see(page, t("checkin.ui.shown", shown=checkin.PAGE_SIZE, total=MANY))
        more = page.get_by_role("button", name=MORE)
        box = more.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300, box  # full width of the main column
        present = page.get_by_role("button", name=PRESENT)
        assert all(b["height"] >= 44 for b in (p.bounding_box() for p in present.all()[:3]))
        shoot(page, f"onthaal-{viewport['width']}")
        more.click()
        wait_ready(page)
        see(page, t("checkin.ui.shown", shown=MANY, total=MANY))
        expect(page.get_by_role("button", name=MORE)).to_have_count(0)
        last = page.get_by_text(re.compile(rf"^Lid{MANY - 2:02d} Peeters$"))
        expect(last).to_have_count(1)
        page.get_by_role("button", name=PRESENT).first.click()
        wait_ready(page)
        # the first "Aanwezig": Jan, or Lid00 once Jan is in (the other viewport ran first)
        marked = re.compile("^" + re.escape(leading("checkin.ui.marked")) + r"(Jan|Lid00) Peeters\.$")
        expect(page.get_by_text(marked)).to_be_visible()
        expect(page.get_by_label(t("checkin.ui.search"), exact=True)).to_have_value("")


def search_has_focus(page: Page) -> None:
    expect(page.get_by_label(t("checkin.ui.search"), exact=True)).to_be_focused()


def test_onthaal_on_a_phone_search_focused_first_present_above_the_fold_namesakes_apart(app, request):
    with browser_page(request, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        login(page, app, "carla")  # a delivery's deletion checklist is pending: no reminder on the desk
        page.goto(app + "/onthaal")
        wait_ready(page)
        search_has_focus(page)  # on opening: type at once
        page.keyboard.type("alain verbeke")
        page.keyboard.press("Enter")
        wait_ready(page)
        expect(page.get_by_text("Alain Verbeke", exact=True)).to_have_count(2)
        for street in TWIN_STREETS:  # what tells them apart: street and year of birth
            expect(page.get_by_text(re.compile(f"^{street} · {re.escape(leading('checkin.born'))}"))).to_have_count(1)
        first = page.get_by_role("button", name=PRESENT).first
        box = first.bounding_box()
        assert box["y"] + box["height"] <= PHONE["height"], box
        shoot(page, "onthaal-namesakes-390")
        page.get_by_role("button", name=PRESENT).nth(1).click()
        wait_ready(page)
        see(page, leading("checkin.ui.marked") + "Alain Verbeke (" + TWIN_STREETS[1])
        search_has_focus(page)  # after the check-in: ready for the next guest


def test_on_a_phone_choosing_a_page_closes_the_sidebar(app, request):
    with browser_page(request, viewport=PHONE, is_mobile=True, has_touch=True) as page:
        login(page, app, "carla")
        sidebar = page.get_by_test_id("stSidebar")
        if sidebar.get_attribute("data-collapsed") != "false":
            page.get_by_role("button", name="Zijbalk tonen").click()
        expect(sidebar).to_have_attribute("data-collapsed", "false")
        page.get_by_test_id("stSidebarNav").get_by_role("link", name=t("nav.page.checkin"), exact=True).click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(page.get_by_role("heading", name=t("checkin.ui.title")).first).to_be_in_viewport()
