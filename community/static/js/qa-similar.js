// "Similar questions" while typing a question's title (progressive enhancement: the
// form works without it). Asks /qa/similar?q=... and lists the titles as links.
(function () {
  "use strict";
  var box = document.getElementById("similar-questions");
  var input = document.querySelector("input[data-similar]");
  if (!box || !input || !window.fetch) { return; }
  var timer = null;
  var last = "";

  function render(items) {
    box.textContent = "";
    if (!items.length) { box.hidden = true; return; }
    var heading = document.createElement("p");
    heading.className = "similar-heading";
    heading.textContent = box.getAttribute("data-heading");
    var list = document.createElement("ul");
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(heading);
    box.appendChild(list);
    box.hidden = false;
  }

  function lookup() {
    var text = input.value.trim();
    if (text === last) { return; }
    last = text;
    if (text.length < 3) { render([]); return; }
    var url = box.getAttribute("data-url") + "?q=" + encodeURIComponent(text);
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (resp) { return resp.ok ? resp.json() : { items: [] }; })
      .then(function (data) { if (input.value.trim() === text) { render(data.items || []); } })
      .catch(function () { render([]); });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(lookup, 250);
  });
})();
