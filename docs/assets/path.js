/* The new-hire path: beside each step of `.np-path`, how many of that step's checklist items the
   reader has ticked (ticks.js keeps them in this browser), and the whole path's progress on top.
   Reads the items from this language's items.json; without JavaScript the steps still read. */
(function () {
  "use strict";
  var TEXT = {
    nb: { step: "{n} av {total} gjort", done: "Ferdig",
          all: { one: "Du har gjort {n} av {total} punkt på stien.", other: "Du har gjort {n} av {total} punkter på stien." } },
    en: { step: "{n} of {total} done", done: "Done",
          all: { one: "You have ticked off {n} of {total} item on the path.", other: "You have ticked off {n} of {total} items on the path." } }
  };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  /* The whole path's progress, in the plural form its total asks for. */
  function progress(n, total) {
    var forms = TEXT[lang].all, category = plurals ? plurals.select(total) : (total === 1 ? "one" : "other");
    return (forms[category] || forms.other).replace("{n}", n).replace("{total}", total);
  }

  function languageRoot() {
    var cfg = JSON.parse(document.getElementById("__config").textContent);
    return new URL(cfg.base.replace(/\/?$/, "/"), location.href);
  }

  var ticked = window.ekhTicks.ticked;  // ticks.js owns how ticks are stored

  function fill(block, items, root) {
    var sum = 0, count = 0;
    block.querySelectorAll("li > a[href]").forEach(function (link) {
      var path = new URL(link.getAttribute("href"), location.href).pathname;
      var rel = path.slice(root.pathname.length);
      var mine = items.filter(function (i) { return i.kind === "checklist" && i.url.split("#")[0] === rel; });
      if (!mine.length) return;
      var n = mine.filter(function (i) { return ticked(i.id); }).length;
      sum += mine.length; count += n;
      var li = link.closest("li");
      var badge = document.createElement("span");
      badge.className = "np-progress" + (n === mine.length ? " np-progress--done" : "");
      badge.textContent = n === mine.length ? TEXT[lang].done + " ✓" : TEXT[lang].step.replace("{n}", n).replace("{total}", mine.length);
      li.classList.toggle("np-step--done", n === mine.length);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(badge);
    });
    if (!sum) return;
    var total = document.createElement("div");
    total.className = "np-total";
    var label = document.createElement("p");
    label.textContent = progress(count, sum);
    var bar = document.createElement("progress");
    bar.className = "np-progress__bar";
    bar.max = sum; bar.value = count;
    bar.setAttribute("aria-label", label.textContent);
    total.appendChild(label); total.appendChild(bar);
    block.insertBefore(total, block.firstChild);
  }

  function init() {
    var block = document.querySelector(".np-path");
    if (!block) return;
    var root = languageRoot();
    fetch(new URL("items.json", root)).then(function (r) { return r.json(); })
      .then(function (items) { fill(block, items, root); })
      .catch(function () { /* the steps still read without progress */ });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
