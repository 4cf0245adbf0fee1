"""Bewaring: purge dates per delivery, purge history and early deletion (no personal data)."""

import streamlit as st

from ceremony import permissions, retention
from ceremony.clock import be_date, be_datetime
from ceremony.errors import CeremonyError
from ceremony.plain import plain
from ceremony.texts import CATALOGUE, t
from ceremony.ui import session, widgets
from ceremony.ui.ceremony_widgets import show_flash

store, user = session.guard("retention.view")
st.title(t("retention.ui.title"), anchor=False)

show_flash("retention_flash")

st.write(
    t(
        "retention.ui.intro",
        receipt=store.setting("retention_days_after_receipt"),
        ceremony=store.setting("retention_days_after_ceremony"),
    )
)


def who(actor: str, trigger: str) -> str:
    """How a purge was started, in words (an unknown trigger shows the actor)."""
    name = actor.split(":", 1)[-1]
    key = f"retention.ui.by.{trigger}"
    return t(key, actor=name) if key in CATALOGUE else name


def status_text(row: dict) -> str:
    """"bewaard", or "verwijderd (reason)"."""
    text = t(f"retention.ui.status.{row['status']}")
    reason = f"retention.ui.reason.{row['purge_reason']}"
    return f"{text} ({t(reason)})" if reason in CATALOGUE else text


upcoming = retention.next_purge(store)
st.info(t("retention.ui.next", date=be_date(upcoming)) if upcoming else t("retention.ui.next_none"))
checked = retention.last_check(store)
if checked:
    st.caption(
        plain(t("retention.ui.last_check", at=be_datetime(checked["at"]), who=who(checked["actor"], checked["trigger"])))
    )
else:
    st.caption(t("retention.ui.never_checked"))

st.header(t("retention.ui.deliveries"), anchor=False)
overview = retention.delivery_overview(store)
if overview:
    widgets.table(
        [
            {
                t("retention.ui.col.id"): f"#{d['id']}",
                t("retention.ui.col.received"): be_date(d["received_date"]),
                t("retention.ui.col.status"): status_text(d),
                t("retention.ui.col.rows"): d["received"],
                t("retention.ui.col.stored"): d["stored_now"],
                t("retention.ui.col.purged"): d["purged"],
                t("retention.ui.col.first_purge"): be_date(d["first_purge_date"]),
                t("retention.ui.col.purge_date"): be_date(d["purge_date"]),
                t("retention.ui.col.purged_at"): be_date(d["purged_at"]),
            }
            for d in overview
        ],
        tips={t(f"retention.ui.col.{c}"): t(f"retention.ui.tip.{c}")
              for c in ("rows", "stored", "purged", "first_purge", "purge_date", "purged_at")},
    )
else:
    st.caption(t("retention.ui.no_deliveries"))

st.header(t("retention.ui.history"), anchor=False)
history = retention.purge_history(store)
if history:
    widgets.table(
        [
            {
                t("retention.ui.col.at"): be_datetime(h["at"]),
                t("retention.ui.col.by"): who(h["actor"], h["trigger"]),
                t("retention.ui.col.as_of"): be_date(h["as_of"]),
                t("retention.ui.col.people"): h["purged_people"],
                t("retention.ui.col.deliveries"): h["purged_deliveries"],
            }
            for h in history
        ]
    )
else:
    st.caption(t("retention.ui.no_history"))

st.header(t("retention.ui.early"), anchor=False)
if not permissions.can(user.role, "retention.delete"):
    st.caption(t("retention.ui.read_only"))
    st.stop()

active = [d for d in overview if d["status"] == "active"]
if not active:
    st.caption(t("retention.ui.no_active"))
    st.stop()

st.write(t("retention.ui.early_intro"))
labels = {
    d["id"]: t("retention.ui.pick_label", id=d["id"], date=be_date(d["received_date"]), people=t("views.n.people", n=d["stored_now"]))
    for d in active
}
chosen = st.selectbox(t("retention.ui.pick"), list(labels), format_func=labels.get, key="retention_pick")
try:
    loss = retention.delivery_loss(store, chosen)
    st.warning(t(
        "retention.ui.loss",
        people=t("views.n.people", n=loss["people"]),
        invitations=t("views.n.invitations", n=loss["invitations"]),
        calls=t("views.n.calls", n=loss["calls"]),
    ), icon=":material/warning:")
except CeremonyError as exc:
    session.show_error(exc)
    st.stop()


@session.safe_callback
def delete_early(delivery_id: int) -> None:
    """Delete the chosen delivery if the typed number matches. Runs before the next run draws
    the page, so the confirmation field can be emptied: the next delivery in the list is
    never shown with the number still typed in."""
    try:
        acting = session.current_user(store)  # the domain refuses anyone without the right
        result = retention.delete_delivery(store, acting, delivery_id, st.session_state.get("retention_confirm", ""))
    except CeremonyError as exc:
        st.session_state["retention_error"] = str(exc)
        return
    message = t("retention.ui.deleted", id=delivery_id, people=t("views.n.people", n=result.purged_people))
    if not result.compacted:
        message += " " + t("retention.not_compacted")
    st.session_state["retention_flash"] = message
    st.session_state["retention_confirm"] = ""


st.text_input(t("retention.ui.confirm", id=chosen), key="retention_confirm")
st.button(t("retention.ui.delete"), type="primary", key="retention_delete", icon=":material/delete_forever:",
          on_click=delete_early, args=(chosen,))
show_flash("retention_error")
