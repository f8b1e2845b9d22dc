/* «Legg i kalenderen» / "Add to calendar": the new-hire plan's dates as an iCalendar file
   (RFC 5545) that Outlook, Google Calendar and Apple Calendar import. One all-day event per chosen
   step (by default the first working day and the two talks), in the reader's language, each with
   a link to its step's page. The file is made in the browser; nothing is sent anywhere.

   A UID is the step and the first working day (and the site's host), so importing the same plan
   again updates the events instead of adding copies; a new start date gives new events. */
(function () {
  "use strict";
  var plan = window.ekhPlan;
  if (!plan) return;
  var TEXT = {
    nb: {
      legend: "Hva skal i kalenderen?", button: "Legg i kalenderen",
      need: "Skriv inn første arbeidsdag over stien først.", none: "Velg minst én dato.",
      done: "Kalenderfilen er lastet ned. Åpne den for å legge datoene inn i kalenderen din.",
      more: "Les mer om trinnet: {url}", file: "ny-i-jobben-kalender.ics",
      summary: {
        "for-forste-dag": "Ny i jobben: én uke til første arbeidsdag",
        "forste-uke": "Ny i jobben: første arbeidsdag",
        "andre-uke": "Ny i jobben: andre uke begynner",
        "forste-maned": "Ny i jobben: resten av første måned",
        "to-maneder": "Ny i jobben: samtale etter to måneder",
        "fem-maneder": "Ny i jobben: samtale etter fem måneder"
      }
    },
    en: {
      legend: "What goes in the calendar?", button: "Add to calendar",
      need: "Enter the first working day above the path first.", none: "Choose at least one date.",
      done: "The calendar file is downloaded. Open it to add the dates to your calendar.",
      more: "Read more about this step: {url}", file: "new-hire-calendar.ics",
      summary: {
        "for-forste-dag": "New in the job: one week to the first working day",
        "forste-uke": "New in the job: first working day",
        "andre-uke": "New in the job: the second week begins",
        "forste-maned": "New in the job: the rest of the first month",
        "to-maneder": "New in the job: the two-month talk",
        "fem-maneder": "New in the job: the five-month talk"
      }
    }
  }[plan.lang];
  var CHOSEN = ["forste-uke", "to-maneder", "fem-maneder"];
  var el = plan.el;

  // --- RFC 5545 text: escaping, CRLF, lines folded at 75 octets ---------------------------------

  function escapeText(text) {
    return text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r\n|\r|\n/g, "\\n");
  }

  /* Fold a content line into lines of at most 75 octets of UTF-8; a continuation line starts with
     a space. A character is never split. */
  function fold(line) {
    var encoder = new TextEncoder(), out = [], current = "", size = 0;
    Array.from(line).forEach(function (ch) {
      var n = encoder.encode(ch).length;
      if (size + n > 75) { out.push(current); current = " "; size = 1; }
      current += ch; size += n;
    });
    out.push(current);
    return out.join("\r\n");
  }

  function day(d) { return plan.iso(d).replace(/-/g, ""); }
  function stamp(now) { return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z"); }

  function ics(path, schedule, slugs, now) {
    var host = location.hostname || "localhost";
    var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Erfaringskompetanse-handboka//Ny i jobben//" + plan.lang.toUpperCase(),
      "CALSCALE:GREGORIAN", "METHOD:PUBLISH"];
    path.steps.forEach(function (step) {
      var span = schedule.steps[step.slug];
      if (!span || slugs.indexOf(step.slug) < 0) return;
      var about = step.link.textContent + " – " + (step.link.nextSibling ? step.link.nextSibling.textContent.replace(/^\s*–\s*/, "").trim() : "");
      lines.push(
        "BEGIN:VEVENT",
        "UID:ny-i-jobben-" + step.slug + "-" + day(schedule.first) + "@" + host,
        "DTSTAMP:" + stamp(now),
        "DTSTART;VALUE=DATE:" + day(span.event),
        "DTEND;VALUE=DATE:" + day(new Date(span.event.getTime() + 86400000)),
        "SUMMARY:" + escapeText(TEXT.summary[step.slug]),
        "DESCRIPTION:" + escapeText(about + "\n" + TEXT.more.replace("{url}", step.url)),
        "URL:" + step.url,
        "TRANSP:TRANSPARENT",
        "END:VEVENT"
      );
    });
    lines.push("END:VCALENDAR");
    return lines.map(fold).join("\r\n") + "\r\n";
  }

  // --- The control ----------------------------------------------------------------------------

  function setUp(path) {
    if (!path.tools) return;
    var box = el("fieldset", "np-calendar");
    box.appendChild(el("legend", "", TEXT.legend));
    var choices = {};
    path.steps.forEach(function (step) {
      if (!TEXT.summary[step.slug]) return;
      var label = el("label", "np-calendar__choice");
      var input = el("input");
      input.type = "checkbox"; input.value = step.slug; input.checked = CHOSEN.indexOf(step.slug) >= 0;
      var name = el("span", "", TEXT.summary[step.slug]);
      var date = el("span", "np-calendar__date");
      label.appendChild(input); label.appendChild(name); label.appendChild(date);
      box.appendChild(label);
      choices[step.slug] = { input: input, date: date };
    });
    var button = el("button", "md-button md-button--primary np-calendar__button", TEXT.button);
    button.type = "button";
    var status = el("p", "np-status np-calendar__status");
    status.setAttribute("role", "status");
    box.appendChild(button); box.appendChild(status);
    path.tools.calendar.appendChild(box);

    function draw() {
      var schedule = plan.schedule(plan.start());
      Object.keys(choices).forEach(function (slug) {
        var span = schedule && schedule.steps[slug];
        choices[slug].date.textContent = span ? " (" + plan.longDate(span.event) + ")" : "";
      });
    }
    document.addEventListener("ekh:plan", draw);
    draw();

    button.addEventListener("click", function () {
      var schedule = plan.schedule(plan.start());
      var slugs = Object.keys(choices).filter(function (slug) { return choices[slug].input.checked; });
      if (!schedule) { status.textContent = TEXT.need; return; }
      if (!slugs.length) { status.textContent = TEXT.none; return; }
      plan.download(TEXT.file, "text/calendar;charset=utf-8", ics(path, schedule, slugs, new Date()));
      status.textContent = TEXT.done;
    });
  }

  plan.ready.then(setUp).catch(function () { /* no plan on this page */ });
  window.ekhCalendar = { fold: fold, escapeText: escapeText };
})();
