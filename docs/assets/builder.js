/* The interview-sheet builder (rekruttering/intervjuark/): lists every interview question from this
   language's items.json, filterable by round and theme; the reader picks questions, sees the sheet
   take shape and prints it. The choice lives in the page address (?sheet=id,id,… and, when not
   all are shown, &round=intervju-1&theme=…; Material's search owns ?q=), so a sheet can be shared
   as a link: «Lenke til dette arket» copies it. No question text is written in the page itself.

   On paper the sheet is the page: a title with the round, the name, date and interviewer lines,
   the questions with writing space, and one line on the law; the printed address carries the
   sheet. A question items.json marks "sensitive" (mkdocs.yml extra.items.sensitive) brings up the
   page's own warning (.builder-warning) on screen and on paper. The page holds the wording of the
   warning and the law line (.builder-texts), so it is written once, in each language. */
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
    return own(LABELS, key) ? LABELS[key] + reference.slice(key.length) : reference;
  }
  /* Whether `map` has `key` itself: ids from a link such as ?sheet=constructor,toString name
     no question, whatever every object inherits. */
  function own(map, key) { return Object.prototype.hasOwnProperty.call(map, key); }
  var PARAM = "sheet", ROUND = "round", THEME = "theme";
  // Texts with a number have a form per plural category (Intl.PluralRules: "one", "other").
  var T = {
    nb: {
      round: "Runde", theme: "Tema", allThemes: "Alle temaer", pick: "Velg spørsmål",
      all: "Velg alle som vises", none: "Fjern alle valg", sheet: "Intervjuarket ditt",
      empty: "Ingen spørsmål valgt ennå. Kryss av for spørsmål i listen.", print: "Skriv ut arket",
      link: "Lenke til dette arket", copied: "Kopiert",
      copyFailed: "Kunne ikke kopiere. Adressen til arket står i adressefeltet.",
      title: "Intervjuark", and: " og ", sensitive: "Spørsmål om helse",
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
      link: "Link to this sheet", copied: "Copied",
      copyFailed: "Could not copy. The sheet's address is in the address bar.",
      title: "Interview sheet", and: " and ", sensitive: "Question about health",
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

  function listFromAddress(name) {
    var q = new URLSearchParams(location.search).get(name);
    return q ? q.split(",").filter(Boolean) : [];
  }
  function idsFromAddress() { return listFromAddress(PARAM); }

  /* "rekruttering/intervju-1/" → "intervju-1": a round's name in the address. */
  function roundKey(page) { return page.replace(/\/$/, "").split("/").pop(); }

  /* Copy a text to the clipboard: the Clipboard API where the page may use it (https, localhost),
     else a selected text field and the copy command (an intranet on plain http). */
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var field = el("textarea", { readonly: "", "aria-hidden": "true", "class": "builder-copy-field" });
      field.value = text;
      document.body.appendChild(field);
      field.select();
      var done = false;
      try { done = document.execCommand("copy"); } catch (e) { done = false; }
      field.remove();
      if (done) resolve(); else reject(new Error("copy refused"));
    });
  }

  /* The printed address (the @page margin, overrides/main.html) with this sheet's query, and the
     printed title with the sheet's: the paper leads back to the same sheet. */
  var margins = null;
  function printMargins(address, title) {
    if (margins === null) {
      margins = [];
      Array.prototype.forEach.call(document.styleSheets, function (sheet) {
        var rules;
        try { rules = sheet.cssRules; } catch (e) { return; }
        Array.prototype.forEach.call(rules || [], function (rule) {
          if (!window.CSSPageRule || !(rule instanceof CSSPageRule) || !rule.cssRules) return;
          Array.prototype.forEach.call(rule.cssRules, function (margin) {
            var content = margin.style && margin.style.getPropertyValue("content");
            if (content && /^"/.test(content) && (margin.name === "bottom-left" || margin.name === "top-left")) {
              margins.push({ rule: margin, original: content });
            }
          });
        });
      });
    }
    var base = pageAddress();
    var heading = document.querySelector(".md-content h1");
    var pageTitle = heading ? heading.textContent.replace(/¶\s*$/, "").trim() : "";
    margins.forEach(function (m) {
      var text;
      try { text = JSON.parse(m.original); } catch (e) { return; }
      if (m.rule.name === "bottom-left" && address && text.indexOf(base) === 0) {
        text = address + text.slice(base.length);
      } else if (m.rule.name === "top-left" && title && pageTitle && text.indexOf(pageTitle) >= 0) {
        text = text.replace(pageTitle, title);
      } else {
        text = null;
      }
      m.rule.style.setProperty("content", text === null ? m.original : JSON.stringify(text));
    });
  }

  /* This page's published address (its canonical link, from site_url), without query or hash. */
  function pageAddress() {
    var canonical = document.querySelector("link[rel=canonical]");
    return (canonical ? canonical.href : location.href).split(/[?#]/)[0];
  }

  /* The questions a shared link names: an id that a newer question `replaces` is carried over to
     it; an id that no question knows is dropped. Counts both, so the reader can be told. */
  function chosenFromAddress(byId, successor) {
    var chosen = [], carried = 0, dropped = 0;
    idsFromAddress().forEach(function (id) {
      var now = own(byId, id) ? id : own(successor, id) ? successor[id] : null;
      if (!now) { dropped += 1; return; }
      if (now !== id) carried += 1;
      if (chosen.indexOf(now) < 0) chosen.push(now);
    });
    return { ids: chosen, carried: carried, dropped: dropped };
  }

  function build(root, items, texts) {
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
    var roundsWanted = listFromAddress(ROUND);
    var roundBoxes = Object.keys(rounds).map(function (page, n) {
      var label = el("label");
      var box = el("input", { type: "checkbox", value: page, id: "builder-round-" + n });
      box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + rounds[page]));
      roundSet.appendChild(label);
      return box;
    });
    // The rounds a link names (an unknown name is ignored; none known: all rounds).
    if (roundBoxes.some(function (b) { return roundsWanted.indexOf(roundKey(b.value)) >= 0; })) {
      roundBoxes.forEach(function (b) { b.checked = roundsWanted.indexOf(roundKey(b.value)) >= 0; });
    }
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
    var copied = el("span", { "class": "builder-copied", role: "status" });
    tools.appendChild(print); tools.appendChild(link); tools.appendChild(copied);
    head.appendChild(counter); head.appendChild(tools);
    // On paper: the title with the round, then the name, date and interviewer lines
    // (overrides/main.html writes them above the page; they move into the sheet).
    var printTitle = el("p", { "class": "builder-print-title print-only", "aria-hidden": "true" });
    var lines = document.querySelector(".sheet-head");
    var ol = el("ol", { "class": "builder-questions" });
    var empty = el("p", { "class": "builder-empty" }, t.empty);
    var notice = el("p", { "class": "builder-notice", role: "status" });
    notice.textContent = [
      fromAddress.carried ? count(t.carried, fromAddress.carried) : "",
      fromAddress.dropped ? count(t.dropped, fromAddress.dropped) : ""
    ].filter(Boolean).join(" ");
    notice.hidden = !notice.textContent;
    // The page's warning on questions about health, shown while one of them is on the sheet.
    var alert = el("div", { "class": "builder-alert", "aria-live": "polite" });
    var warning = texts.warning;
    if (warning) { warning.hidden = true; alert.appendChild(warning); }
    sheet.appendChild(head); sheet.appendChild(printTitle);
    if (lines) sheet.appendChild(lines);
    sheet.appendChild(notice); sheet.appendChild(alert); sheet.appendChild(empty); sheet.appendChild(ol);
    if (texts.law) sheet.appendChild(texts.law);

    root.textContent = "";
    root.appendChild(controls);
    root.appendChild(sheet);

    function checkedRounds() {
      return roundBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }

    function refreshThemes(wanted) {
      var pages = checkedRounds();
      var current = wanted != null ? wanted : theme.value, seen = {};
      while (theme.options.length > 1) theme.remove(1);
      questions.forEach(function (q) {
        if (pages.indexOf(q.url.split("#")[0]) < 0 || seen[q.section]) return;
        seen[q.section] = true;
        theme.appendChild(el("option", { value: q.section }, q.section));
      });
      theme.value = seen[current] ? current : "";
    }

    function visible() {
      var pages = checkedRounds();
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
        if (q.sensitive === true) li.appendChild(el("span", { "class": "builder-sensitive" }, t.sensitive));
        if (q.proposal === true) li.appendChild(el("span", { "class": "builder-proposal" }, t.proposal));
        // «Endret 10. desember 2026» for 90 days after a major change (changes.js, items.json `changed`).
        var changed = window.ekhChanges && window.ekhChanges.badge(q);
        if (changed) li.appendChild(changed);
        list.appendChild(li);
      });
      shown.textContent = count(t.shown, show.length);
    }

    /* The sheet's address: the chosen questions, and the round and theme when not all are shown. */
    function address(ordered) {
      var url = new URL(location.href);
      if (ordered.length) url.searchParams.set(PARAM, ordered.map(function (q) { return q.id; }).join(","));
      else url.searchParams.delete(PARAM);
      var pages = checkedRounds();
      if (pages.length && pages.length < roundBoxes.length) url.searchParams.set(ROUND, pages.map(roundKey).join(","));
      else url.searchParams.delete(ROUND);
      if (theme.value) url.searchParams.set(THEME, theme.value);
      else url.searchParams.delete(THEME);
      return url;
    }

    /* «Intervjuark – første intervju»: the rounds of the chosen questions, in the banks' order. */
    function sheetTitle(ordered) {
      var names = Object.keys(rounds).filter(function (page) {
        return ordered.some(function (q) { return q.url.split("#")[0] === page; });
      }).map(function (page) {
        var name = rounds[page];
        return name.charAt(0).toLocaleLowerCase(lang) + name.slice(1);
      });
      return names.length ? t.title + " – " + names.join(t.and) : t.title;
    }

    function renderSheet() {
      // The sheet keeps the banks' order: round, then theme, as in the question banks.
      var ordered = questions.filter(function (q) { return chosen.indexOf(q.id) >= 0; });
      ol.textContent = "";
      ordered.forEach(function (q) {
        var li = el("li", { "class": "builder-q", "data-item": q.id }, q.text);
        if (q.sensitive === true) li.setAttribute("data-flag", t.sensitive);
        ol.appendChild(li);
      });
      var sensitive = ordered.some(function (q) { return q.sensitive === true; });
      if (warning) warning.hidden = !sensitive;
      ol.classList.toggle("builder-questions--few", ordered.length <= 5);
      if (since) since.refresh();  // which chosen questions changed since the last visit
      empty.hidden = ordered.length > 0;
      print.disabled = ordered.length === 0;
      counter.textContent = count(t.count, ordered.length);
      var title = sheetTitle(ordered);
      printTitle.textContent = title;
      writeAddress(ordered, title);
    }

    function writeAddress(ordered, title) {
      var url = address(ordered);
      // Ids and round names need no escaping: keep the commas readable, on paper too.
      var search = url.search.replace(/%2C/gi, ",");
      history.replaceState(history.state, "", url.pathname + search + url.hash);
      link.href = location.href;
      printMargins(ordered.length ? pageAddress() + search : null, ordered.length ? title : null);
    }

    function currentSheet() {
      return questions.filter(function (q) { return chosen.indexOf(q.id) >= 0; });
    }

    refreshThemes(new URLSearchParams(location.search).get(THEME));
    roundBoxes.forEach(function (b) {
      b.addEventListener("change", function () {
        refreshThemes(); renderList(); writeAddress(currentSheet(), printTitle.textContent);
      });
    });
    theme.addEventListener("change", function () {
      renderList(); writeAddress(currentSheet(), printTitle.textContent);
    });
    all.addEventListener("click", function () {
      visible().forEach(function (q) { if (chosen.indexOf(q.id) < 0) chosen.push(q.id); });
      renderList(); renderSheet();
    });
    none.addEventListener("click", function () { chosen = []; renderList(); renderSheet(); });
    print.addEventListener("click", function () { window.print(); });
    // The link is copied, not followed: following it would reload the page and lose the place.
    var clear = null;
    link.addEventListener("click", function (event) {
      event.preventDefault();
      clearTimeout(clear);
      copy(link.href).then(function () { copied.textContent = t.copied; },
                           function () { copied.textContent = t.copyFailed; })
        .then(function () { clear = setTimeout(function () { copied.textContent = ""; }, 6000); });
    });

    var since = window.ekhChanges && window.ekhChanges.sinceLastVisit(
      null, questions, function () { return chosen; }, head, "chosen", languageRoot());
    renderList(); renderSheet();
    root.classList.add("builder--ready");
  }

  /* The page's own wording for the sheet (intervjuark.md, .builder-texts), taken out before the
     builder replaces its fallback: the warning on questions about health and the law line, with
     the address of the link in it written out for paper. */
  function pageTexts(root) {
    var box = root.querySelector(".builder-texts");
    var texts = { warning: null, law: null };
    if (!box) return texts;
    texts.warning = box.querySelector(".builder-warning");
    texts.law = box.querySelector(".builder-lawline");
    if (texts.law) {
      Array.prototype.forEach.call(texts.law.querySelectorAll("a[href]"), function (a) {
        var where = new URL(a.getAttribute("href"), pageAddress());
        where.hash = "";
        a.parentNode.insertBefore(el("span", { "class": "builder-print-address" }, " (" + where.href + ")"), a.nextSibling);
      });
    }
    box.remove();
    return texts;
  }

  function init() {
    var root = document.getElementById("sheet-builder");
    // In a booklet (hooks/booklets.py) the page is paper: it says where the builder is instead.
    if (!root || root.closest(".booklet")) return;
    var texts = pageTexts(root);
    fetch(new URL("items.json", languageRoot()))
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r; })
      .then(function (r) { return r.json(); })
      .then(function (items) { build(root, items, texts); })
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
