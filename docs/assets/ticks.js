/* Ticks: a ticked checklist box is kept in this browser (storage.js), keyed by the item's id,
   so it survives a reload and a new release of the site as long as the id stands. Each checklist
   gets a count and a button that clears its ticks. Nothing leaves the browser.
   Other scripts read and set ticks only through window.ekhTicks ({ticked, setTicked}); every change
   is announced as an "ekh:ticks" event on document, so views of the ticks can redraw. */
(function () {
  "use strict";
  var PREFIX = "ekh.tick.";
  var TEXT = {
    nb: { reset: "Fjern krysset i denne listen", done: "{n} av {total} krysset av" },
    en: { reset: "Clear the ticks in this list", done: "{n} of {total} ticked" }
  };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var redraws = [];  // one per checklist on this page: syncs its boxes and count with storage

  function store(id, on) {  // with storage off, ticks last for this visit only
    if (on) window.ekhStorage.set(PREFIX + id, "1");
    else window.ekhStorage.remove(PREFIX + id);
  }

  function ticked(id) { return window.ekhStorage.get(PREFIX + id) === "1"; }

  function announce(id, on) {
    document.dispatchEvent(new CustomEvent("ekh:ticks", { detail: { id: id, on: on } }));
  }

  /* Tick or untick an item from elsewhere (a progress file): stored, shown on any box of this
     page, announced. */
  function setTicked(id, on) {
    store(id, on);
    redraws.forEach(function (redraw) { redraw(); });
    announce(id, on);
  }

  function boxOf(li) {
    return li.querySelector(":scope > input[type=checkbox], :scope > label > input[type=checkbox], :scope > p > label > input[type=checkbox]");
  }

  function setUp(list) {
    var items = Array.prototype.filter.call(list.children, function (li) {
      return li.classList.contains("item--checklist") && boxOf(li);
    });
    if (!items.length) return;
    var tools = document.createElement("div");
    tools.className = "checklist-tools";
    var count = document.createElement("span");
    count.className = "checklist-count";
    count.setAttribute("aria-live", "polite");
    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "md-button checklist-reset";
    reset.textContent = TEXT[lang].reset;
    tools.appendChild(count);
    tools.appendChild(reset);
    list.parentNode.insertBefore(tools, list.nextSibling);

    function update() {
      var n = items.filter(function (li) { return boxOf(li).checked; }).length;
      count.textContent = TEXT[lang].done.replace("{n}", n).replace("{total}", items.length);
      list.classList.toggle("checklist--done", n === items.length);
    }
    items.forEach(function (li) {
      var id = li.getAttribute("data-item"), box = boxOf(li);
      box.checked = ticked(id);
      box.addEventListener("change", function () { store(id, box.checked); update(); announce(id, box.checked); });
    });
    reset.addEventListener("click", function () {
      items.forEach(function (li) {
        var id = li.getAttribute("data-item");
        boxOf(li).checked = false; store(id, false); announce(id, false);
      });
      update();
    });
    redraws.push(function () {
      items.forEach(function (li) { boxOf(li).checked = ticked(li.getAttribute("data-item")); });
      update();
    });
    update();
  }

  /* A retired item's tick moves to its successor (the build lists them in #ekh-retired), so a
     tick survives an item being merged into another. */
  function carryOver() {
    var el = document.getElementById("ekh-retired"), map;
    if (!el) return;
    try { map = JSON.parse(el.textContent); } catch (e) { return; }
    Object.keys(map).forEach(function (old) {
      if (ticked(old)) { store(map[old], true); store(old, false); }
    });
  }

  function init() {
    carryOver();
    var lists = document.querySelectorAll(".md-content ul, .md-content ol");
    Array.prototype.forEach.call(lists, setUp);
  }

  window.ekhTicks = { ticked: ticked, setTicked: setTicked };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
