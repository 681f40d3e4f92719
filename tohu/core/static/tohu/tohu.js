/* Tohu: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  // A "Copy" button next to text the person needs to copy (a new API key).
  // The button is hidden until this script shows it, since it needs the clipboard API.
  function enableCopyButtons() {
    if (!navigator.clipboard) {
      return;
    }
    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy-target"));
      var status = document.getElementById(button.getAttribute("data-copy-status"));
      if (!source) {
        return;
      }
      button.hidden = false;
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.textContent.trim()).then(
          function () {
            if (status) {
              status.textContent = "Copied.";
            }
          },
          function () {
            if (status) {
              status.textContent = "Could not copy: select the key and copy it yourself.";
            }
          }
        );
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enableCopyButtons();
  });
})();
