/* The interview-sheet builder (rekruttering/intervjuark/): lists every interview question from this
   language's items.json, filterable by round and theme; the reader picks questions, sees the sheet
   take shape and prints it. The choice lives in the page address (?sheet=id,id,…; Material's search owns ?q=), so a sheet can be
   shared as a link. No question text is written in the page itself. */
(function () {
  "use strict";

  /* "001 §11.4" as readers see it on the pages ("PRIOslo 2022 §11.4"): the build lists each source
     key's label in #ekh-sources (hooks/items.py). */
  var LABELS = (function () {
    var el = document.getElementById("ekh-sources");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  })();
  function sourceLabel(reference) {
    var key = reference.split(" ")[0];
    return LABELS[key] ? LABELS[key] + reference.slice(key.length) : reference;
  }
  var PARAM = "sheet";
  // Texts with a number have a form per plural category (Intl.PluralRules: "one", "other").
  var T = {
    nb: {
      round: "Runde", theme: "Tema", allThemes: "Alle temaer", pick: "Velg spørsmål",
      all: "Velg alle som vises", none: "Fjern alle valg", sheet: "Intervjuarket ditt",
      empty: "Ingen spørsmål valgt ennå. Kryss av for spørsmål i listen.", print: "Skriv ut arket",
      link: "Lenke til dette arket",
      count: { one: "{n} spørsmål valgt", other: "{n} spørsmål valgt" },
      shown: { one: "{n} spørsmål vises", other: "{n} spørsmål vises" },
      dropped: { one: "{n} spørsmål i lenken finnes ikke lenger i spørsmålsbankene og er tatt ut av arket.",
                 other: "{n} spørsmål i lenken finnes ikke lenger i spørsmålsbankene og er tatt ut av arket." },
      carried: { one: "{n} spørsmål i lenken er byttet ut med den nyere utgaven av spørsmålet.",
                 other: "{n} spørsmål i lenken er byttet ut med den nyere utgaven av spørsmålene." },
      failed: "Spørsmålslisten kunne ikke lastes, så intervjuarket kan ikke settes sammen akkurat nå. Prøv å laste inn siden på nytt.",
      source: { one: "Kilde: ", other: "Kilder: " }, proposal: "Forslag fra håndboka"
    },
    en: {
      round: "Round", theme: "Theme", allThemes: "All themes", pick: "Choose questions",
      all: "Choose all shown", none: "Clear the choice", sheet: "Your interview sheet",
      empty: "No questions chosen yet. Tick questions in the list.", print: "Print the sheet",
      link: "Link to this sheet",
      count: { one: "{n} question chosen", other: "{n} questions chosen" },
      shown: { one: "{n} question shown", other: "{n} questions shown" },
      dropped: { one: "{n} question in the link is no longer in the question banks and has been left out.",
                 other: "{n} questions in the link are no longer in the question banks and have been left out." },
      carried: { one: "{n} question in the link has been replaced by its newer version.",
                 other: "{n} questions in the link have been replaced by their newer versions." },
      failed: "The list of questions could not be loaded, so the interview sheet cannot be put together right now. Try reloading the page.",
      source: { one: "Source: ", other: "Sources: " }, proposal: "The handbook's proposal"
    }
  };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var t = T[lang];
  var plurals = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  /* The form of `forms` for the number n, with n filled in. */
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

  function languageRoot() {
    var cfg = JSON.parse(document.getElementById("__config").textContent);
    return new URL(cfg.base.replace(/\/?$/, "/"), location.href);
  }

  function idsFromAddress() {
    var q = new URLSearchParams(location.search).get(PARAM);
    return q ? q.split(",").filter(Boolean) : [];
  }

  /* The questions a shared link names: an id that a newer question `replaces` is carried over to
     it; an id that no question knows is dropped. Counts both, so the reader can be told. */
  function chosenFromAddress(byId, successor) {
    var chosen = [], carried = 0, dropped = 0;
    idsFromAddress().forEach(function (id) {
      var now = byId[id] ? id : successor[id];
      if (!now) { dropped += 1; return; }
      if (now !== id) carried += 1;
      if (chosen.indexOf(now) < 0) chosen.push(now);
    });
    return { ids: chosen, carried: carried, dropped: dropped };
  }

  function build(root, items) {
    var rounds = JSON.parse(root.getAttribute("data-rounds"));
    var questions = items.filter(function (i) {
      return i.kind === "question" && rounds[i.url.split("#")[0]];
    });
    var byId = {}, successor = {};
    questions.forEach(function (q) {
      byId[q.id] = q;
      // `replaces` (retired ids) arrives with the item ledger; older items.json have none.
      (Array.isArray(q.replaces) ? q.replaces : []).forEach(function (old) { successor[old] = q.id; });
    });
    var fromAddress = chosenFromAddress(byId, successor);
    var chosen = fromAddress.ids;

    var controls = el("div", { "class": "builder-controls" });
    var filters = el("div", { "class": "builder-filters" });
    var roundSet = el("fieldset", { "class": "builder-rounds" });
    roundSet.appendChild(el("legend", null, t.round));
    var roundBoxes = Object.keys(rounds).map(function (page, n) {
      var label = el("label");
      var box = el("input", { type: "checkbox", value: page, id: "builder-round-" + n });
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + rounds[page]));
      roundSet.appendChild(label);
      return box;
    });
    var themeLabel = el("label", { "for": "builder-theme", "class": "builder-theme" }, t.theme + " ");
    var theme = el("select", { id: "builder-theme" });
    theme.appendChild(el("option", { value: "" }, t.allThemes));
    filters.appendChild(roundSet);
    themeLabel.appendChild(theme);
    filters.appendChild(themeLabel);

    var actions = el("div", { "class": "builder-actions" });
    var all = el("button", { type: "button", "class": "md-button" }, t.all);
    var none = el("button", { type: "button", "class": "md-button" }, t.none);
    var shown = el("span", { "class": "builder-shown", "aria-live": "polite" });
    actions.appendChild(all); actions.appendChild(none); actions.appendChild(shown);

    var pick = el("fieldset", { "class": "builder-pick" });
    pick.appendChild(el("legend", null, t.pick));
    var list = el("ul", { "class": "builder-list" });
    pick.appendChild(list);
    controls.appendChild(filters); controls.appendChild(actions); controls.appendChild(pick);

    var sheet = el("section", { "class": "builder-sheet", "aria-labelledby": "builder-sheet-title" });
    var head = el("div", { "class": "builder-sheet__head" });
    head.appendChild(el("h2", { id: "builder-sheet-title" }, t.sheet));
    var counter = el("p", { "class": "builder-count", "aria-live": "polite" });
    var tools = el("div", { "class": "builder-tools" });
    var print = el("button", { type: "button", "class": "md-button md-button--primary" }, t.print);
    var link = el("a", { "class": "builder-link" }, t.link);
    tools.appendChild(print); tools.appendChild(link);
    head.appendChild(counter); head.appendChild(tools);
    var ol = el("ol", { "class": "builder-questions" });
    var empty = el("p", { "class": "builder-empty" }, t.empty);
    var notice = el("p", { "class": "builder-notice", role: "status" });
    notice.textContent = [
      fromAddress.carried ? count(t.carried, fromAddress.carried) : "",
      fromAddress.dropped ? count(t.dropped, fromAddress.dropped) : ""
    ].filter(Boolean).join(" ");
    notice.hidden = !notice.textContent;
    sheet.appendChild(head); sheet.appendChild(notice); sheet.appendChild(empty); sheet.appendChild(ol);

    root.textContent = "";
    root.appendChild(controls);
    root.appendChild(sheet);

    function refreshThemes() {
      var pages = roundBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      var current = theme.value, seen = {};
      while (theme.options.length > 1) theme.remove(1);
      questions.forEach(function (q) {
        if (pages.indexOf(q.url.split("#")[0]) < 0 || seen[q.section]) return;
        seen[q.section] = true;
        theme.appendChild(el("option", { value: q.section }, q.section));
      });
      theme.value = seen[current] ? current : "";
    }

    function visible() {
      var pages = roundBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
      return questions.filter(function (q) {
        return pages.indexOf(q.url.split("#")[0]) >= 0 && (!theme.value || q.section === theme.value);
      });
    }

    function renderList() {
      list.textContent = "";
      var show = visible();
      show.forEach(function (q) {
        var li = el("li");
        var box = el("input", { type: "checkbox", id: "builder-q-" + q.id, value: q.id });
        box.checked = chosen.indexOf(q.id) >= 0;
        box.addEventListener("change", function () {
          if (box.checked && chosen.indexOf(q.id) < 0) chosen.push(q.id);
          if (!box.checked) chosen = chosen.filter(function (id) { return id !== q.id; });
          renderSheet();
        });
        var label = el("label", { "for": box.id }, q.text);
        var meta = el("span", { "class": "builder-meta" }, rounds[q.url.split("#")[0]] + " · " + q.section);
        // `sources` and `proposal` arrive with the item ledger; older items.json have neither.
        if (Array.isArray(q.sources) && q.sources.length) {
          meta.appendChild(document.createTextNode(" · " + count(t.source, q.sources.length) + q.sources.map(sourceLabel).join(", ")));
        }
        li.appendChild(box); li.appendChild(label); li.appendChild(meta);
        if (q.proposal === true) li.appendChild(el("span", { "class": "builder-proposal" }, t.proposal));
        // «Endret 10. desember 2026» for 90 days after a major change (changes.js, items.json `changed`).
        var changed = window.ekhChanges && window.ekhChanges.badge(q);
        if (changed) li.appendChild(changed);
        list.appendChild(li);
      });
      shown.textContent = count(t.shown, show.length);
    }

    function renderSheet() {
      // The sheet keeps the banks' order: round, then theme, as in the question banks.
      var ordered = questions.filter(function (q) { return chosen.indexOf(q.id) >= 0; });
      ol.textContent = "";
      ordered.forEach(function (q) {
        var li = el("li", { "class": "builder-q", "data-item": q.id }, q.text);
        ol.appendChild(li);
      });
      if (since) since.refresh();  // which chosen questions changed since the last visit
      empty.hidden = ordered.length > 0;
      print.disabled = ordered.length === 0;
      counter.textContent = count(t.count, ordered.length);
      var url = new URL(location.href);
      if (ordered.length) url.searchParams.set(PARAM, ordered.map(function (q) { return q.id; }).join(","));
      else url.searchParams.delete(PARAM);
      history.replaceState(null, "", url);
      link.href = url.href;
    }

    roundBoxes.forEach(function (b) { b.addEventListener("change", function () { refreshThemes(); renderList(); }); });
    theme.addEventListener("change", renderList);
    all.addEventListener("click", function () {
      visible().forEach(function (q) { if (chosen.indexOf(q.id) < 0) chosen.push(q.id); });
      renderList(); renderSheet();
    });
    none.addEventListener("click", function () { chosen = []; renderList(); renderSheet(); });
    print.addEventListener("click", function () { window.print(); });

    var since = window.ekhChanges && window.ekhChanges.sinceLastVisit(
      null, questions, function () { return chosen; }, head, "chosen", languageRoot());
    refreshThemes(); renderList(); renderSheet();
    root.classList.add("builder--ready");
  }

  function init() {
    var root = document.getElementById("sheet-builder");
    if (!root) return;
    fetch(new URL("items.json", languageRoot()))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r; })
      .then(function (r) { return r.json(); })
      .then(function (items) { build(root, items); })
      .catch(function () {
        // JavaScript runs, the list did not come: say so; the links to the banks remain.
        var fallback = root.querySelector(".builder-nojs");
        if (fallback) fallback.textContent = t.failed;
        root.classList.add("builder--failed");
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
