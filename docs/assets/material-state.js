/* Material's page state without inline scripts (the site runs under `script-src 'self'`).
   Material inlines two scripts: one in <head> defining __md_get/__md_set (its stored settings,
   scoped to the site's path) and one after the palette form that applies the stored palette
   before the page paints. This file does both, loaded synchronously right after the palette form
   (overrides/partials/javascripts/palette.html), before Material's bundle needs them. Unlike
   Material's own, reading storage never throws: with storage blocked, the palette follows the
   reader's system setting and the toggle still works for this page. It also closes the drawer and
   search whenever a page is shown, and marks the page `js` at once (see below). */
(function () {
  "use strict";
  // Scripts run: style the page for that from the first paint. Material's bundle does the same,
  // but it loads deferred, and its .no-js rules (search button, …) would move the page when it runs.
  document.documentElement.classList.remove("no-js");
  document.documentElement.classList.add("js");

  var scope = new URL(document.currentScript.getAttribute("data-scope") || ".", location.href);

  window.__md_scope = scope;
  window.__md_hash = function (text) {
    return Array.prototype.reduce.call(text, function (h, c) { return (h << 5) - h + c.charCodeAt(0); }, 0);
  };
  window.__md_get = function (key, storage, base) {
    try {
      return JSON.parse((storage || localStorage).getItem((base || scope).pathname + "." + key));
    } catch (e) {
      return null;  // storage blocked or the value unreadable: as if nothing was stored
    }
  };
  window.__md_set = function (key, value, storage, base) {
    try {
      (storage || localStorage).setItem((base || scope).pathname + "." + key, JSON.stringify(value));  // storage-helper: Material's names are checked where it calls __md_set
    } catch (e) { /* storage blocked or full: the setting lasts for this page only */ }
  };

  // --- The drawer and search start closed -----------------------------------------------------
  // Material marks their toggles autocomplete="off" so that a browser does not restore them open;
  // that attribute is invalid on a checkbox (hooks/markup.py drops it), so this closes them.
  window.addEventListener("pageshow", function () {
    ["__drawer", "__search"].forEach(function (id) {
      var toggle = document.getElementById(id);
      if (toggle && toggle.checked) toggle.click();
    });
  });

  // --- The stored palette, applied before the page paints ------------------------------------
  var palette = window.__md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    var light = matchMedia("(prefers-color-scheme: light)").matches;
    var input = document.querySelector("[data-md-color-media='(prefers-color-scheme: " + (light ? "light" : "dark") + ")']");
    if (input) {
      ["media", "scheme", "primary", "accent"].forEach(function (key) {
        palette.color[key] = input.getAttribute("data-md-color-" + key);
      });
    }
  }
  Object.keys(palette.color).forEach(function (key) {
    document.body.setAttribute("data-md-color-" + key, palette.color[key]);
  });
})();
