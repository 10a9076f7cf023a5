/* Post form preview (progressive enhancement). Without JavaScript the "Preview" button
   submits the form and the server renders it again with the preview. With JavaScript the
   same sanitised HTML comes from POST /posts/preview and is shown without a reload.
   The HTML is produced by the server's sanitiser (community/text.py), never built here. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-preview-url]");
  if (!form || !window.fetch) { return; }
  var button = form.querySelector(".preview-button");
  var body = form.querySelector("textarea[name=body]");
  var section = form.querySelector(".post-preview");
  var target = section && section.querySelector(".preview-body");
  var token = form.querySelector("input[name=csrf_token]");
  if (!button || !body || !section || !target || !token) { return; }

  button.addEventListener("click", function (event) {
    event.preventDefault();
    var data = new FormData();
    data.append("body", body.value);
    button.disabled = true;
    fetch(form.getAttribute("data-preview-url"), {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token.value, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (json) { return { ok: response.ok, json: json }; });
    }).then(function (result) {
      if (result.ok) {
        target.innerHTML = result.json.html;  /* sanitised by the server */
      } else {
        target.textContent = result.json.message || "";
      }
      section.hidden = false;
      section.focus();
    }).catch(function () {
      form.requestSubmit ? form.requestSubmit(button) : form.submit();
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
