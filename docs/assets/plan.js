/* The new-hire plan: a first working day, kept in this browser, turns the steps of the path into
   dates in the reader's language; today's step is marked, a past step with unticked items says so,
   and a record for the talks (every checklist item of the path with its tick, the dates, lines for
   notes and signatures) is built for print. Nothing leaves the browser.

   The date rules (said on the page too):
   - a start on a Saturday or Sunday counts from the Monday after; all dates count from that day;
   - "N months after" is the same day number N calendar months later, or that month's last day
     when it has no such day (31 January + 1 month = 28 February, 29 in a leap year);
   - a talk that falls on a Saturday or Sunday moves to the Monday after (public holidays are not
     known: move such a talk yourself).
   Other scripts use window.ekhPlan: the date functions, the start date and `ready`. */
(function () {
  "use strict";
  var KEY = "ekh.plan.start";
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var LOCALE = lang === "en" ? "en-GB" : "nb-NO";
  var TEXT = {
    nb: {
      field: "Første arbeidsdag", hint: "Skriv inn datoen, så får hvert trinn sine datoer.",
      moved: "Du har valgt {day}, som er en helgedag: planen regner fra {first}.",
      until: "Fram til {date}", talk: "Samtalen: {date}", talkMoved: "Samtalen: {date} (flyttet fra helgen)",
      now: "Du er her", behind: "Trinnet er passert, og {n} av punktene er ikke krysset av.",
      record: "Oppfølgingsark: ny i jobben", person: "Den nyansatte", manager: "Leder",
      start: "Første arbeidsdag", noStart: "Første arbeidsdag: ",
      notesPerson: "Notater fra den nyansatte", notesManager: "Notater fra lederen",
      signPerson: "Signatur, den nyansatte", signManager: "Signatur, leder", date: "Dato",
      printed: "Skrevet ut {date}. Krysset av: {n} av {total}.",
      print: "Skriv ut oppfølgingsarket"
    },
    en: {
      field: "First working day", hint: "Enter the date and each step gets its dates.",
      moved: "You chose {day}, a weekend day: the plan counts from {first}.",
      until: "Until {date}", talk: "The talk: {date}", talkMoved: "The talk: {date} (moved from the weekend)",
      now: "You are here", behind: "This step is past and not all its points are ticked ({n} left).",
      record: "Record for the new-hire talks", person: "New hire", manager: "Manager",
      start: "First working day", noStart: "First working day: ",
      notesPerson: "Notes from the new hire", notesManager: "Notes from the manager",
      signPerson: "Signature, new hire", signManager: "Signature, manager", date: "Date",
      printed: "Printed {date}. Ticked: {n} of {total}.",
      print: "Print the record"
    }
  }[lang];
  var DAY = new Intl.DateTimeFormat(LOCALE, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  var LONG = new Intl.DateTimeFormat(LOCALE, { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

  // --- Dates: whole days at UTC midnight, so no time zone or summer time moves a day -----------

  function parseISO(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!m) return null;
    var d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
    return d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? d : null;
  }
  function iso(d) { return d.toISOString().slice(0, 10); }
  function addDays(d, n) { return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n)); }
  function addMonths(d, n) {
    var y = d.getUTCFullYear(), m = d.getUTCMonth() + n;
    var last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();  // day 0 of the next month
    return new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
  }
  function weekday(d) { var w = d.getUTCDay(); return w === 6 ? addDays(d, 2) : w === 0 ? addDays(d, 1) : d; }
  function today() { var n = new Date(); return new Date(Date.UTC(n.getFullYear(), n.getMonth(), n.getDate())); }

  /* Each step's span (`from`..`to`, both included; the step before day one has no `from`) and the
     day of its calendar event. The spans follow each other without gaps up to the last talk. */
  function schedule(startText) {
    var entered = parseISO(startText);
    if (!entered) return null;
    var first = weekday(entered), month1 = addMonths(first, 1);
    var talk2 = weekday(addMonths(first, 2)), talk5 = weekday(addMonths(first, 5));
    function talk(from, day, months) {
      return { from: from, to: day, event: day, talk: true, moved: iso(day) !== iso(addMonths(first, months)) };
    }
    return {
      entered: entered, first: first,
      steps: {
        "for-forste-dag": { from: null, to: addDays(first, -1), event: addDays(first, -7) },
        "forste-uke": { from: first, to: addDays(first, 6), event: first },
        "andre-uke": { from: addDays(first, 7), to: addDays(first, 13), event: addDays(first, 7) },
        "forste-maned": { from: addDays(first, 14), to: addDays(month1, -1), event: addDays(first, 14) },
        "to-maneder": talk(month1, talk2, 2),
        "fem-maneder": talk(addDays(talk2, 1), talk5, 5)
      }
    };
  }

  function when(span) {
    if (span.talk) return (span.moved ? TEXT.talkMoved : TEXT.talk).replace("{date}", LONG.format(span.event));
    if (!span.from) return TEXT.until.replace("{date}", DAY.format(span.to));
    return DAY.formatRange(span.from, span.to);
  }

  // --- The start date, kept in this browser ------------------------------------------------------

  var kept = "";  // when storage is off, the date lasts for this visit
  function start() { return window.ekhStorage.available() ? window.ekhStorage.get(KEY) || "" : kept; }
  function setStart(text) {
    kept = parseISO(text) ? text : "";
    if (parseISO(text)) window.ekhStorage.set(KEY, text);
    else window.ekhStorage.remove(KEY);
    document.dispatchEvent(new CustomEvent("ekh:plan"));
  }

  // --- On the path page: the field, the dates beside each step, the record ----------------------

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }

  function field(block) {
    var box = el("div", "np-start");
    var label = el("label", "", TEXT.field);
    label.htmlFor = "np-start";
    var input = el("input");
    input.type = "date"; input.id = "np-start"; input.value = start();
    var hint = el("p", "np-start__hint", TEXT.hint);
    hint.id = "np-start-hint";
    hint.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", hint.id);
    input.addEventListener("change", function () { setStart(input.value); });
    box.appendChild(label); box.appendChild(input); box.appendChild(hint);
    block.insertBefore(box, block.firstChild);
    return { input: input, hint: hint };
  }

  function unticked(step) {
    return step.items.filter(function (i) { return !window.ekhTicks.ticked(i.id); }).length;
  }

  function drawDates(steps, plan, ui) {
    var now = iso(today());
    ui.input.value = plan ? iso(plan.entered) : "";
    ui.hint.textContent = !plan ? TEXT.hint : iso(plan.entered) === iso(plan.first) ? "" :
      TEXT.moved.replace("{day}", LONG.format(plan.entered)).replace("{first}", LONG.format(plan.first));
    steps.forEach(function (step) {
      var li = step.li, span = plan && plan.steps[step.slug];
      var line = li.querySelector(":scope > .np-when");
      li.classList.remove("np-step--now", "np-step--behind");
      li.removeAttribute("aria-current");
      if (!span) { if (line) line.remove(); return; }
      if (!line) { line = el("span", "np-when"); li.appendChild(line); }
      line.textContent = "";
      line.appendChild(el("span", "np-when__date", when(span)));
      var isNow = (!span.from || iso(span.from) <= now) && now <= iso(span.to);
      var missing = unticked(step);
      if (isNow) {
        li.classList.add("np-step--now");
        li.setAttribute("aria-current", "step");
        line.appendChild(el("strong", "np-when__now", TEXT.now));
      } else if (now > iso(span.to) && missing) {
        li.classList.add("np-step--behind");
        line.appendChild(el("span", "np-when__behind", TEXT.behind.replace("{n}", missing)));
      }
    });
  }

  /* The paper for the talks: only on print (print.css), assembled from the steps and items.json. */
  function drawRecord(record, steps, plan) {
    record.textContent = "";
    record.appendChild(el("h2", "np-record__title", TEXT.record));
    var head = el("div", "np-record__head");
    [TEXT.person, TEXT.manager].forEach(function (who) {
      var line = el("span", "np-record__field", who + ": ");
      line.appendChild(el("span", "np-record__line"));
      head.appendChild(line);
    });
    var first = el("span", "np-record__field", TEXT.noStart);
    if (plan) first.appendChild(el("strong", "", LONG.format(plan.first)));
    else first.appendChild(el("span", "np-record__line"));
    head.appendChild(first);
    record.appendChild(head);

    var n = 0, total = 0;
    var list = el("ol", "np-record__steps");
    steps.forEach(function (step) {
      var li = el("li", "np-record__step");
      var title = el("p", "np-record__step-title");
      title.appendChild(el("strong", "", step.link.textContent));
      var span = plan && plan.steps[step.slug];
      if (span) title.appendChild(el("span", "np-record__when", " · " + when(span)));
      li.appendChild(title);
      var items = el("ul", "np-record__items");
      step.items.forEach(function (item) {
        var on = window.ekhTicks.ticked(item.id);
        total += 1; n += on ? 1 : 0;
        var row = el("li", "np-record__item" + (on ? " np-record__item--on" : ""));
        row.setAttribute("data-item", item.id);
        row.appendChild(el("span", "np-record__box", on ? "✓" : ""));
        row.appendChild(el("span", "", item.text));
        items.appendChild(row);
      });
      li.appendChild(items);
      list.appendChild(li);
    });
    record.appendChild(list);

    [TEXT.notesPerson, TEXT.notesManager].forEach(function (label) {
      var notes = el("div", "np-record__notes");
      notes.appendChild(el("p", "np-record__label", label));
      for (var i = 0; i < 5; i += 1) notes.appendChild(el("div", "np-record__rule"));
      record.appendChild(notes);
    });
    var sign = el("div", "np-record__sign");
    [TEXT.signPerson, TEXT.signManager].forEach(function (who) {
      var box = el("div", "np-record__signature");
      box.appendChild(el("div", "np-record__rule"));
      box.appendChild(el("span", "", who + " · " + TEXT.date));
      sign.appendChild(box);
    });
    record.appendChild(sign);
    record.appendChild(el("p", "np-record__printed",
      TEXT.printed.replace("{date}", DAY.format(today())).replace("{n}", n).replace("{total}", total)));
  }

  /* Save a text as a file in the reader's downloads; nothing is sent anywhere. */
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var a = el("a");
    a.href = url; a.download = name; a.hidden = true;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }

  /* The tools below the path (calendar.js, progress-file.js fill theirs), in this order. */
  function tools() {
    var plan = document.querySelector(".np-plan");
    if (!plan) return null;
    var groups = {};
    ["calendar", "file", "print"].forEach(function (name) {
      groups[name] = el("div", "np-plan__group np-plan__" + name);
      plan.appendChild(groups[name]);
    });
    var button = el("button", "md-button sheet-print", TEXT.print);  // print.js prints on click
    button.type = "button";
    groups.print.appendChild(button);
    return groups;
  }

  function setUp(path) {
    var block = document.querySelector(".np-path");
    var ui = field(block);
    path.tools = tools();
    var body = block.closest(".sheet-body") || block.parentNode;
    var record = el("section", "np-record print-only");
    record.setAttribute("aria-hidden", "true");
    body.appendChild(record);
    body.classList.add("np-has-record");
    function draw() {
      var plan = schedule(start());
      drawDates(path.steps, plan, ui);
      drawRecord(record, path.steps, plan);
    }
    document.addEventListener("ekh:plan", draw);
    document.addEventListener("ekh:ticks", draw);
    draw();
    return path;
  }

  /* On a step's own page: its dates under the title, when a first working day is set. */
  function stepPage() {
    var m = /\/ny-i-jobben\/([a-z0-9-]+)\/(?:index\.html)?$/.exec(location.pathname);
    var plan = schedule(start()), span = m && plan && plan.steps[m[1]];
    var title = document.querySelector(".md-content h1");
    if (!span || !title) return;
    var line = el("p", "np-when np-when--page");
    line.appendChild(el("span", "", TEXT.field + ": " + DAY.format(plan.first) + " · "));
    line.appendChild(el("span", "np-when__date", when(span)));
    title.parentNode.insertBefore(line, title.nextSibling);
  }

  if (!document.querySelector(".np-path")) stepPage();
  var ready = window.ekhPath ? window.ekhPath.ready.then(setUp) : Promise.reject(new Error("no path"));
  ready.catch(function () { /* no path on this page, or items.json unreadable: no plan */ });
  window.ekhPlan = {
    parseISO: parseISO, iso: iso, addMonths: addMonths, schedule: schedule, when: when,
    longDate: function (d) { return LONG.format(d); },
    start: start, setStart: setStart, download: download, el: el, ready: ready, lang: lang
  };
})();
