/* Retired items: a link to page/#old-id lands on the item that replaced it. The build leaves an
   <a class="item-retired" id="old-id" href="…#new-id" hidden> on the page the old item stood on
   (hooks/items.py); when the address points at one, this follows its link. */
(function () {
  "use strict";
  function follow() {
    var id = decodeURIComponent(location.hash.slice(1));
    var a = id && document.getElementById(id);
    if (a && a.classList.contains("item-retired")) location.replace(a.href);
  }
  window.addEventListener("hashchange", follow);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", follow);
  else follow();
})();
