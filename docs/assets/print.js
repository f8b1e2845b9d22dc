/* Print: the «Skriv ut» / "Print" button on sheet pages, and collapsed details opened for paper
   (closed again afterwards). */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.setAttribute("open", "");
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".sheet-print")) window.print();
  });
})();
