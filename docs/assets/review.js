/* Review dates: «Neste gjennomgang» / "Next review due" under each page says «forsinket» /
   "overdue" once the due date the build wrote (.page-info__due[data-due], hooks/reviews.py) has
   passed by the reader's calendar. The build never looks at the date, so a page past its review
   date builds as before and says so here. */
(function () {
  "use strict";
  function todayISO() {
    var n = new Date();
    return n.getFullYear() + "-" + ("0" + (n.getMonth() + 1)).slice(-2) + "-" + ("0" + n.getDate()).slice(-2);
  }
  function init() {
    var today = todayISO();
    Array.prototype.forEach.call(document.querySelectorAll(".page-info__due[data-due]"), function (due) {
      var late = due.getAttribute("data-due") < today;
      due.classList.toggle("page-info__due--overdue", late);
      var word = due.querySelector(".page-info__overdue");
      if (word) word.hidden = !late;
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
