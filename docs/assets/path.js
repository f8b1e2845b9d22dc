/* The new-hire path: beside each step of `.np-path`, how many of that step's checklist items the
   reader has ticked (ticks.js keeps them in this browser), and the whole path's progress on top.
   Reads the items from this language's items.json; without JavaScript the steps still read.
   Other scripts get the steps through window.ekhPath.ready: a promise of
   {root, steps: [{li, link, slug, url, items}]}, where `items` are the step page's checklist
   items from items.json, so no script keeps its own list of the path's ids. */
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

  // --- The steps and their items ---------------------------------------------------------------

  function stepsOf(block, items, root) {
    var steps = [];
    block.querySelectorAll("ol > li > a[href]").forEach(function (link) {
      // In a booklet a step links to its chapter; data-href keeps the page's address (booklets.py).
      var url = new URL(link.getAttribute("data-href") || link.getAttribute("href"), location.href);
      var rel = url.pathname.slice(root.pathname.length);
      var mine = items.filter(function (i) { return i.kind === "checklist" && i.url.split("#")[0] === rel; });
      steps.push({ li: link.closest("li"), link: link, slug: rel.replace(/\/$/, "").split("/").pop(), url: url.href, items: mine });
    });
    return steps;
  }

  // --- Progress badges, redrawn whenever a tick changes -----------------------------------------

  function draw(block, steps) {
    var sum = 0, count = 0;
    steps.forEach(function (step) {
      if (!step.items.length) return;
      var n = step.items.filter(function (i) { return ticked(i.id); }).length;
      sum += step.items.length; count += n;
      var badge = step.li.querySelector(":scope > .np-progress");
      if (!badge) {
        badge = document.createElement("span");
        step.li.appendChild(document.createTextNode(" "));
        step.li.appendChild(badge);
      }
      var done = n === step.items.length;
      badge.className = "np-progress" + (done ? " np-progress--done" : "");
      badge.textContent = done ? TEXT[lang].done + " ✓" : TEXT[lang].step.replace("{n}", n).replace("{total}", step.items.length);
      step.li.classList.toggle("np-step--done", done);
    });
    if (!sum) return;
    var total = block.querySelector(":scope > .np-total");
    if (!total) {
      total = document.createElement("div");
      total.className = "np-total";
      total.appendChild(document.createElement("p"));
      var created = document.createElement("progress");
      created.className = "np-progress__bar";
      total.appendChild(created);
      block.insertBefore(total, block.firstChild);
    }
    var label = total.querySelector("p"), bar = total.querySelector("progress");
    label.textContent = progress(count, sum);
    bar.max = sum; bar.value = count;
    bar.setAttribute("aria-label", label.textContent);
  }

  var block = document.querySelector(".np-path");
  var ready = !block ? Promise.reject(new Error("no path on this page")) : (function () {
    var root = languageRoot();
    return fetch(new URL("items.json", root)).then(function (r) { return r.json(); })
      .then(function (items) {
        var steps = stepsOf(block, items, root);
        draw(block, steps);
        document.addEventListener("ekh:ticks", function () { draw(block, steps); });
        return { root: root, steps: steps };
      });
  })();
  ready.catch(function () { /* the steps still read without progress */ });
  window.ekhPath = { ready: ready };
})();
