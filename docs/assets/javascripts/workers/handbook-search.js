/* The handbook's search worker: Material's own search worker (lunr), with three changes.
 *
 * 1. No search data before anyone searches. The page hands the worker a stub index (the
 *    configuration and the address of the full index, written by hooks/search.py); the worker
 *    fetches and builds the full index on the first query.
 * 2. Inflection. Material appends `*` to every typed word, and lunr skips its pipeline (the
 *    stemmer) for such terms, so the index is stemmed but the typed word is not. This worker
 *    stems each typed word with the index's own lunr stemmer first: «mikroaggresjoner» →
 *    `mikroaggresjon*`, "interviewing" → `interview*`.
 * 3. Compounds and stop words. A typed word the index does not know is split into words it does
 *    know (after a linking s or e): «intervjuspørsmål» → `intervju* spørsmål*`. Stop words are
 *    dropped from a query that has other words («hvordan ansette en erfaringskonsulent»).
 *
 * Material's worker is loaded from this folder (its name comes in `?material=`), so it finds its
 * lunr languages as usual. Its message handler is called by this worker, not by the browser.
 */
"use strict";

(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  var EXACT = 3; // boost of a whole-word match over the same stem as a prefix (`verdi` over `verdig`)

  /* ------------------------------------------------------------------------
   * Material's worker, its message handler held here
   * ---------------------------------------------------------------------- */

  var material = new URLSearchParams(self.location.search).get("material") || "";
  if (!/^search\.[0-9a-f]+\.min\.js$/.test(material))
    throw new Error("handbook-search: ?material= must name Material's search worker");

  var handlers = [];
  var listen = self.addEventListener;
  self.addEventListener = function (type, fn, options) {
    if (type === "message") handlers.push(fn);
    else listen.call(self, type, fn, options);
  };
  importScripts(material);
  self.addEventListener = listen;

  var lunr = self.lunr;
  var built = null; // the lunr index Material builds
  var build = lunr.Builder.prototype.build;
  lunr.Builder.prototype.build = function () {
    return (built = build.call(this));
  };

  // Material answers through the global postMessage; while it sets up, its READY is ours.
  var post = self.postMessage.bind(self);
  var ready = null;
  self.postMessage = function (message) {
    if (ready && message && message.type === READY) {
      var done = ready;
      ready = null;
      done();
    } else {
      post(message);
    }
  };

  function forward(message) {
    handlers.forEach(function (fn) { fn({ data: message }); });
  }

  /* ------------------------------------------------------------------------
   * The full index, on the first query
   * ---------------------------------------------------------------------- */

  var stub = null;    // the SETUP message's data
  var loading = null; // promise of the full index, set up in Material's worker
  var language = null;

  function load() {
    var url = new URL(stub.config.index, self.location.href);
    return fetch(url.href)
      .then(function (response) {
        if (!response.ok) throw new Error(url.href + ": " + response.status);
        return response.json();
      })
      .then(function (index) {
        return new Promise(function (resolve) {
          ready = resolve;
          forward({ type: SETUP, data: { config: index.config, docs: index.docs, options: stub.options } });
        }).then(function () { language = setupLanguage(index.config); });
      });
  }

  /* ------------------------------------------------------------------------
   * Query: stem, split compounds, drop stop words
   * ---------------------------------------------------------------------- */

  function setupLanguage(config) {
    var lang = config.lang[0] === "en" ? lunr : lunr[config.lang[0]];
    var terms = Object.keys(built.invertedIndex).sort();
    var known = new Set(terms);
    var separator = new RegExp(config.separator);

    function stem(word) {
      return lang.stemmer(new lunr.Token(word)).toString() || word;
    }

    function hasPrefix(prefix) { // binary search in the sorted terms
      var lo = 0, hi = terms.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (terms[mid] < prefix) lo = mid + 1; else hi = mid;
      }
      return lo < terms.length && terms[lo].lastIndexOf(prefix, 0) === 0;
    }

    function wordStem(part) { // the stem of a whole word of the index, also before a linking s or e
      if (part.length < 3) return null;
      var s = stem(part);
      if (known.has(s)) return s;
      if (known.has(part)) return part;
      var last = part.charAt(part.length - 1);
      if ((last === "s" || last === "e") && part.length > 3) {
        s = stem(part.slice(0, -1));
        if (known.has(s)) return s;
      }
      return null;
    }

    function split(word, depth) { // [stem, stem, …] of a compound, or null
      var best = null, balance = 0;
      for (var i = 3; i <= word.length - 3; i++) { // two words, the most even split first
        var first = wordStem(word.slice(0, i)), last = stem(word.slice(i));
        var even = Math.min(i, word.length - i);
        if (first && last.length >= 3 && hasPrefix(last) && even > balance) {
          best = [first, last];
          balance = even;
        }
      }
      if (best || depth === 0) return best;
      for (var j = 3; j <= word.length - 6; j++) { // a word, then a compound of two
        var head = wordStem(word.slice(0, j)), tail = head && split(word.slice(j), 0);
        if (tail) return [head].concat(tail);
      }
      return null;
    }

    function expand(word) {
      var s = stem(word);
      if (hasPrefix(s) || word.length < 7) return [s];
      return split(word, 1) || [s];
    }

    return function rewrite(query) {
      var words = [], kept = [];
      query.trim().split(/\s+/).forEach(function (part) {
        if (/^[+-]|[*~^:"]/.test(part)) kept.push(part); // lunr syntax: leave as typed
        else part.toLowerCase().split(separator).forEach(function (w) { if (w) words.push(w); });
      });
      var content = words.filter(function (w) { return lang.stopWordFilter(w); });
      if (content.length) words = content;
      var out = [];
      words.forEach(function (w) {
        expand(w).forEach(function (s) { out.push(s + "^" + EXACT, s); });
      });
      return kept.concat(out).join(" ");
    };
  }

  /* ------------------------------------------------------------------------
   * Messages from the page
   * ---------------------------------------------------------------------- */

  listen.call(self, "message", function (ev) {
    var message = ev.data;
    if (message.type === SETUP && message.data.config.index) {
      stub = message.data;
      post({ type: READY });
    } else if (message.type === QUERY && stub && !message.data.trim()) {
      post({ type: RESULT, data: { items: [] } }); // Material asks with the empty box: no fetch
    } else if (message.type === QUERY && stub) {
      loading = loading || load();
      loading.then(
        function () { forward({ type: QUERY, data: language(message.data) }); },
        function (error) {
          console.warn("handbook-search:", error);
          loading = null;
          post({ type: RESULT, data: { items: [] } });
        }
      );
    } else {
      forward(message); // a full index (built without hooks/search.py): Material as usual
    }
  });
})();
