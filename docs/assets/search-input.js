/* Search as soon as the search box changes, however the text got there; get the index ready
 * as soon as the reader goes to the box.
 *
 * Material reads the search box on keyup, so text pasted with the mouse, dictated, or filled in
 * by the browser or an assistive tool is not searched until a key is pressed. This script turns
 * every change of the box (the `input` event) into the keyup Material listens for.
 *
 * The search worker (docs/assets/javascripts/workers/handbook-search.js) fetches and builds the
 * full index only when asked. The first time the box gets focus (a click, a tap on the search
 * icon, the keyboard shortcut) this script says {warm: true} on the BroadcastChannel
 * "handbook-search", so the index loads while the reader types: nothing is fetched before the
 * reader goes to the box.
 */
"use strict";

document.addEventListener("input", function (event) {
  var box = event.target;
  if (box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]"))
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
});

document.addEventListener("focusin", function warm(event) {
  var box = event.target;
  if (!(box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]"))) return;
  document.removeEventListener("focusin", warm);
  if (typeof BroadcastChannel === "function") new BroadcastChannel("handbook-search").postMessage({ warm: true });
});
