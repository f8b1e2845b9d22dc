/* Print one list: every list of checklist items or questions (li.item) gets a «Skriv ut listen» /
   "Print this list" button. It prints only that list: the page title, the list's heading, its
   items with their boxes (and the reader's ticks) or writing space, the page's sources, and the
   usual margins. Everything else is hidden for the print only and shown again afterwards. */
(function () {
  "use strict";
  var TEXT = { nb: "Skriv ut listen", en: "Print this list" };
  var lang = (document.documentElement.lang || "nb").slice(0, 2) === "en" ? "en" : "nb";
  var SOURCES = /(^|-)(kilder|sources)$/;
  var hidden = [];
  var target = null;

  function root() {
    return document.querySelector("article.md-content__inner") || document.querySelector(".md-content");
  }

  function before(a, b) { // a comes before b in the document
    return Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING);
  }

  function lastBefore(nodes, node, after) {
    var found = null;
    Array.prototype.forEach.call(nodes, function (n) {
      if (before(n, node) && (!after || before(after, n))) found = n;
    });
    return found;
  }

  /* The elements that print with a list: its page title, sheet head, heading, and sources. */
  function kept(list, article) {
    var keep = [list];
    var title = lastBefore(article.querySelectorAll("h1"), list, null);
    if (title) keep.push(title);
    var head = title && lastBefore(article.querySelectorAll(".sheet-head"), title, null);
    if (head && lastBefore(article.querySelectorAll("h1"), title, head) === null) keep.push(head);
    var heading = lastBefore(article.querySelectorAll("h2, h3, h4, h5, h6"), list, title);
    if (heading) keep.push(heading);
    var nextTitle = Array.prototype.find.call(article.querySelectorAll("h1"), function (h) {
      return before(list, h);
    });
    var sources = Array.prototype.find.call(article.querySelectorAll("h2[id]"), function (h) {
      return SOURCES.test(h.id) && before(list, h) && (!nextTitle || before(h, nextTitle));
    });
    for (var el = sources; el; el = el.nextElementSibling) {
      if (el !== sources && /^H[12]$/.test(el.tagName)) break;
      keep.push(el);
    }
    return keep;
  }

  function hideAllBut(node, keep) {
    Array.prototype.forEach.call(node.children, function (child) {
      if (keep.indexOf(child) >= 0) return;
      if (keep.some(function (k) { return child.contains(k); })) hideAllBut(child, keep);
      else {
        child.classList.add("printlist-hidden");
        hidden.push(child);
      }
    });
  }

  function restore() {
    hidden.forEach(function (el) { el.classList.remove("printlist-hidden"); });
    hidden = [];
    if (target) target.classList.remove("printlist-target");
    target = null;
    document.body.classList.remove("printlist-on");
  }

  function printList(list) {
    var article = root();
    restore();
    hideAllBut(article, kept(list, article));
    target = list;
    list.classList.add("printlist-target");
    document.body.classList.add("printlist-on");
    window.print();
  }

  function init() {
    var article = root();
    if (!article) return;
    var lists = [];
    Array.prototype.forEach.call(article.querySelectorAll("li.item[data-item]"), function (li) {
      var list = li.parentElement;
      if (list && /^(UL|OL)$/.test(list.tagName) && lists.indexOf(list) < 0) lists.push(list);
    });
    lists.forEach(function (list) {
      var tools = document.createElement("div");
      tools.className = "printlist-tools";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button printlist-print";
      button.textContent = TEXT[lang];
      button.addEventListener("click", function () { printList(list); });
      tools.appendChild(button);
      list.parentNode.insertBefore(tools, list.nextSibling);
    });
    window.addEventListener("afterprint", restore);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
