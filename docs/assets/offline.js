/* The handbook offline and on the home screen, on the page's side (the worker is offline-worker.js).
 *
 * - Registers the service worker once the page has loaded (the first visit is not slowed down).
 *   Where it is comes from the page: `<link rel="manifest" data-worker="…">` (overrides/main.html),
 *   `data-worker` relative to the manifest. No such link (a build for editing): nothing happens.
 * - Asks the worker to store this page's language too, so a reader who moves to the other
 *   language has it offline as well.
 * - A new release waits: the reader sees «En ny versjon av håndboka er klar — last inn på nytt»
 *   with a button, and only that button hands the page over to it (then reloads). Nothing is
 *   swapped under a reader mid-page.
 * - Offline (no network, or the page came from the device's store), a line says so and names the
 *   release the reader is reading: «Du er uten nett. Du leser utgaven fra 4. desember 2026 …».
 */
(function () {
  "use strict";

  var TEXT = {
    nb: {
      update: "En ny versjon av håndboka er klar — ",
      reload: "last inn på nytt",
      offline: "Du er uten nett. Du leser utgaven av håndboka fra {date}, lagret på enheten.",
      offlineUndated: "Du er uten nett. Du leser utgaven av håndboka som er lagret på enheten."
    },
    en: {
      update: "A new version is ready — ",
      reload: "reload",
      offline: "You are offline. You are reading the edition of the handbook from {date}, saved on this device.",
      offlineUndated: "You are offline. You are reading the edition of the handbook saved on this device."
    }
  };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var T = TEXT[lang];

  var link = document.querySelector("link[rel=manifest][data-worker]");
  if (!link || !("serviceWorker" in navigator)) return;
  var sw = navigator.serviceWorker;
  var worker = new URL(link.getAttribute("data-worker"), link.href);

  /* ------------------------------------------------------------------------
   * The bar at the bottom of the window: one live region for both messages
   * ---------------------------------------------------------------------- */

  var bar = document.createElement("div");
  bar.className = "offline-bar";
  bar.setAttribute("role", "status");
  document.body.appendChild(bar);

  function line(name) {
    var el = bar.querySelector(".offline-bar__" + name);
    if (!el) {
      el = document.createElement("p");
      el.className = "offline-bar__line offline-bar__" + name;
      if (name === "update") bar.insertBefore(el, bar.firstChild); else bar.appendChild(el);
    }
    return el;
  }

  function drop(name) {
    var el = bar.querySelector(".offline-bar__" + name);
    if (el) el.remove();
  }

  /* ------------------------------------------------------------------------
   * A new release
   * ---------------------------------------------------------------------- */

  var asked = false; // this page asked the new release to take over: reload once it has
  var controller = sw.controller;

  function offer(next) {
    var el = line("update");
    if (el.firstChild) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "offline-bar__button";
    button.textContent = T.reload;
    button.addEventListener("click", function () {
      asked = true;
      button.disabled = true;
      if (next && next.state === "installed") next.postMessage({ type: "handbook-update" });
      else location.reload();
    });
    el.appendChild(document.createTextNode(T.update));
    el.appendChild(button);
  }

  function follow(next, registration) {
    if (!next) return;
    function check() {
      if (next.state === "installed" && sw.controller && registration.waiting === next) offer(next);
    }
    next.addEventListener("statechange", check);
    check();
  }

  sw.addEventListener("controllerchange", function () {
    var now = sw.controller;
    if (asked) {
      location.reload();
    } else if (controller && now && controller.scriptURL === now.scriptURL) {
      offer(null); // another window took the new release: this page is still the old one
    }
    controller = now;
  });

  /* ------------------------------------------------------------------------
   * Offline: which release the reader is reading
   * ---------------------------------------------------------------------- */

  function formatDate(iso) {
    try {
      return new Intl.DateTimeFormat(lang === "en" ? "en-GB" : "nb-NO",
        { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(iso + "T00:00:00Z"));
    } catch (e) {
      return iso;
    }
  }

  function release() { // the release the worker keeps on this device: {id, date}
    var active = sw.controller;
    if (!active || !window.MessageChannel) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      active.postMessage({ type: "handbook-release" }, [channel.port2]);
      setTimeout(resolve, 2000, null);
    });
  }

  function showOffline() {
    var stored = document.documentElement.getAttribute("data-offline-release");
    if (!stored && navigator.onLine) {
      drop("offline");
      return;
    }
    (stored ? Promise.resolve({ date: stored }) : release()).then(function (found) {
      if (!stored && navigator.onLine) return;
      line("offline").textContent = found && found.date ? T.offline.replace("{date}", formatDate(found.date)) : T.offlineUndated;
    });
  }

  window.addEventListener("offline", showOffline);
  window.addEventListener("online", showOffline);
  showOffline();

  /* ------------------------------------------------------------------------
   * Registering, after the page has loaded
   * ---------------------------------------------------------------------- */

  // updateViaCache "none": the worker and the scripts it imports (storage.js) are always checked
  // with the server, never taken from the browser's HTTP cache, so a new release is found.
  window.addEventListener("load", function () {
    sw.register(worker.href, { scope: new URL("./", worker).href, updateViaCache: "none" }).then(function (registration) {
      follow(registration.waiting, registration);
      follow(registration.installing, registration);
      registration.addEventListener("updatefound", function () { follow(registration.installing, registration); });
      return sw.ready;
    }).then(function (registration) {
      if (registration.active) registration.active.postMessage({ type: "handbook-language", lang: document.documentElement.lang });
    }).catch(function (error) {
      console.warn("offline: the handbook cannot be stored on this device:", error);
    });
  });
})();
