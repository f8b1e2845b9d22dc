/* «Lagre framdriften som fil» / "Save progress to a file" and «Hent framdrift fra fil» / "Load
   progress from a file": the new-hire path's ticks and first working day move to another browser
   as a small JSON file:

     {"format": "ekh-ny-i-jobben", "version": 1, "saved": "<ISO time>",
      "start": "YYYY-MM-DD" or null, "ticked": ["<item id>", …]}

   Loading shows what will change and merges on confirmation: ticks in the file are added (a tick
   is never removed), and the file's first working day replaces this browser's. A file that is not
   such JSON, has another version, or names an id that is not a checklist item of the path is
   refused with a message, and nothing changes; so is a file larger than LIMIT, before it is read.
   The ids come from items.json (through path.js), looked up as a Map's keys: names every object
   has ("constructor", "toString", "__proto__") are unknown ids like any other. */
(function () {
  "use strict";
  var plan = window.ekhPlan, ticks = window.ekhTicks;
  if (!plan || !ticks) return;
  var FORMAT = "ekh-ny-i-jobben", VERSION = 1;
  /* A file with every item of the path ticked is under 1 KB (29 items: 924 bytes). One megabyte
     leaves room for a path a thousand times as long, and is read at once; anything larger is no
     progress file, and is refused without being read (a 40 MB file took 20 seconds to parse and
     was offered for merge). The messages say "1 MB". */
  var LIMIT = 1000000;
  var TEXT = {
    nb: {
      legend: "Framdriften på en annen PC", save: "Lagre framdriften som fil", load: "Hent framdrift fra fil",
      file: "ny-i-jobben-framdrift.json",
      saved: "Filen er lastet ned (avkryssede punkter: {n}). Ta den med og hent den i den andre nettleseren.",
      broken: "«{name}» er ikke en framdriftsfil fra håndboka. Ingenting er endret.",
      version: "«{name}» har versjon {v}, men håndboka leser bare versjon {want}. Ingenting er endret.",
      tooBig: "«{name}» er {size}, og en framdriftsfil fra håndboka er aldri større enn 1 MB. Ingenting er endret.",
      unknown: "«{name}» har punkter som ikke finnes på stien: {ids}. Ingenting er endret.",
      badStart: "«{name}» har en ugyldig første arbeidsdag: {start}. Ingenting er endret.",
      nothing: "«{name}» har ingenting som ikke allerede står her. Ingenting er endret.",
      review: "Dette endres hvis du henter «{name}»:",
      addTicks: "Punkter som blir krysset av ({n}):", setStart: "Første arbeidsdag blir {date} (nå: {old}).",
      none: "ikke satt", merge: "Hent og slå sammen", cancel: "Avbryt",
      merged: "Framdriften er hentet. Nye kryss: {n}.", cancelled: "Ingenting er endret."
    },
    en: {
      legend: "Progress on another computer", save: "Save progress to a file", load: "Load progress from a file",
      file: "new-hire-progress.json",
      saved: "The file is downloaded (ticked points: {n}). Take it along and load it in the other browser.",
      broken: "“{name}” is not a progress file from the handbook. Nothing has changed.",
      version: "“{name}” has version {v}, but the handbook only reads version {want}. Nothing has changed.",
      tooBig: "“{name}” is {size}, and a progress file from the handbook is never larger than 1 MB. Nothing has changed.",
      unknown: "“{name}” has points that are not on the path: {ids}. Nothing has changed.",
      badStart: "“{name}” has an invalid first working day: {start}. Nothing has changed.",
      nothing: "“{name}” has nothing that is not already here. Nothing has changed.",
      review: "This changes if you load “{name}”:",
      addTicks: "Points that will be ticked ({n}):", setStart: "The first working day becomes {date} (now: {old}).",
      none: "not set", merge: "Load and merge", cancel: "Cancel",
      merged: "Progress loaded. New ticks: {n}.", cancelled: "Nothing has changed."
    }
  }[plan.lang];
  var el = plan.el;

  /* "40 MB", "1,1 MB": a file's size in the page's language, rounded up (never "1 MB" for a file
     over the limit). */
  function megabytes(bytes) {
    var locale = plan.lang === "en" ? "en-GB" : "nb-NO";
    return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(Math.ceil(bytes / 1e5) / 10) + " MB";
  }

  function say(text, values) {
    return Object.keys(values || {}).reduce(function (t, k) { return t.split("{" + k + "}").join(values[k]); }, text);
  }

  // --- Reading a file: refuse anything but a well-formed file about this path ------------------

  /* Returns {ticked: [ids], start: text or null} or throws an Error whose message is for the reader. */
  function read(text, name, known) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || typeof data !== "object" || Array.isArray(data) || data.format !== FORMAT) {
      throw new Error(say(TEXT.broken, { name: name }));
    }
    // The handbook writes the version as a number: anything else ("1", none) is no such file, so
    // the message never says "version 1, but the handbook reads version 1".
    if (typeof data.version !== "number") throw new Error(say(TEXT.broken, { name: name }));
    if (data.version !== VERSION) throw new Error(say(TEXT.version, { name: name, v: String(data.version), want: VERSION }));
    if (!Array.isArray(data.ticked) || !data.ticked.every(function (id) { return typeof id === "string"; })) {
      throw new Error(say(TEXT.broken, { name: name }));
    }
    var unknown = data.ticked.filter(function (id) { return !known.has(id); });
    if (unknown.length) throw new Error(say(TEXT.unknown, { name: name, ids: unknown.join(", ") }));
    var start = data.start === undefined ? null : data.start;
    if (start !== null && !(typeof start === "string" && plan.parseISO(start))) {
      throw new Error(say(TEXT.badStart, { name: name, start: JSON.stringify(start) }));
    }
    return { ticked: data.ticked, start: start };
  }

  // --- Saving: the path's ticks (in the order given) and the first working day ----------------

  /* Downloads the progress file; returns how many ticked points it holds. The privacy page's
     «Slett alt» offers it too (forget.js), before anything is deleted. */
  function save(order) {
    var ticked = order.filter(function (id) { return ticks.ticked(id); });
    var data = { format: FORMAT, version: VERSION, saved: new Date().toISOString(), start: plan.start() || null, ticked: ticked };
    plan.download(TEXT.file, "application/json", JSON.stringify(data, null, 2) + "\n");
    return ticked.length;
  }
  window.ekhProgressFile = { save: save };

  // --- The controls ----------------------------------------------------------------------------

  function setUp(path) {
    if (!path.tools) return;
    var known = new Map(), order = [];
    path.steps.forEach(function (step) {
      step.items.forEach(function (item) { known.set(item.id, item); order.push(item.id); });
    });
    var box = el("fieldset", "np-file");
    box.appendChild(el("legend", "", TEXT.legend));
    var save = el("button", "md-button np-file__save", TEXT.save);
    save.type = "button";
    var load = el("button", "md-button np-file__load", TEXT.load);
    load.type = "button";
    var input = el("input", "np-file__input");
    input.type = "file"; input.accept = ".json,application/json"; input.hidden = true;
    var review = el("div", "np-file__review");
    review.hidden = true;
    var status = el("p", "np-status np-file__status");
    status.setAttribute("role", "status");
    [save, load, input, review, status].forEach(function (e) { box.appendChild(e); });
    path.tools.file.appendChild(box);

    save.addEventListener("click", function () {
      status.textContent = say(TEXT.saved, { n: window.ekhProgressFile.save(order) });
    });
    load.addEventListener("click", function () { input.click(); });

    /* The review closes; focus goes back to the button that opened it (not to <body>, where a
       keyboard user would have to start the page over), and the status says what happened. */
    function close(message, refocus) {
      review.hidden = true; review.textContent = ""; input.value = "";
      status.textContent = message;
      if (refocus) load.focus();
    }

    function show(change, name) {
      review.textContent = "";
      review.appendChild(el("p", "", say(TEXT.review, { name: name })));
      if (change.start) {
        var old = plan.parseISO(plan.start());
        review.appendChild(el("p", "", say(TEXT.setStart, {
          date: plan.longDate(plan.parseISO(change.start)), old: old ? plan.longDate(old) : TEXT.none
        })));
      }
      if (change.ticks.length) {
        review.appendChild(el("p", "", say(TEXT.addTicks, { n: change.ticks.length })));
        var list = el("ul", "np-file__changes");
        change.ticks.forEach(function (id) {
          var row = el("li", "", known.get(id).text);
          row.setAttribute("data-item", id);
          list.appendChild(row);
        });
        review.appendChild(list);
      }
      var merge = el("button", "md-button md-button--primary np-file__merge", TEXT.merge);
      merge.type = "button";
      var cancel = el("button", "md-button np-file__cancel", TEXT.cancel);
      cancel.type = "button";
      review.appendChild(merge); review.appendChild(cancel);
      review.hidden = false;
      status.textContent = "";
      merge.addEventListener("click", function () {
        change.ticks.forEach(function (id) { ticks.setTicked(id, true); });
        if (change.start) plan.setStart(change.start);
        close(say(TEXT.merged, { n: change.ticks.length }), true);
      });
      cancel.addEventListener("click", function () { close(TEXT.cancelled, true); });
      merge.focus();
    }

    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (!file) return;
      if (file.size > LIMIT) { close(say(TEXT.tooBig, { name: file.name, size: megabytes(file.size) })); return; }
      file.text().then(function (text) {
        var data;
        try { data = read(text, file.name, known); } catch (e) { close(e.message); return; }
        var change = {
          ticks: order.filter(function (id) { return data.ticked.indexOf(id) >= 0 && !ticks.ticked(id); }),
          start: data.start && data.start !== plan.start() ? data.start : null
        };
        if (!change.ticks.length && !change.start) { close(say(TEXT.nothing, { name: file.name })); return; }
        show(change, file.name);
      });
    });
  }

  plan.ready.then(setUp).catch(function () { /* no plan on this page */ });
})();
