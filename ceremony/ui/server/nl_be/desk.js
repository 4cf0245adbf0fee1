// Staff ergonomics that Streamlit's Python API cannot express (issue 13). Static, no data.
// - Belronde: when a new call card appears, keyboard focus moves to its first outcome
//   button (the previous button vanished with the previous card, so focus fell to <body>).
// - On a phone, choosing a page in the sidebar closes the sidebar so the page is visible.
(function () {
  "use strict";
  var lastCard = null;

  function focusNewCard() {
    var card = document.querySelector('[class*="st-key-call_card_"]');
    if (!card) { lastCard = null; return; }
    var key = Array.prototype.find.call(card.classList, function (c) { return c.indexOf("st-key-call_card_") === 0; });
    if (key === lastCard) { return; }
    var first = card.querySelector('[class*="st-key-out_"] button');
    if (!first) { return; }
    var active = document.activeElement;
    // never take focus from someone typing elsewhere
    if (active && active !== document.body && !card.contains(active) && active.closest && !active.closest('[class*="st-key-call_"]')) {
      lastCard = key;
      return;
    }
    lastCard = key;
    first.focus();
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

  function start() {
    new MutationObserver(focusNewCard).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("click", closeSidebarOnPhone, true);
    focusNewCard();
  }
  if (document.body) { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
