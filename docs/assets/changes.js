/* What changed, seen from the reader's side. All of it is worked out in this browser from what the
   build wrote (hooks/history.py); nothing leaves the device.

   - «Endret» / "Changed": an item changed by a major note carries a hidden mark with the date
     (.item-changed[data-changed]); it is shown for 90 days after that date, counted from the
     reader's today, so no build depends on the day it was made.
   - «Endret siden sist du var her» / "Changed since your last visit": a page's history
     (.page-history[data-page]) gives every announced change a stable key (data-change). The
     first visit to a page only remembers its keys; on a later visit the changes with keys not
     seen before are highlighted (their items and sections too) in a box under the title, until
     the reader presses «Merk som sett» / "Mark as seen".
   - The new-hire plan (.np-path, path.js) and the interview-sheet builder (builder.js) say which
     of the reader's ticked or chosen items changed since the last visit, from items.json
     (`changed`): window.ekhChanges.sinceLastVisit().

   Storage: localStorage "ekh.changes.seen" (through storage.js, so under this copy's path; listed in
   includes/storage.yml) = {"<page address>": ["<change key>", …], …}, the keys
   of the changes each visited page showed when the reader last marked them seen ("#items" after
   the address for the plan's and the builder's items). Kept until the reader clears the site's
   data; without storage nothing is highlighted. */
(function () {
  "use strict";
  var KEY = "ekh.changes.seen";
  var DAYS = 90;
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var LOCALE = lang === "en" ? "en-GB" : "nb-NO";
  var T = {
    nb: {
      since: "Endret siden sist du var her", seen: "Merk som sett", done: "Merket som sett.",
      changed: "Endret {date}",
      ticked: { one: "{n} av punktene du har krysset av, er endret siden sist du var her:",
                other: "{n} av punktene du har krysset av, er endret siden sist du var her:" },
      chosen: { one: "{n} av spørsmålene du har valgt, er endret siden sist du var her:",
                other: "{n} av spørsmålene du har valgt, er endret siden sist du var her:" }
    },
    en: {
      since: "Changed since your last visit", seen: "Mark as seen", done: "Marked as seen.",
      changed: "Changed {date}",
      ticked: { one: "{n} of the items you have ticked has changed since your last visit:",
                other: "{n} of the items you have ticked have changed since your last visit:" },
      chosen: { one: "{n} of the questions you have chosen has changed since your last visit:",
                other: "{n} of the questions you have chosen have changed since your last visit:" }
    }
  }[lang];
  var DAY = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function count(forms, n) {
    var category = plurals ? plurals.select(n) : (n === 1 ? "one" : "other");
    return (forms[category] || forms.other).replace("{n}", n);
  }

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text != null) e.textContent = text;
    return e;
  }

  // --- Days: whole days at UTC midnight, the reader's calendar day ----------------------------

  function parseISO(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    return m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : null;
  }
  function today() { var n = new Date(); return new Date(Date.UTC(n.getFullYear(), n.getMonth(), n.getDate())); }

  /* Changed on `iso`, at most 90 days before the reader's today (a date ahead counts as recent). */
  function recent(iso) {
    var d = parseISO(iso);
    return !!d && (today() - d) / 86400000 <= DAYS;
  }

  function changedText(iso) { return T.changed.replace("{date}", DAY.format(parseISO(iso))); }

  // --- What this reader has seen ---------------------------------------------------------------

  function load() {
    var store = window.ekhStorage;  // storage.js: this copy's names only
    if (!store || !store.available()) return null;  // storage off: no record, no highlights
    try {
      var value = JSON.parse(store.get(KEY) || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (e) { return {}; }  // unreadable: start again
  }
  function save(all) {
    if (window.ekhStorage) window.ekhStorage.set(KEY, JSON.stringify(all));
  }

  /* The keys of `keys` not seen on `page` before; a first visit only remembers them. */
  function track(page, keys) {
    var all = load();
    if (!all) return null;
    if (!Object.prototype.hasOwnProperty.call(all, page) || !Array.isArray(all[page])) {
      all[page] = keys;
      save(all);
      return { unseen: [], markSeen: function () {} };
    }
    var seen = all[page];
    var result = {
      unseen: keys.filter(function (k) { return seen.indexOf(k) < 0; }),
      markSeen: function () {
        var now = load() || {};
        now[page] = keys;
        save(now);
        result.unseen = [];
      }
    };
    return result;
  }

  function words(el, name) { return (el.getAttribute(name) || "").split(" ").filter(Boolean); }

  // --- A page: its history, highlighted where it is new to this reader --------------------------

  function pageSince() {
    var article = document.querySelector("article");
    if (!article || article.querySelector(".booklet")) return;  // a booklet holds many pages
    var histories = article.querySelectorAll(".page-history[data-page]");
    if (histories.length !== 1) return;
    var history = histories[0];
    var entries = Array.prototype.slice.call(history.querySelectorAll("[data-change]"));
    var keys = [];
    entries.forEach(function (e) { keys = keys.concat(words(e, "data-change")); });
    var state = track(history.getAttribute("data-page"), keys);
    if (!state || !state.unseen.length) return;
    var fresh = entries.filter(function (e) {
      return words(e, "data-change").some(function (k) { return state.unseen.indexOf(k) >= 0; });
    });
    var marked = [];
    function mark(node, name) { if (node) { node.classList.add(name); marked.push([node, name]); } }
    fresh.forEach(function (entry) {
      mark(entry, "page-history__entry--unseen");
      words(entry, "data-items").forEach(function (id) {
        mark(article.querySelector('li[data-item="' + CSS.escape(id) + '"]'), "item--unseen");
      });
      words(entry, "data-section").forEach(function (anchor) {
        var heading = document.getElementById(anchor);
        if (heading && /^H[1-6]$/.test(heading.tagName)) mark(heading, "section--unseen");
      });
    });

    var box = el("div", { "class": "changes-since", role: "region", "aria-labelledby": "changes-since-title" });
    box.appendChild(el("p", { "class": "changes-since__title", id: "changes-since-title" }, T.since));
    var list = el("ul", { "class": "changes-since__list" });
    fresh.forEach(function (entry) {
      var li = el("li");
      Array.prototype.forEach.call(entry.childNodes, function (n) { li.appendChild(n.cloneNode(true)); });
      list.appendChild(li);
    });
    var button = el("button", { type: "button", "class": "md-button changes-since__seen" }, T.seen);
    var status = el("p", { "class": "changes-since__status", role: "status" });
    box.appendChild(list); box.appendChild(button); box.appendChild(status);
    button.addEventListener("click", function () {
      state.markSeen();
      marked.forEach(function (m) { m[0].classList.remove(m[1]); });
      box.removeChild(list); box.removeChild(button);
      box.firstChild.hidden = true;
      status.textContent = T.done;
      box.classList.add("changes-since--done");
    });
    var h1 = article.querySelector("h1");
    if (h1) h1.parentNode.insertBefore(box, h1.nextSibling);
    else article.insertBefore(box, article.firstChild);
  }

  // --- Items from items.json: the builder and the new-hire plan ---------------------------------

  /* The «Endret 10. desember 2026» mark for an items.json record, or null (not changed lately). */
  function badge(item) {
    if (!item || !item.changed || !recent(item.changed)) return null;
    return el("span", { "class": "item-changed", "data-changed": item.changed }, changedText(item.changed));
  }

  /* A box in `container` naming the items the reader picked (picked(): their ids) that changed
     since the reader last marked `page`'s items seen. kind: "ticked" or "chosen". Returns
     {refresh}, to call when the reader's choice changes. */
  function sinceLastVisit(page, items, picked, container, kind, root) {
    page = page || pageAddress();
    var key = function (i) { return i.id + "@" + i.changed; };
    var dated = items.filter(function (i) { return i.changed; });
    var state = track(page + "#items", dated.map(key));
    var box = el("div", { "class": "changes-since changes-since--items", role: "region", "aria-label": T.since });
    box.hidden = true;
    container.appendChild(box);
    function refresh() {
      box.textContent = "";
      if (!state || !state.unseen.length) { box.hidden = true; return; }
      var ids = picked();
      var changed = dated.filter(function (i) { return ids.indexOf(i.id) >= 0 && state.unseen.indexOf(key(i)) >= 0; });
      box.hidden = !changed.length;
      if (!changed.length) return;
      box.appendChild(el("p", { "class": "changes-since__title" }, count(T[kind], changed.length)));
      var list = el("ul", { "class": "changes-since__list" });
      changed.forEach(function (i) {
        var li = el("li");
        li.appendChild(el("a", { href: new URL(i.url, root).href }, i.text));
        li.appendChild(document.createTextNode(" (" + changedText(i.changed) + ")"));
        list.appendChild(li);
      });
      var button = el("button", { type: "button", "class": "md-button changes-since__seen" }, T.seen);
      button.addEventListener("click", function () { state.markSeen(); refresh(); });
      box.appendChild(list); box.appendChild(button);
    }
    refresh();
    return { refresh: refresh };
  }

  /* This page's address below its language root, as the build wrote it in its history. */
  function pageAddress() {
    var history = document.querySelector(".page-history[data-page]");
    return history ? history.getAttribute("data-page") : location.pathname;
  }

  /* The new-hire plan: ticked items of the path that changed since the last visit. */
  function planSince() {
    var block = document.querySelector(".np-path");
    if (!block || !window.ekhPath || !window.ekhTicks) return;
    window.ekhPath.ready.then(function (path) {
      var items = [];
      path.steps.forEach(function (s) { items = items.concat(s.items); });
      var holder = el("div", { "class": "np-changes" });
      block.parentNode.insertBefore(holder, block.nextSibling);
      var since = sinceLastVisit(null, items, function () {
        return items.filter(function (i) { return window.ekhTicks.ticked(i.id); }).map(function (i) { return i.id; });
      }, holder, "ticked", path.root);
      document.addEventListener("ekh:ticks", since.refresh);
    }, function () { /* no path, nothing to say */ });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".item-changed[data-changed]"), function (mark) {
      if (recent(mark.getAttribute("data-changed"))) mark.hidden = false;
    });
    pageSince();
  }

  window.ekhChanges = { recent: recent, badge: badge, sinceLastVisit: sinceLastVisit };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // The path's own script (path.js) comes in the page's second bundle, after this one
  // (hooks/assets.py): ask once every deferred script has run.
  if (document.readyState === "complete") planSince();
  else document.addEventListener("DOMContentLoaded", planSince);
})();
