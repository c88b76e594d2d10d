// The practice page's clock: it only shows the time left until the server's deadline (read
// from data-deadline). When the time is up it reloads, and the server ends the attempt.
(function () {
  "use strict";

  function show(clock) {
    const left = Math.max(0, Date.parse(clock.dataset.deadline) - Date.now());
    const minutes = Math.floor(left / 60000);
    const seconds = Math.floor((left % 60000) / 1000);
    clock.textContent = minutes + ":" + String(seconds).padStart(2, "0") + " left";
    return left;
  }

  function tick() {
    const clock = document.querySelector("[data-deadline]");
    if (!clock) return;
    if (show(clock) === 0 && !tick.reloading) {
      tick.reloading = true;
      window.location.reload();
    }
  }

  setInterval(tick, 1000);
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSwap", tick);
})();
