// Progressive enhancement of "Ask about this article": the form works without this
// file (a normal GET renders the page with the answer). With it, the same GET is sent
// in the background and only the answer block is swapped in place. No inline script:
// the CSP forbids it.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form.ask-form");
  if (!form || !window.fetch || !window.DOMParser) return;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var current = document.getElementById("answer");
    var button = form.querySelector("button");
    if (button) button.disabled = true;
    if (current) current.setAttribute("aria-busy", "true");
    var url = new URL(form.action);
    url.hash = "";
    url.search = new URLSearchParams(new FormData(form)).toString();
    fetch(url.toString(), {
      method: "GET",
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("answer");
        if (fresh && current) current.replaceWith(document.importNode(fresh, true));
      })
      .catch(function () { form.submit(); })
      .finally(function () { if (button) button.disabled = false; });
  });
});
