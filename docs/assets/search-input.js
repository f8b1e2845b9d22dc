/* Search as soon as the search box changes, however the text got there.
 *
 * Material reads the search box on keyup, so text pasted with the mouse, dictated, or filled in
 * by the browser or an assistive tool is not searched until a key is pressed. This script turns
 * every change of the box (the `input` event) into the keyup Material listens for.
 */
"use strict";

document.addEventListener("input", function (event) {
  var box = event.target;
  if (box instanceof HTMLInputElement && box.matches("[data-md-component=search-query]"))
    box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
});
