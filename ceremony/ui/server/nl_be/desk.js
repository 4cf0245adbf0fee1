// Staff ergonomics that Streamlit's Python API cannot express. Static, no data.
// - Belronde: when a new call card appears, keyboard focus moves to its number (the heading
//   holding the tel: link), never to an outcome: Enter pressed again saves nothing, an
//   outcome is a deliberate choice a few Tab presses further (note, companions, outcomes).
// - Onthaal: the search box has the focus when the page opens and again after each
//   check-in, ready for the next guest.
// - On a phone, choosing a page in the sidebar closes the sidebar so the page is visible.
(function () {
  "use strict";
  var lastCard = null;
  var lastSearch = null;
  var searchAfterCheckIn = false;

  function nobodyTyping(inside) {
    // focus on nothing (the pressed button vanished) or inside the given desk part
    var active = document.activeElement;
    return !active || active === document.body || (inside && active.closest && active.closest(inside));
  }

  function focusNewCard() {
    var card = document.querySelector('[class*="st-key-call_card_"]');
    if (!card) { lastCard = null; return; }
    var key = Array.prototype.find.call(card.classList, function (c) { return c.indexOf("st-key-call_card_") === 0; });
    if (key === lastCard) { return; }
    var number = card.querySelector('[class*="st-key-call_number"]');
    if (!number) { return; }
    lastCard = key;
    // never take focus from someone typing elsewhere
    if (!nobodyTyping('[class*="st-key-call_"]')) { return; }
    number.setAttribute("tabindex", "-1");
    number.focus();
  }

  function focusSearch() {
    var input = document.querySelector('[class*="st-key-ci_query"] input');
    if (!input) { lastSearch = null; return; }
    var fresh = input !== lastSearch;
    lastSearch = input;
    if ((fresh || (searchAfterCheckIn && input.value === "")) && nobodyTyping('[class*="st-key-ci_"]')) {
      searchAfterCheckIn = false;
      input.focus();
    }
  }

  function noteCheckIn(event) {
    var button = event.target.closest && event.target.closest('[class*="st-key-ci_in_"], [class*="st-key-ci_walk_"]');
    if (!button) { return; }
    searchAfterCheckIn = true;
    // React empties the search box without a DOM mutation the observer would see: look
    // again for a few seconds until the page has drawn the emptied box
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      focusSearch();
      if (!searchAfterCheckIn || tries > 50) { window.clearInterval(timer); }
    }, 100);
  }

  function closeSidebarOnPhone(event) {
    if (window.innerWidth > 640) { return; }
    var link = event.target.closest && event.target.closest('[data-testid="stSidebarNav"] a');
    if (!link) { return; }
    window.setTimeout(function () {
      var button = document.querySelector('[data-testid="stSidebarCollapseButton"] button, [data-testid="stSidebar"] [data-testid="baseButton-headerNoPadding"]');
      var sidebar = document.querySelector('[data-testid="stSidebar"]');
      if (button && sidebar && sidebar.getAttribute("data-collapsed") !== "true") { button.click(); }
    }, 150);
  }

  function onChange() {
    focusNewCard();
    focusSearch();
  }

  function start() {
    new MutationObserver(onChange).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("click", closeSidebarOnPhone, true);
    document.addEventListener("click", noteCheckIn, true);
    onChange();
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
