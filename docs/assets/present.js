/* Presentation mode for workshop sheets (front matter `sheet: workshop`): one statement, case or
   question at a time on a projector, in type as large as fits (never below 32 px), with the
   sheet's title small above and "3 / 8" below. Opened by the «Vis på storskjerm» / "Show on
   screen" button or by the address (`?present`, `?present=3`); the address keeps the position,
   so a reload does not lose the place.

   What goes on screen is read from the page itself, never written twice: every item
   (`li.item`: its `.item-text`, and its source tags `.item-meta` in small type) and every case
   (`!!! example` admonition) in page order. Anything in another admonition (`!!! tip` is the
   facilitator's note) never shows. Keys: → ↓ PageDown Space next, ← ↑ PageUp previous,
   Home/End, F full screen, B or . blanks the screen, Esc leaves at the same place on the page.
   A tap on the right or left half of the screen moves forward or back. Nothing is fetched: it works offline once the page is loaded. */
(function () {
  "use strict";

  // --- Words, in both languages -------------------------------------------------------------
  var TEXT = {
    nb: {
      open: "Vis på storskjerm", dialog: "Storskjermvisning", close: "Avslutt",
      next: "Neste", prev: "Forrige", dark: "Mørk bakgrunn", light: "Lys bakgrunn",
      full: "Fullskjerm",
      of: "av", help: "Piltaster, Page Up/Down eller mellomrom blar. F gir fullskjerm, B blank skjerm. Esc avslutter."
    },
    en: {
      open: "Show on screen", dialog: "Presentation", close: "Close",
      next: "Next", prev: "Previous", dark: "Dark background", light: "Light background",
      full: "Full screen",
      of: "of", help: "Arrow keys, Page Up/Down or Space move between slides. F for full screen, B for a blank screen. Esc leaves."
    }
  };
  var FLOOR = 32;           // smallest type on screen, in CSS pixels
  var CEILING = 160;        // largest type tried, in CSS pixels
  var SCHEME_KEY = "ekh.present.scheme";
  var NEXT = ["ArrowRight", "ArrowDown", "PageDown", " "];
  var PREV = ["ArrowLeft", "ArrowUp", "PageUp"];
  var BLANK = ["b", "B", "."];

  var tools = document.querySelector('.sheet-tools[data-sheet="workshop"]');
  var body = document.querySelector('.sheet-body[data-sheet="workshop"]');
  if (!tools || !body) return;
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var T = TEXT[lang];

  // --- Reading the slides from the page --------------------------------------------------------
  function plain(el) {
    // The text of a heading or title without its ¶ permalink.
    var copy = el.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".headerlink, .item-permalink"), function (a) {
      a.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function sectionOf(el) {
    // The nearest h2 above an element, in page order.
    var h2s = body.querySelectorAll("h2"), found = "";
    Array.prototype.forEach.call(h2s, function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) found = plain(h);
    });
    return found;
  }

  function readSlides() {
    var nodes = body.querySelectorAll("li.item, .admonition.example, details.example");
    var slides = [];
    Array.prototype.forEach.call(nodes, function (el) {
      var note = el.parentElement && el.parentElement.closest(".admonition, details");
      if (note) return; // inside a facilitator's note (or inside a case: read with the case)
      if (el.matches("li.item")) {
        var text = el.querySelector(":scope > .item-text, :scope > p > .item-text");
        if (!text) return;
        // The source tags the build adds after the text («Kilde: …», a proposal badge).
        var meta = el.querySelector(".item-meta") || el.querySelector(".item-source");
        slides.push({
          el: el, kind: "item", label: "", text: text.textContent.replace(/\s+/g, " ").trim(),
          source: meta ? meta.textContent.replace(/\s+/g, " ").trim() : "",
          section: sectionOf(el)
        });
      } else {
        var title = el.querySelector(":scope > .admonition-title, :scope > summary");
        var paragraphs = Array.prototype.filter.call(el.children, function (c) { return c !== title; });
        slides.push({
          el: el, kind: "case", label: title ? plain(title) : "",
          text: paragraphs.map(function (c) { return c.textContent.replace(/\s+/g, " ").trim(); })
            .filter(Boolean).join("\n\n"),
          source: "", section: sectionOf(el)
        });
      }
    });
    return slides;
  }

  var slides = readSlides();
  if (!slides.length) return;
  var h1 = document.querySelector(".md-content h1");
  var sheetTitle = h1 ? plain(h1) : document.title;

  // --- The button next to «Skriv ut» -------------------------------------------------------
  var openButton = document.createElement("button");
  openButton.type = "button";
  openButton.className = "md-button sheet-present";
  openButton.textContent = T.open;
  tools.appendChild(openButton);

  // --- The presentation ------------------------------------------------------------------------
  function make(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  var view = null, parts = {}, index = 0, hidden = [];

  function build() {
    view = make("div", "present");
    view.setAttribute("role", "dialog");
    view.setAttribute("aria-modal", "true");
    view.setAttribute("aria-label", T.dialog + ": " + sheetTitle);
    // Opening reads the dialog's name, the current slide and how to move.
    view.setAttribute("aria-describedby", "present-now present-help");
    view.tabIndex = -1;
    var head = make("header", "present__head");
    parts.title = make("p", "present__title", sheetTitle);
    parts.section = make("p", "present__section");
    head.appendChild(parts.title);
    head.appendChild(parts.section);
    parts.stage = make("div", "present__stage");
    parts.slide = make("div", "present__slide");
    parts.label = make("p", "present__label");
    parts.text = make("p", "present__text");
    parts.slide.appendChild(parts.label);
    parts.slide.appendChild(parts.text);
    parts.stage.appendChild(parts.slide);
    var foot = make("footer", "present__foot");
    parts.source = make("p", "present__source");
    parts.count = make("p", "present__count");
    parts.count.setAttribute("aria-hidden", "true");
    var buttons = make("div", "present__buttons");
    parts.prev = make("button", "present__button present__prev", "‹");
    parts.prev.setAttribute("aria-label", T.prev);
    parts.prev.title = T.prev;
    parts.next = make("button", "present__button present__next", "›");
    parts.next.setAttribute("aria-label", T.next);
    parts.next.title = T.next;
    parts.scheme = make("button", "present__button present__scheme");
    parts.full = make("button", "present__button present__full", T.full);
    parts.full.setAttribute("aria-pressed", "false");
    parts.full.hidden = !document.fullscreenEnabled;
    parts.close = make("button", "present__button present__close", T.close);
    [parts.prev, parts.next, parts.scheme, parts.full, parts.close].forEach(function (b) {
      b.type = "button";
      buttons.appendChild(b);
    });
    foot.appendChild(parts.source);
    foot.appendChild(parts.count);
    foot.appendChild(buttons);
    parts.live = make("p", "present__live");
    parts.live.setAttribute("aria-live", "polite");
    parts.live.setAttribute("aria-atomic", "true");
    parts.live.id = "present-now";
    parts.help = make("p", "present__live", T.help);
    parts.help.id = "present-help";
    view.appendChild(head);
    view.appendChild(parts.stage);
    view.appendChild(foot);
    view.appendChild(parts.live);
    view.appendChild(parts.help);

    parts.prev.addEventListener("click", function () { go(index - 1); });
    parts.next.addEventListener("click", function () { go(index + 1); });
    parts.close.addEventListener("click", close);
    parts.full.addEventListener("click", toggleFullscreen);
    document.addEventListener("fullscreenchange", function () {
      parts.full.setAttribute("aria-pressed", String(!!document.fullscreenElement));
    });
    parts.scheme.addEventListener("click", function () {
      setScheme(view.getAttribute("data-md-color-scheme") === "slate" ? "default" : "slate", true);
    });
    // A tap (or click) on the slide: right half forward, left half back.
    parts.stage.addEventListener("click", function (event) {
      var box = view.getBoundingClientRect();
      go(event.clientX >= box.left + box.width / 2 ? index + 1 : index - 1);
    });
    view.addEventListener("click", function (event) {
      if (event.target === view) view.classList.remove("present--blank");
    });
    window.addEventListener("resize", fit);
  }

  // --- Palette: light in the room unless the presenter switched -------------------------------
  function setScheme(scheme, remember) {
    view.setAttribute("data-md-color-scheme", scheme);
    parts.scheme.textContent = scheme === "slate" ? T.light : T.dark;
    if (remember) {
      window.ekhStorage.set(SCHEME_KEY, scheme);
    }
  }

  function savedScheme() {
    return window.ekhStorage.get(SCHEME_KEY) === "slate" ? "slate" : "default";
  }

  // --- Full screen hides the browser's own bars too (Esc leaves full screen first) -----------
  function toggleFullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else document.documentElement.requestFullscreen().catch(function () { /* refused: stay */ });
  }

  // --- Type as large as fits, never below the floor -----------------------------------------
  function fits() {
    var style = getComputedStyle(parts.stage);
    var room = parts.stage.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return parts.slide.scrollHeight <= room && parts.slide.scrollWidth <= parts.stage.clientWidth;
  }

  function fit() {
    if (!view || !view.isConnected) return;
    var lo = FLOOR, hi = CEILING;
    parts.stage.classList.remove("present__stage--scroll");
    parts.slide.style.fontSize = hi + "px";
    if (fits()) return;
    while (hi - lo > 1) {
      var mid = Math.floor((lo + hi) / 2);
      parts.slide.style.fontSize = mid + "px";
      if (fits()) lo = mid; else hi = mid;
    }
    parts.slide.style.fontSize = lo + "px";
    // Longer than a screen even at the floor: let it scroll rather than cut it off.
    parts.stage.classList.toggle("present__stage--scroll", !fits());
  }

  // --- Moving, and the address that keeps the place ----------------------------------------
  function address(position) {
    var url = new URL(window.location.href);
    var params = url.searchParams;
    if (position) params.set("present", String(position)); else params.delete("present");
    var query = params.toString();
    return url.pathname + (query ? "?" + query : "") + (position ? "" : url.hash);
  }

  function go(to) {
    index = Math.max(0, Math.min(slides.length - 1, to));
    var s = slides[index];
    parts.section.textContent = s.section;
    parts.label.textContent = s.label;
    parts.label.hidden = !s.label;
    parts.text.textContent = s.text;
    parts.source.textContent = s.source;
    parts.count.textContent = (index + 1) + " / " + slides.length;
    parts.slide.className = "present__slide present__slide--" + s.kind;
    parts.prev.disabled = index === 0;
    parts.next.disabled = index === slides.length - 1;
    // A button that just went disabled drops focus: keep it in the presentation.
    if (document.activeElement && document.activeElement.disabled) view.focus();
    parts.live.textContent = (index + 1) + " " + T.of + " " + slides.length + ": " +
      (s.label ? s.label + ". " : "") + s.text;
    // Replay the entrance (CSS skips it when the reader prefers reduced motion).
    parts.slide.classList.remove("present__slide--enter");
    void parts.slide.offsetWidth;
    parts.slide.classList.add("present__slide--enter");
    history.replaceState(history.state, "", address(index + 1));
    fit();
  }

  function onKey(event) {
    // Heard first (window, capture) and kept from the site's own shortcuts: Material's "n" and
    // "." would open the next page, and "." or "b" is a clicker's blank-screen button.
    event.stopPropagation();
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var onButton = event.target.closest && event.target.closest("button");
    if (onButton && (event.key === " " || event.key === "Enter")) return; // the button acts
    var key = event.key;
    if (key === " " && event.shiftKey) key = "PageUp";
    if (BLANK.indexOf(key) >= 0) { view.classList.toggle("present--blank"); event.preventDefault(); return; }
    view.classList.remove("present--blank");
    if (NEXT.indexOf(key) >= 0) go(index + 1);
    else if (PREV.indexOf(key) >= 0) go(index - 1);
    else if (key === "Home") go(0);
    else if (key === "End") go(slides.length - 1);
    else if (key === "Escape") close();
    else if (key === "f" || key === "F") toggleFullscreen();
    else return;
    event.preventDefault();
  }

  // --- Opening and closing -------------------------------------------------------------------
  function open(position) {
    if (!view) build();
    if (view.isConnected) return;
    setScheme(savedScheme(), false);
    // Everything else on the page is out of reach while the presentation is open.
    hidden = Array.prototype.filter.call(document.body.children, function (c) {
      return c !== view && !c.inert && c.tagName !== "SCRIPT";
    });
    hidden.forEach(function (c) { c.inert = true; });
    document.body.appendChild(view);
    window.addEventListener("keydown", onKey, true);
    document.documentElement.classList.add("present-open");
    go(position - 1);
    view.focus();
  }

  function close() {
    if (!view || !view.isConnected) return;
    var current = slides[index].el;
    view.remove();
    window.removeEventListener("keydown", onKey, true);
    view.classList.remove("present--blank");
    if (document.fullscreenElement) document.exitFullscreen();
    document.documentElement.classList.remove("present-open");
    hidden.forEach(function (c) { c.inert = false; });
    hidden = [];
    history.replaceState(history.state, "", address(0));
    // Back on the page at the same place: the current item in view and focused.
    if (!current.hasAttribute("tabindex")) current.tabIndex = -1;
    current.focus({ preventScroll: true });
    current.scrollIntoView({ block: "center" });
  }

  openButton.addEventListener("click", function () { open(1); });

  var asked = new URLSearchParams(window.location.search).get("present");
  if (asked !== null) open(parseInt(asked, 10) || 1);
})();
