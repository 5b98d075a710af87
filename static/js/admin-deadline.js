// As an officer types a deadline ("fourth quarter of 2002"), say what it will be stored as ("Q4 2002 → 31 Dec
// 2002") in the live region next to the field, read by the server's one reader of typed deadlines.
(function () {
  "use strict";
  var timers = new WeakMap();

  function explain(input) {
    var output = document.getElementById(input.id + "_understood");
    if (!output) return;
    var url = input.getAttribute("data-deadline-preview") + "?text=" + encodeURIComponent(input.value);
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (answer) {
        output.textContent = answer.understood || answer.error || "";
        output.classList.toggle("rcm-deadline-unreadable", Boolean(answer.error));
      })
      .catch(function () { output.textContent = ""; });
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-deadline-preview]")) return;
    clearTimeout(timers.get(input));
    timers.set(input, setTimeout(function () { explain(input); }, 250));
  });
})();
