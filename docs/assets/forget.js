/* «Slett alt som er lagret her» / "Delete everything stored here", on the privacy page
   (#ekh-forget): what the handbook stores in this browser right now, named as the registry names
   it (#ekh-storage, written by hooks/storage.py from includes/storage.yml), and a button that
   deletes exactly that: every name of this copy of the handbook (storage.js keeps them under its
   path), its caches and databases and its service worker, and nothing of any other site.

   Nothing is deleted before the reader confirms, having seen what will be lost. If the new-hire
   path has ticks or a first working day, the confirmation offers to save them as a progress file
   first (progress-file.js), which the path can load again later. */
(function () {
  "use strict";
  var box = document.getElementById("ekh-forget");
  var data = document.getElementById("ekh-storage");
  var store = window.ekhStorage;
  if (!box || !data || !store) return;  // a booklet prints the page without its registry: no button
  var registry = [];
  try { registry = JSON.parse(data.textContent); } catch (e) { /* unnamed: listed as "other" */ }
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var TEXT = {
    nb: {
      start: "Slett alt som er lagret her",
      now: "Lagret fra håndboka i denne nettleseren nå:",
      none: "Håndboka har ikke lagret noe i denne nettleseren.",
      confirm: "Dette blir slettet fra denne nettleseren, og det kan ikke hentes tilbake:",
      other: "Annet lagret av håndboka", worker: "Oppsettet som lar håndboka virke uten nett",
      offer: "Framdriften på stien for nyansatte ({what}) kan du lagre som fil først, og hente inn igjen på stien senere.",
      ticks: { one: "{n} kryss", other: "{n} kryss" }, start_date: "første arbeidsdag", and: " og ",
      notPath: "Kryss i andre lister enn stien for nyansatte kommer ikke med i filen.",
      save: "Lagre framdriften som fil", saved: "Filen er lastet ned. Du kan slette nå.",
      yes: "Slett alt", no: "Avbryt", cancelled: "Ingenting er slettet.",
      nothing: "Ingenting å slette: håndboka har ikke lagret noe i denne nettleseren.",
      done: "Alt håndboka hadde lagret i denne nettleseren, er slettet. Faner der håndboka er åpen, viser det gamle til du laster dem på nytt."
    },
    en: {
      start: "Delete everything stored here",
      now: "Stored by the handbook in this browser now:",
      none: "The handbook has stored nothing in this browser.",
      confirm: "This will be deleted from this browser, and cannot be brought back:",
      other: "Other things stored by the handbook", worker: "The set-up that lets the handbook work offline",
      offer: "You can save your progress on the new-hire path ({what}) as a file first, and load it on the path again later.",
      ticks: { one: "{n} tick", other: "{n} ticks" }, start_date: "first working day", and: " and ",
      notPath: "Ticks in lists other than the new-hire path are not included in the file.",
      save: "Save progress to a file", saved: "The file is downloaded. You can delete now.",
      yes: "Delete everything", no: "Cancel", cancelled: "Nothing has been deleted.",
      nothing: "Nothing to delete: the handbook has stored nothing in this browser.",
      done: "Everything the handbook had stored in this browser is deleted. Tabs with the handbook open show the old state until you reload them."
    }
  }[lang];
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function button(className, text) {
    var b = el("button", "md-button " + className, text);
    b.type = "button";
    return b;
  }

  // --- What is stored now ---------------------------------------------------------------------

  var entries = registry.map(function (entry) {
    return { entry: entry, re: new RegExp(entry.pattern), count: 0 };
  });
  function entryOf(storage, name) {
    for (var i = 0; i < entries.length; i++) {
      if (entries[i].entry.storage === storage && entries[i].re.test(name)) return entries[i];
    }
    return null;
  }

  function named(list) {  // names of this copy in a list of caches or databases, without the path
    return list.filter(function (n) { return n && n.indexOf(store.prefix) === 0; })
      .map(function (n) { return n.slice(store.prefix.length); });
  }

  /* A promise of [{what, count}] for everything of this copy that is stored now. */
  function inventory() {
    entries.forEach(function (e) { e.count = 0; });
    var other = 0, worker = 0;
    function count(storage, name) {
      var e = entryOf(storage, name);
      if (e) e.count++; else other++;
    }
    store.stored().forEach(function (s) { count(s.storage, s.name); });
    var jobs = [];
    if (window.caches && caches.keys) {
      jobs.push(caches.keys().then(function (names) { named(names).forEach(function (n) { count("cache", n); }); }));
    }
    if (window.indexedDB && indexedDB.databases) {
      jobs.push(indexedDB.databases().then(function (dbs) {
        named(dbs.map(function (db) { return db.name; })).forEach(function (n) { count("indexeddb", n); });
      }));
    }
    if (navigator.serviceWorker && navigator.serviceWorker.getRegistrations) {
      jobs.push(navigator.serviceWorker.getRegistrations().then(function (rs) {
        var root = new URL(store.prefix.slice(0, -1), location.href).href;
        worker = rs.filter(function (r) { return r.scope === root; }).length;
      }));
    }
    return Promise.all(jobs.map(function (j) { return j.catch(function () {}); })).then(function () {
      var found = entries.filter(function (e) { return e.count; }).map(function (e) {
        return { what: e.entry.what, count: /</.test(e.entry.name) ? e.count : 0 };
      });
      if (other) found.push({ what: TEXT.other, count: other });
      if (worker) found.push({ what: TEXT.worker, count: 0 });
      return found;
    });
  }

  function listOf(found) {
    var list = el("ul", "forget__list");
    found.forEach(function (f) {
      list.appendChild(el("li", "", f.what + (f.count ? " (" + f.count + ")" : "")));
    });
    return list;
  }

  /* The new-hire path's checklist items (items.json of this language) that are ticked, and the
     first working day: what a progress file would keep. */
  function pathProgress() {
    var ticks = window.ekhTicks, plan = window.ekhPlan;
    if (!ticks || !plan || !window.ekhProgressFile) return Promise.resolve(null);
    var cfg = JSON.parse(document.getElementById("__config").textContent);
    var root = new URL(cfg.base.replace(/\/?$/, "/"), location.href);
    return fetch(new URL("items.json", root)).then(function (r) { return r.json(); }).then(function (items) {
      var order = items.filter(function (i) { return i.kind === "checklist" && i.url.indexOf("ny-i-jobben/") === 0; })
        .map(function (i) { return i.id; });
      var ticked = order.filter(function (id) { return ticks.ticked(id); }).length;
      var allTicks = store.stored().filter(function (s) { return s.name.indexOf("ekh.tick.") === 0; }).length;
      return { order: order, ticked: ticked, start: plan.start(), otherTicks: allTicks > ticked };
    }).catch(function () { return null; });
  }

  // --- The controls ---------------------------------------------------------------------------

  var summary = el("p", "forget__summary");
  var start = button("md-button--primary forget__start", TEXT.start);
  var confirm = el("div", "forget__confirm");
  confirm.hidden = true;
  var status = el("p", "forget__status");
  status.setAttribute("role", "status");
  [summary, start, confirm, status].forEach(function (e) { box.appendChild(e); });

  function showSummary() {
    return inventory().then(function (found) {
      summary.textContent = "";
      if (!found.length) { summary.textContent = TEXT.none; return found; }
      summary.appendChild(el("span", "", TEXT.now));
      summary.appendChild(listOf(found));
      return found;
    });
  }

  function close(message, focus) {
    confirm.hidden = true;
    confirm.textContent = "";
    start.disabled = false;
    status.textContent = message;
    if (focus) start.focus();
  }

  start.addEventListener("click", function () {
    status.textContent = "";
    start.disabled = true;
    Promise.all([inventory(), pathProgress()]).then(function (both) {
      var found = both[0], progress = both[1];
      if (!found.length) { close(TEXT.nothing, true); return; }
      confirm.textContent = "";
      var head = el("p", "forget__head", TEXT.confirm);
      head.id = "forget-head";
      head.tabIndex = -1;
      confirm.setAttribute("role", "group");
      confirm.setAttribute("aria-labelledby", head.id);
      confirm.appendChild(head);
      confirm.appendChild(listOf(found));
      if (progress && (progress.ticked || progress.start)) {
        var parts = [];
        if (progress.ticked) {
          var forms = TEXT.ticks, form = plurals ? plurals.select(progress.ticked) : "other";
          parts.push((forms[form] || forms.other).replace("{n}", progress.ticked));
        }
        if (progress.start) parts.push(TEXT.start_date);
        confirm.appendChild(el("p", "forget__offer", TEXT.offer.replace("{what}", parts.join(TEXT.and))));
        if (progress.otherTicks) confirm.appendChild(el("p", "forget__note", TEXT.notPath));
        var save = button("forget__save", TEXT.save);
        save.addEventListener("click", function () {
          window.ekhProgressFile.save(progress.order);
          status.textContent = TEXT.saved;
        });
        confirm.appendChild(save);
      }
      var yes = button("md-button--primary forget__yes", TEXT.yes);
      var no = button("forget__no", TEXT.no);
      var actions = el("div", "forget__actions");
      actions.appendChild(yes);
      actions.appendChild(no);
      confirm.appendChild(actions);
      yes.addEventListener("click", function () {
        yes.disabled = no.disabled = true;
        store.clear().then(function () {
          close(TEXT.done, true);
          showSummary();
        });
      });
      no.addEventListener("click", function () { close(TEXT.cancelled, true); });
      confirm.hidden = false;
      head.focus();
    });
  });

  box.classList.add("forget--ready");
  showSummary();
})();
