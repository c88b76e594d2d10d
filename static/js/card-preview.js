// The admin's card preview: each side is a frame (srcdoc) that grows to its card's height, so
// the card shows whole without a scroll bar. A script file, not an onload="" attribute, because
// the Content-Security-Policy runs no inline handlers.
(function () {
  "use strict";

  function fit(frame) {
    const inner = frame.contentDocument;
    if (inner && inner.documentElement) {
      frame.style.height = inner.documentElement.scrollHeight + "px";
    }
  }

  function wire() {
    document.querySelectorAll("iframe.card-preview-frame").forEach(function (frame) {
      frame.addEventListener("load", function () {
        fit(frame);
      });
      fit(frame); // it may have loaded already
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", wire);
  } else {
    wire();
  }
})();
