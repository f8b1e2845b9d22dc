/* «Mente du …?» / "Did you mean …?" under the search box: when the search worker corrected a
 * misspelt word (docs/assets/javascripts/workers/handbook-search.js), it says so on the
 * BroadcastChannel "handbook-search" as {query, suggestion}; this script shows the suggestion for
 * the query in the box (a message about another query, or from another tab, is ignored) as a
 * button that puts it in the box and searches again. The results already follow the corrected
 * words; nothing leaves the browser.
 */
(function () {
  "use strict";
  var TEXT = { nb: ["Mente du ", "?"], en: ["Did you mean ", "?"] };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var box = document.querySelector("[data-md-component=search-query]");
  var hint = document.querySelector(".ekh-suggest");
  if (!box || !hint || typeof BroadcastChannel !== "function") return;

  function show(text) {
    hint.textContent = "";
    if (!text) return;
    var use = document.createElement("button");
    use.type = "button";
    use.className = "ekh-suggest__use";
    use.textContent = text;
    use.addEventListener("click", function () {
      box.value = text;
      box.dispatchEvent(new Event("input", { bubbles: true })); // search-input.js searches on input
      box.focus();
    });
    hint.appendChild(document.createTextNode(TEXT[lang][0]));
    hint.appendChild(use);
    hint.appendChild(document.createTextNode(TEXT[lang][1]));
  }

  new BroadcastChannel("handbook-search").addEventListener("message", function (event) {
    var data = event.data || {};
    if (typeof data.query === "string" && data.query.trim() === box.value.trim()) show(data.suggestion);
  });
  box.addEventListener("input", function () { if (!box.value.trim()) show(null); });
})();
