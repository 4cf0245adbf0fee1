// Streamlit's own interface in Dutch (nl-BE), for sighted users and screen readers alike.
//
// Served as /auth/nl-BE.js (ceremony/ui/server/localisation.py puts the dictionary
// nl-BE.json in front of this file as `NL_BE`) and loaded by the page shell with a
// <script defer> tag. It holds no data: it only rewrites Streamlit's English interface
// texts and aria-label/title/placeholder attributes, hides the English names of icons
// ("call icon", "add icon") from screen readers, and fixes the sidebar menu's list
// semantics, whenever React adds or changes them (MutationObserver).
/* global NL_BE */
(function () {
  "use strict";
  // Streamlit gives its date and time pickers (React Aria) the browser's language,
  // navigator.language: the Belgian calendar for every browser instead (Monday first,
  // Dutch month and day names, 24-hour clock). This script runs before Streamlit's (the
  // first deferred script in <head>). Number formats follow navigator.languages, untouched.
  try {
    Object.defineProperty(navigator, "language", { value: "nl-BE", configurable: true });
  } catch (e) {
    // the calendar keeps the browser's week; the headers below still follow the dates
  }
  var TEXT = NL_BE.text;
  var CALENDAR = NL_BE.calendar;
  var ROLES = NL_BE.roledescription;
  var PATTERNS = NL_BE.patterns.map(function (p) {
    return { re: new RegExp(p[0]), to: p[1], calendar: p[2] === "calendar" };
  });
  var ATTRIBUTES = ["aria-label", "title", "placeholder", "aria-placeholder", "aria-valuetext", "alt"];
  // the app's own texts (Markdown, text, code): never rewritten ...
  var CONTENT = '[data-testid="stMarkdownContainer"], [data-testid="stText"], [data-testid="stCode"]';
  // ... except Streamlit's own labels drawn as Markdown (the uploader's button)
  var CHROME = '[data-testid="stFileUploaderDropzone"] button';
  // options and chosen values may be names (May, Sun): only whole English phrases there
  var OPTIONS = '[role="option"], [role="listbox"], [data-baseweb="select"], [data-baseweb="popover"]';
  // the date picker, and the date field's segments (the year's placeholder "yyyy")
  var CALENDAR_AREA = '[data-testid="stDateInputCalendar"], [data-testid$="Calendar"], [data-baseweb="calendar"], [role="spinbutton"]';
  // an icon's English name: "call icon" (aria-label of a Markdown icon), "add icon" (hidden text)
  var ICON_NAME = /^[a-z0-9_]+ icon$/;
  var own = Object.prototype.hasOwnProperty;

  function calendarWords(value) {
    return value.replace(/[A-Za-z]+/g, function (word) {
      return own.call(CALENDAR, word) ? CALENDAR[word] : word;
    });
  }

  function translate(value, inCalendar) {
    var key = value.trim();
    if (!key) return null;
    var out = null;
    if (own.call(TEXT, key)) out = TEXT[key];
    else if (inCalendar && own.call(CALENDAR, key)) out = CALENDAR[key];
    else {
      for (var i = 0; i < PATTERNS.length; i++) {
        var p = PATTERNS[i];
        if (p.re.test(key)) {
          out = key.replace(p.re, p.to);
          if (p.calendar) out = calendarWords(out);
          break;
        }
      }
    }
    // the date picker's day cells: "Today, Sunday, November 29, 2026 selected"
    if (out === null && inCalendar) out = calendarWords(key);
    if (out === null || out === key) return null;
    return value.replace(key, out);
  }

  function inside(el, selector) {
    return !!(el && el.closest && el.closest(selector));
  }

  function fixText(node) {
    var parent = node.parentElement;
    if (!parent || parent.closest("script, style")) return;
    if (inside(parent, CONTENT) && !inside(parent, CHROME)) return;
    var inCalendar = inside(parent, CALENDAR_AREA);
    var key = node.nodeValue.trim();
    // an icon's name as hidden text inside a button that has its own (Dutch) name
    if (ICON_NAME.test(key) && parent.textContent.trim() === key) {
      parent.setAttribute("aria-hidden", "true");
      return;
    }
    if (!inCalendar && inside(parent, OPTIONS) && key.indexOf(" ") < 0) return;
    var next = translate(node.nodeValue, inCalendar);
    if (next !== null) node.nodeValue = next;
  }

  // An icon drawn from Markdown (":material/call:") is an image named "call icon": it is
  // decoration next to its text, so screen readers skip it (its ligature too).
  function hideIcon(el) {
    if (el.getAttribute("role") !== "img" || !ICON_NAME.test(el.getAttribute("aria-label") || "")) return false;
    el.removeAttribute("role");
    el.removeAttribute("aria-label");
    el.setAttribute("aria-hidden", "true");
    return true;
  }

  function fixAttributes(el) {
    if (hideIcon(el)) return;
    var inCalendar = inside(el, CALENDAR_AREA);
    for (var i = 0; i < ATTRIBUTES.length; i++) {
      var value = el.getAttribute(ATTRIBUTES[i]);
      if (value) {
        var next = translate(value, inCalendar);
        if (next !== null) el.setAttribute(ATTRIBUTES[i], next);
      }
    }
    var role = el.getAttribute("aria-roledescription");
    if (role && own.call(ROLES, role)) el.setAttribute("aria-roledescription", ROLES[role]);
  }

  // The sidebar menu is <ul> > <div> (a section: header + <li>s): the list says it is
  // one and the section wrappers become presentational, so that the list holds its
  // items (axe: list, listitem).
  function fixLists(root) {
    var lists = root.querySelectorAll ? root.querySelectorAll('[data-testid="stSidebarNavItems"]') : [];
    for (var i = 0; i < lists.length; i++) {
      if (lists[i].getAttribute("role") !== "list") lists[i].setAttribute("role", "list");
      var children = lists[i].children;
      for (var j = 0; j < children.length; j++) {
        if (children[j].tagName !== "LI" && children[j].getAttribute("role") !== "none") {
          children[j].setAttribute("role", "none");
        }
      }
    }
  }

  // The date picker's weekday headers. React Aria draws one letter per column ("S", "M")
  // and lays out the weeks by the language (Sunday first in en-US; the language set above
  // makes it Monday). Each header gets the Dutch name of the weekday of the dates below
  // it, read from a day cell's aria-label, so it never stands above another weekday.
  var WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"];
  var WEEKDAY_NAMES = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"];
  function columnWeekday(table, column) {
    var rows = table.tBodies.length ? table.tBodies[0].rows : [];
    for (var i = 0; i < rows.length; i++) {
      var cell = rows[i].cells[column];
      var labelled = cell && (cell.querySelector("[aria-label]") || cell);
      var words = calendarWords(labelled ? labelled.getAttribute("aria-label") || "" : "").toLowerCase().split(/[^a-z]+/);
      for (var j = 0; j < words.length; j++) {
        var day = WEEKDAY_NAMES.indexOf(words[j]);
        if (day >= 0) return day;
      }
    }
    return -1;
  }
  function fixWeekdays(root) {
    var grid = 'table[role="grid"]';
    var tables = root.querySelectorAll ? Array.prototype.slice.call(root.querySelectorAll(grid)) : [];
    if (root.matches && root.matches(grid)) tables.push(root);
    for (var t = 0; t < tables.length; t++) {
      var heads = tables[t].querySelectorAll("thead th");
      for (var i = 0; i < heads.length; i++) {
        var th = heads[i];
        var day = columnWeekday(tables[t], th.cellIndex);
        if (day < 0 || th.textContent === WEEKDAYS[day]) continue;
        th.textContent = WEEKDAYS[day];
        th.setAttribute("abbr", WEEKDAY_NAMES[day]);
        th.setAttribute("aria-label", WEEKDAY_NAMES[day]);
      }
    }
  }

  function walk(root) {
    if (root.nodeType === Node.TEXT_NODE) return fixText(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    fixAttributes(root);
    var elements = root.querySelectorAll("[aria-label], [title], [placeholder], [aria-placeholder], [aria-valuetext], [alt], [aria-roledescription]");
    for (var i = 0; i < elements.length; i++) fixAttributes(elements[i]);
    var texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var node;
    while ((node = texts.nextNode())) fixText(node);
    fixLists(root.parentElement || root);
    fixWeekdays(root);
  }

  var observer = new MutationObserver(function (mutations) {
    for (var i = 0; i < mutations.length; i++) {
      var m = mutations[i];
      if (m.type === "characterData") fixText(m.target);
      else if (m.type === "attributes") {
        fixAttributes(m.target);
      } else {
        for (var j = 0; j < m.addedNodes.length; j++) walk(m.addedNodes[j]);
        if (m.target.matches && m.target.matches('[data-testid="stSidebarNavItems"]')) fixLists(m.target.parentElement);
      }
    }
  });

  function start() {
    walk(document.body);
    observer.observe(document.body, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: ATTRIBUTES.concat(["aria-roledescription"]),
    });
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
