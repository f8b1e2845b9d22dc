/* Redirect pages (hooks/redirects.py): go on to the new address at once, keeping the #anchor the
   reader came with. The page's meta refresh and link do the same without the anchor. */
(function () {
  "use strict";
  var link = document.querySelector('link[rel="canonical"]');
  if (!link) return;
  var target = new URL(link.getAttribute("href"), window.location.href);
  if (window.location.hash) target.hash = window.location.hash;
  window.location.replace(target.href);
})();
