"""Answers in the interface, kept out of the pages so each page calls them in one line.

- `answer_label`, `channel_label`, `help_text`, `answered_text`, `answer_cell`, `details`:
  how an answer, its channel, the help asked (rolstoel; tolk: taal) and its moment
  (dd/mm/jjjj uu:mm, Brussels) read on Ceremonies, Onthaal and Belronde.
- `places_line(store, ceremony)`: the places taken (invitees plus companions) and left.
- `waiting_list(store, user, ceremony_id)`: on Ceremonies, the waiting people (name as
  text, answered when, how many) and "Van de wachtlijst halen" while places allow.
- `by_channel(store, ceremony_id)`: on Overzicht, the answers per channel (counts only).

Names are shown as text only (dataframes, `st.text`), never as Markdown or HTML.
"""

from __future__ import annotations

import streamlit as st

from ceremony.answers import INTERPRETER_LANGUAGES
from ceremony.clock import be_datetime
from ceremony.errors import CeremonyError
from ceremony.invitations import answers, invitee_lists
from ceremony.texts import t
from ceremony.ui import session, widgets
from ceremony.ui.ceremony_widgets import seen_views

_ANSWER = {"komt": "ceremonies.answer.komt", "komt_niet": "ceremonies.answer.komt_niet",
           "misschien": "ceremonies.answer.misschien", "wachtlijst": "answers.status.waiting",
           None: "ceremonies.answer.none"}
_CHANNEL = {"web": "answers.channel.web", "telefoon": "answers.channel.telefoon", "brief": "answers.channel.brief",
            "balie": "answers.channel.balie"}
_SHORT = {"web": "answers.channel_short.web", "telefoon": "answers.channel_short.telefoon",
          "brief": "answers.channel_short.brief", "balie": "answers.channel_short.balie"}


def answer_label(answer: str | None) -> str:
    """Komt / Komt niet / Misschien / Wachtlijst / Nog geen antwoord."""
    return t(_ANSWER.get(answer, "ceremonies.answer.none"))


def channel_label(channel: str | None) -> str:
    """How an answer came in (empty when unknown)."""
    return t(_CHANNEL[channel]) if channel in _CHANNEL else ""


def answer_cell(row: dict) -> str:
    """The answer for a table, with its channel in short and "hulp" when help was asked:
    "Komt · web · hulp" (the whole help is in `details` and on Onthaal; the table keeps
    every column visible at 1366 px)."""
    parts = [answer_label(row.get("answer"))]
    if row.get("answer_channel") in _SHORT:
        parts.append(t(_SHORT[row["answer_channel"]]))
    if help_text(row):
        parts.append(t("answers.ui.help_short"))
    return " · ".join(parts)


def details(row: dict) -> str:
    """One invitation's answer in full: answer, channel, when, companions, help."""
    if not row.get("answer"):
        return answer_label(None)
    text = t("answers.ui.details", answer=answer_label(row["answer"]), n=row["companions"])
    if row.get("answer_channel") in _CHANNEL:
        text += " " + t("answers.ui.details_via", channel=channel_label(row["answer_channel"]).lower(),
                        at=answered_text(row))
    asked = help_text(row)
    return text + (" " + t("answers.ui.help_asked", help=asked) if asked else "")


def help_text(row: dict) -> str:
    """The help asked: "rolstoel; tolk: Arabisch" (empty when none)."""
    parts = [t("answers.help.wheelchair")] if row.get("wheelchair") else []
    if row.get("interpreter") in INTERPRETER_LANGUAGES:
        parts.append(t("answers.help.interpreter", language=t(f"answer_page.language.{row['interpreter']}")))
    return "; ".join(parts)


def answered_text(row: dict) -> str:
    """When the answer came in, the Belgian way (empty when unknown)."""
    return be_datetime(row.get("answered_at")) if row.get("answered_at") else ""


def places_line(store, ceremony: dict) -> None:
    """Places taken by invitees plus companions, and how many are left (with a capacity)."""
    held = answers.places_held(store, ceremony["id"])
    left = answers.places_left(store, ceremony["id"])
    if left is None:
        st.write(t("answers.ui.places_unlimited", held=held))
        return
    st.write(t("answers.ui.places", held=held, capacity=ceremony["capacity"], left=left))
    if held > ceremony["capacity"]:
        st.warning(t("ceremonies.ui.over_capacity", n=held, capacity=ceremony["capacity"]))


def waiting_list(store, user, ceremony_id: int) -> None:
    """The waiting list in the order people answered, and taking one person off it."""
    told = st.session_state.pop("wait_notice", None)
    if told:
        (st.success if told[0] == "sent" else st.warning)(told[1])
    rows = answers.waiting_rows(store, ceremony_id)
    if not rows:
        return
    st.subheader(t("answers.ui.waiting_header"), anchor=False)
    left = answers.places_left(store, ceremony_id)
    shown = invitee_lists.named_rows(store, user, rows, "ceremony.invitees_view", ceremony_id, seen_views(),
                                   invitee_lists.invitees_scope(ceremony_id))
    shown.sort(key=lambda r: (r["answered_at"] or "", r["id"]))
    widgets.table([{
        t("ceremonies.ui.col.name"): f"{r['first_name']} {r['last_name']}",
        t("answers.ui.col.answered_at"): answered_text(r),
        t("answers.ui.col.people"): 1 + r["companions"],
    } for r in shown], widths={t("ceremonies.ui.col.name"): 180})
    labels = {r["id"]: f"{r['first_name']} {r['last_name']}" for r in shown}
    picked = st.selectbox(t("answers.ui.waiting_pick"), list(labels), format_func=labels.get, key="wait_pick")
    if left is not None:
        st.caption(t("answers.ui.waiting_places", n=left) if left else t("answers.ui.waiting_full"))
    if st.button(t("answers.ui.take_off"), key="wait_take_off", disabled=picked is None):
        try:
            notice = answers.take_off_waiting_list(store, user, picked)
        except CeremonyError as exc:
            session.show_error(exc)
            return
        st.session_state["wait_notice"] = (notice.status, notice.text)
        st.rerun()


def by_channel(store, ceremony_id: int | None) -> None:
    """The answers per channel as a small table (counts only)."""
    counts = answers.channel_counts(store, ceremony_id)
    st.header(t("answers.ui.by_channel"), anchor=False)
    st.caption(t("answers.ui.by_channel_caption"))
    widgets.table([{t("answers.ui.col.channel"): channel_label(c), t("answers.ui.col.count"): n}
                   for c, n in counts.items()], width="content")
