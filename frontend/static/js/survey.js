// The survey page works without this script. With it, the page tells the
// server that it was opened, and saves a rating pre-selected from the email
// at once as a provisional answer: kept, and counted once the form is sent.
(function () {
  "use strict";
  var form = document.getElementById("survey");
  if (!form || !window.fetch || !window.URLSearchParams) {
    return;
  }
  var button = form.querySelector("button[type=submit]");
  var provisional = form.getAttribute("data-provisional") === "true";

  function post(intent) {
    var body = new URLSearchParams(new FormData(form));
    body.set("intent", intent);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" }
    }).then(function (res) {
      return res.ok ? res.json() : null;
    });
  }

  button.disabled = true;
  post(provisional ? "save" : "open")
    .then(function (res) {
      if (!res) {
        return;
      }
      form.elements.form_token.value = res.form_token;
      if (provisional) {
        var saved = document.getElementById("saved");
        saved.textContent = saved.getAttribute("data-saved");
      }
    })
    .catch(function () {})
    .then(function () {
      button.disabled = false;
    });
})();
