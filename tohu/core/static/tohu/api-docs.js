/* Swagger UI draws its server chooser without a label; give it one once it appears. */
(function () {
  "use strict";
  function label() {
    var select = document.getElementById("servers");
    if (select && !select.hasAttribute("aria-label")) {
      select.setAttribute("aria-label", "Server");
    }
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();
