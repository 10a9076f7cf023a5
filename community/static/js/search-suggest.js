/* Title autocomplete for search boxes (progressive enhancement; the form works without it).
   Every <input data-suggest-url list="..."> gets the titles matching what is typed in its
   <datalist>, fetched from /search/suggest after a short pause. */
(function () {
  "use strict";
  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    var url = input.getAttribute("data-suggest-url");
    if (!list || !url || !window.fetch) { return; }
    var timer = null, last = "";
    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var q = input.value.trim();
        if (q.length < 2 || q === last) { return; }
        last = q;
        fetch(url + "?q=" + encodeURIComponent(q), {headers: {"Accept": "application/json"},
                                                    credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {items: []}; })
          .then(function (data) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            (data.items || []).forEach(function (item) {
              var option = document.createElement("option");
              option.value = item.title;           /* textContent/value: never parsed as HTML */
              option.label = item.type_label;
              list.appendChild(option);
            });
          })
          .catch(function () { /* suggestions are optional */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-suggest-url][list]").forEach(attach);
})();
