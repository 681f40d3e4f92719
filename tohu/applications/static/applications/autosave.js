/* The draft form saves itself. Every change is kept in this browser until the server has saved
   it, so nothing typed is lost on a reload, a lost connection or an ended session; invalid
   values stay in the form with their error beside them while the rest is saved.
   Without this script the form still works: "Save the draft" posts it. */
(function () {
  "use strict";

  var form = document.getElementById("draft-form");
  if (!form || !window.fetch || !window.FormData || !window.DOMParser) {
    return;
  }
  var status = document.getElementById("save-status");
  var key = "tohu-draft-" + form.getAttribute("data-application");
  var pending = load();
  var timer = null;
  var retry = null;
  var busy = false;
  var again = false;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (error) {
      return {};
    }
  }

  function store() {
    try {
      if (Object.keys(pending).length) {
        window.localStorage.setItem(key, JSON.stringify(pending));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (error) {
      /* private browsing: the server copy is all there is */
    }
  }

  function valueOf(element) {
    return element.type === "checkbox" ? element.checked : element.value;
  }

  function say(text, kind, link) {
    status.textContent = text;
    if (link) {
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.target = "_blank";
      anchor.rel = "noopener";
      anchor.textContent = link.text;
      status.appendChild(document.createTextNode(" "));
      status.appendChild(anchor);
    }
    status.className = "save-status save-status--" + kind;
  }

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|; )csrftoken=([^;]*)/);
    return match ? decodeURIComponent(match[1]) : form.elements.csrfmiddlewaretoken.value;
  }

  function remember(event) {
    var element = event.target;
    if (!element.name || element.name === "csrfmiddlewaretoken" || element.name === "edit_version") {
      return;
    }
    pending[element.name] = valueOf(element);
    store();
    say("Changes not saved yet…", "pending");
    window.clearTimeout(timer);
    timer = window.setTimeout(save, event.type === "change" ? 200 : 1500);
  }

  function later(text, link) {
    say(text, "error", link);
    window.clearTimeout(retry);
    retry = window.setTimeout(save, 10000);
  }

  function save() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    window.clearTimeout(timer);
    window.clearTimeout(retry);
    var sent = JSON.parse(JSON.stringify(pending));
    var data = new FormData(form);
    data.delete("csrfmiddlewaretoken");
    say("Saving…", "pending");
    fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() }
    })
      .then(
        function (response) {
          if (response.status === 401 || response.status === 403 || response.type === "opaqueredirect") {
            later(
              "Not saved: you are signed out. What you typed is kept in this browser and saves " +
                "here as soon as you are signed in again.",
              { href: form.getAttribute("data-sign-in"), text: "Sign in (opens a new tab)" }
            );
            return null;
          }
          if (response.status === 409) {
            return response.text().then(function (text) {
              say(text, "error");
            });
          }
          if (!response.ok) {
            later("Not saved: the server answered " + response.status + ". What you typed is kept " +
              "in this browser; trying again shortly.");
            return null;
          }
          return response.text().then(function (html) {
            applied(html, sent);
          });
        },
        function () {
          later("Not saved: no connection. What you typed is kept in this browser and saves " +
            "when the connection is back.");
        }
      )
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function applied(html, sent) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var answerStatus = answer.getElementById("save-status");
    Array.prototype.forEach.call(answer.body.children, function (element) {
      var here = element.id && element.id !== "save-status" && document.getElementById(element.id);
      if (here) {
        here.replaceWith(document.importNode(element, true));
      }
    });
    var invalid = (answerStatus.getAttribute("data-invalid") || "").split(" ").filter(Boolean);
    var conflict = answerStatus.getAttribute("data-conflict");
    if (!conflict) {
      Object.keys(sent).forEach(function (name) {
        if (invalid.indexOf(name) === -1 && pending[name] === sent[name]) {
          delete pending[name];
        }
      });
      store();
    }
    Array.prototype.forEach.call(form.querySelectorAll(".field-errors"), function (slot) {
      var input = form.elements.namedItem(slot.getAttribute("data-field"));
      if (input && input.setAttribute) {
        if (slot.textContent.trim()) {
          input.setAttribute("aria-invalid", "true");
          input.setAttribute("aria-describedby", slot.id);
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
    });
    status.innerHTML = answerStatus.innerHTML;
    status.className = "save-status save-status--" + (conflict || invalid.length ? "error" : "saved");
  }

  form.addEventListener("input", remember);
  form.addEventListener("change", remember);
  window.addEventListener("online", save);

  // what was typed here and not saved comes back into the form, and is saved
  var restored = 0;
  Object.keys(pending).forEach(function (name) {
    var element = form.elements.namedItem(name);
    if (!element || !element.name) {
      delete pending[name];
      return;
    }
    if (valueOf(element) !== pending[name]) {
      if (element.type === "checkbox") {
        element.checked = Boolean(pending[name]);
      } else {
        element.value = pending[name];
      }
      restored += 1;
    } else {
      delete pending[name];
    }
  });
  store();
  if (restored) {
    say(plural(restored, "change", "changes") + " typed in this browser and not yet saved " +
      (restored === 1 ? "was" : "were") + " put back; saving…", "pending");
    save();
  }
})();
