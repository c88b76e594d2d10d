// Keyboard shortcuts for the review page. Every shortcut clicks a real button, so the page
// behaves the same with the keyboard, the mouse and without this script.
// A button opts in with data-key="<key>" ("ctrl+1" for a chord); Space and Enter press the
// button marked data-default.
(function () {
  "use strict";

  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable]") !== null;
  }

  function onKey(event) {
    if (event.defaultPrevented || event.repeat) return;
    // Ctrl+1…4 are Anki's flags; every other chord belongs to the browser.
    const flagChord = event.ctrlKey && !event.metaKey && !event.altKey && /^[1-4]$/.test(event.key);
    if ((event.ctrlKey || event.metaKey || event.altKey) && !flagChord) return;
    if (isTyping(event.target)) return;
    const review = document.getElementById("review");
    if (!review) return;

    let button = null;
    if (event.key === " " || event.key === "Enter") {
      // A focused button already answers to Space and Enter by itself.
      if (event.target.closest("button, a, summary")) return;
      button = review.querySelector("[data-default]");
      if (!button) {
        // A trap's front has no answer to show: move to its verdict buttons instead, as a
        // group. Focusing the first button would make the next Space (the learner's habit:
        // show, then accept) pick that verdict for them.
        const verdicts = review.querySelector(".verdicts");
        if (verdicts) {
          event.preventDefault();
          verdicts.setAttribute("tabindex", "-1");
          verdicts.focus();
        }
        return;
      }
    } else {
      const key = (flagChord ? "ctrl+" : "") + event.key.toLowerCase();
      button = review.querySelector('[data-key="' + CSS.escape(key) + '"]');
    }
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
      // A <summary> opens its form (report a problem): go to its first field.
      if (button.tagName === "SUMMARY" && button.parentElement.open) {
        const field = button.parentElement.querySelector("input:not([type=hidden]), textarea");
        if (field) field.focus();
      }
    }
  }

  // A double click is one click here: its second click would land on whatever the first one
  // swapped in (the next card's "Show answer"), before the learner has seen it.
  document.addEventListener(
    "click",
    function (event) {
      if (event.detail > 1 && event.target.closest("#review button")) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true,
  );

  // Listen only once htmx has wired up the page: a key pressed in between would submit the
  // form as a plain POST, and a reload of that page would post it again. Without htmx the
  // forms are plain ones anyway.
  let listening = false;
  function listen() {
    if (listening) return;
    listening = true;
    document.addEventListener("keydown", onKey);
    document.documentElement.dataset.keysReady = "true";  // for tests and styles
    // The shortcut help is hidden in the page until the shortcuts work (no-JS honesty).
    for (const help of document.querySelectorAll("[data-shortcut-help]")) help.hidden = false;
  }
  if (window.htmx) {
    window.htmx.onLoad(listen);
  } else {
    document.addEventListener("DOMContentLoaded", listen);
  }

  // After a card is swapped in, put the focus on its default button (or the card), so that
  // Space and Enter keep working and screen readers land on the new card.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.id !== "review") return;
    const target = event.target.querySelector("[data-default]") ||
      event.target.querySelector('[role="region"]');
    if (target) {
      if (!target.hasAttribute("tabindex") && target.tagName !== "BUTTON") {
        target.setAttribute("tabindex", "-1");
      }
      target.focus({ preventScroll: true });
    }
  });
})();
