/* The handbook's search worker: Material's own search worker (lunr), with these changes.
 *
 * 1. No search data before anyone goes to the search box. The page hands the worker a stub index
 *    (the configuration and the address of the full index, written by hooks/search.py); the
 *    worker fetches and builds the full index when the box first gets focus (docs/assets/
 *    search-input.js says {warm: true} on the BroadcastChannel "handbook-search"), or on the
 *    first query, whichever comes first.
 * 2. Inflection. Material appends `*` to every typed word, and lunr skips its pipeline (the
 *    stemmer) for such terms, so the index is stemmed but the typed word is not. This worker
 *    stems each typed word with the index's own lunr stemmer first: «mikroaggresjoner» →
 *    `mikroaggresjon*`, "interviewing" → `interview*`. A word of one or two letters is matched
 *    whole, never as a prefix: «må» must not find «måned».
 * 3. Compounds and stop words. A typed word the index does not know is split into words it does
 *    know (after a linking s or e): «intervjuspørsmål» → `intervju* spørsmål*`. Stop words are
 *    dropped from a query that has other words («hvordan ansette en erfaringskonsulent»).
 * 4. Typos. A typed word of five letters or more that the index does not know, whole or split,
 *    is replaced by the nearest word of the pages themselves, one letter away (two for words of
 *    eight letters or more): «erfaringskonsulennt» finds «erfaringskonsulent». The corrected
 *    query goes to the page on the BroadcastChannel "handbook-search" as {query, suggestion}
 *    (suggestion null when nothing was corrected), where docs/assets/search-suggest.js shows
 *    «Mente du …?» / "Did you mean …?".
 * 5. Ranking. A page that holds more of the typed words comes before one that holds fewer;
 *    Material's order decides between pages that hold as many («dele egen historie»: a page
 *    with all three words before one with a single word in its title).
 *
 * Material's worker is loaded from this folder (its name comes in `?material=`), so it finds its
 * lunr languages as usual. Its message handler is called by this worker, not by the browser.
 */
"use strict";

(function () {
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3; // Material's SearchMessageType
  var EXACT = 3; // boost of a whole-word match over the same stem as a prefix (`verdi` over `verdig`)
  var SHORT = 2; // words this long or shorter are matched whole, never as a prefix
  var COMMON = 0.75; // a word on more than this share of the pages does not count in the ranking

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

  // Material answers through the global postMessage; while it sets up, its READY is ours, and
  // the RESULT of a query this worker asked is handed back to it (`asked`), in order.
  var post = self.postMessage.bind(self);
  var ready = null;
  var asked = [];
  self.postMessage = function (message) {
    if (ready && message && message.type === READY) {
      var done = ready;
      ready = null;
      done();
    } else if (asked.length && message && message.type === RESULT) {
      asked.shift()(message.data);
    } else {
      post(message);
    }
  };

  function forward(message) {
    handlers.forEach(function (fn) { fn({ data: message }); });
  }

  /* Material's result for a lunr query of this worker's making. */
  function ask(query) {
    return new Promise(function (resolve) {
      asked.push(resolve);
      forward({ type: QUERY, data: query });
    });
  }

  var channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("handbook-search") : null;

  /* ------------------------------------------------------------------------
   * The full index, on the first query
   * ---------------------------------------------------------------------- */

  var stub = null;    // the SETUP message's data
  var loading = null; // promise of the full index, set up in Material's worker
  var language = null;
  var warm = false;   // the box got focus before the stub came: load as soon as it comes

  /* The full index, loaded once; a failed load is tried again by the next query. */
  function loaded() {
    if (!loading) loading = load().catch(function (error) { loading = null; throw error; });
    return loading;
  }

  function warmUp() {
    loaded().catch(function (error) { console.warn("handbook-search:", error); });
  }

  if (channel) channel.addEventListener("message", function (event) {
    if (!event.data || event.data.warm !== true) return;
    if (stub) warmUp();
    else warm = true;
  });

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
        }).then(function () { language = setupLanguage(index.config, index.docs); });
      });
  }

  /* ------------------------------------------------------------------------
   * Query: stem, split compounds, correct typos, drop stop words
   * ---------------------------------------------------------------------- */

  function setupLanguage(config, docs) {
    var lang = config.lang[0] === "en" ? lunr : lunr[config.lang[0]];
    var terms = Object.keys(built.invertedIndex).sort();
    var known = new Set(terms);
    var separator = new RegExp(config.separator);
    var vocabulary = null; // the pages' own words, built on the first typo

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

    /* The stems a typed word stands for, and whether the index knows it (whole, as the start of
       a word, or split into words it knows). */
    function expand(word) {
      var s = stem(word);
      if (word.length <= SHORT) return { stems: [s], known: known.has(s) || known.has(word) };
      if (hasPrefix(s)) return { stems: [s], known: true };
      var parts = word.length >= 6 ? split(word, 1) : null;
      return parts ? { stems: parts, known: true } : { stems: [s], known: false };
    }

    /* Every word of the pages (titles, text, keywords) with how often it stands there. */
    function words() {
      if (vocabulary) return vocabulary;
      var count = new Map();
      docs.forEach(function (doc) {
        var text = [doc.title, doc.text, doc.keywords].join(" ").replace(/<[^>]*>/g, " ").toLowerCase();
        text.split(separator).forEach(function (w) {
          if (w.length >= 4 && !/[\d_]/.test(w)) count.set(w, (count.get(w) || 0) + 1);
        });
      });
      vocabulary = { count: count, list: Array.from(count.keys()) };
      return vocabulary;
    }

    /* Edits between a and b (a letter added, dropped, changed, or two neighbours swapped:
       «stillign» is one edit from «stilling»), or limit + 1 as soon as it must exceed limit. */
    function distance(a, b, limit) {
      if (Math.abs(a.length - b.length) > limit) return limit + 1;
      var twoAgo = null, prev = [], cur;
      for (var j = 0; j <= b.length; j++) prev[j] = j;
      for (var i = 1; i <= a.length; i++) {
        cur = [i];
        var low = i;
        for (var k = 1; k <= b.length; k++) {
          var d = Math.min(prev[k] + 1, cur[k - 1] + 1, prev[k - 1] + (a[i - 1] === b[k - 1] ? 0 : 1));
          if (twoAgo && k > 1 && a[i - 1] === b[k - 2] && a[i - 2] === b[k - 1]) d = Math.min(d, twoAgo[k - 2] + 1);
          cur[k] = d;
          if (d < low) low = d;
        }
        if (low > limit) return limit + 1;
        twoAgo = prev;
        prev = cur;
      }
      return prev[b.length];
    }

    /* The page word nearest to a typed word the index does not know, or null: one edit for
       words of five to seven letters, two from eight; the most frequent word wins a tie. */
    function nearest(word) {
      if (word.length < 5) return null;
      var limit = word.length >= 8 ? 2 : 1, best = null, bestDistance = limit + 1, bestCount = 0;
      var vocab = words();
      vocab.list.forEach(function (w) {
        if (Math.abs(w.length - word.length) > limit || w === word) return;
        var d = distance(word, w, limit);
        var n = vocab.count.get(w);
        if (d < bestDistance || (d === bestDistance && d <= limit && n > bestCount)) {
          best = w; bestDistance = d; bestCount = n;
        }
      });
      return bestDistance <= limit ? best : null;
    }

    /* A typed query as a lunr query for Material, the stems of each typed word, and the
       corrected query to suggest (null when every word was known). */
    return function plan(query) {
      var words = [], kept = [];
      query.trim().split(/\s+/).forEach(function (part) {
        if (/^[+-]|[*~^:"]/.test(part)) kept.push(part); // lunr syntax: leave as typed
        else part.toLowerCase().split(separator).forEach(function (w) { if (w) words.push(w); });
      });
      var content = words.filter(function (w) { return lang.stopWordFilter(w); });
      if (content.length) words = content;
      var out = [], typed = [], corrected = [];
      words.forEach(function (w) {
        var e = expand(w);
        if (!e.known) {
          var better = nearest(w);
          if (better) {
            corrected.push([w, better]);
            e = expand(better);
          }
        }
        typed.push({ stems: e.stems, compound: e.stems.length > 1 });
        e.stems.forEach(function (s) {
          // Material makes `s` a prefix (`s*`); a short word goes as a whole word only.
          out.push(s + "^" + EXACT);
          if (w.length > SHORT) out.push(s);
        });
      });
      var suggestion = null;
      if (corrected.length) {
        suggestion = query.trim().split(/\s+/).map(function (part) {
          var hit = corrected.filter(function (c) { return c[0] === part.toLowerCase(); })[0];
          return hit ? hit[1] : part;
        }).join(" ");
        if (suggestion.toLowerCase() === query.trim().toLowerCase()) suggestion = null;
      }
      return { query: kept.concat(out).join(" "), words: typed, suggestion: suggestion };
    };
  }

  /* ------------------------------------------------------------------------
   * Ranking: more of the typed words first
   * ---------------------------------------------------------------------- */

  /* Material groups its results by page (each group: the page and its matching sections). A
     page holds a typed word when the page or one of its sections has the word's stem as a word
     of its own (any inflection: the index is stemmed), not merely as the start of a longer word
     («del» in «deltid»); a compound typed as one word, when it has every part (as a word or the
     start of one: «rusfri» → rus, fri…). A word that nearly every page holds («dele» in three of
     four) tells pages apart no better than a stop word, and is not counted. Pages that hold more of the typed words come
     first; the sort is stable, so Material's own order stands among pages that hold as many. */
  var pageCount = 0;
  function pagesOf(refs) {
    var pages = {};
    Object.keys(refs).forEach(function (ref) { pages[ref.split("#")[0]] = true; });
    return Object.keys(pages).length;
  }
  function rank(result, words) {
    if (!result || !Array.isArray(result.items) || words.length < 2) return result;
    var index = built.invertedIndex;
    if (!pageCount) {
      var all = {};
      Object.keys(built.fieldVectors).forEach(function (key) { all[key.slice(key.indexOf("/") + 1)] = true; });
      pageCount = pagesOf(all);
    }
    function postings(term, refs) {
      var p = index[term] || {};
      Object.keys(p).forEach(function (field) {
        if (field !== "_index") Object.keys(p[field]).forEach(function (ref) { refs[ref] = true; });
      });
      return refs;
    }
    function holders(stem, prefix) { // refs of the docs with the stem (or a word it starts)
      var refs = postings(stem, {});
      if (prefix) Object.keys(index).forEach(function (term) {
        if (term.lastIndexOf(stem, 0) === 0 && term !== stem) postings(term, refs);
      });
      return refs;
    }
    var held = words.map(function (word) {
      return word.stems.map(function (stem) { return holders(stem, word.compound); });
    }).filter(function (parts) {
      return parts.length > 1 || pagesOf(parts[0]) <= pageCount * COMMON;
    });
    if (held.length < 2) return result;
    var covered = result.items.map(function (group, position) {
      var n = held.filter(function (parts) {
        return parts.every(function (refs) { return group.some(function (item) { return refs[item.location]; }); });
      }).length;
      return { group: group, n: n, position: position };
    });
    covered.sort(function (a, b) { return b.n - a.n || a.position - b.position; });
    return Object.assign({}, result, { items: covered.map(function (c) { return c.group; }) });
  }

  /* ------------------------------------------------------------------------
   * Messages from the page
   * ---------------------------------------------------------------------- */

  listen.call(self, "message", function (ev) {
    var message = ev.data;
    if (message.type === SETUP && message.data.config.index) {
      stub = message.data;
      post({ type: READY });
      if (warm) warmUp();
    } else if (message.type === QUERY && stub && !message.data.trim()) {
      post({ type: RESULT, data: { items: [] } }); // Material asks with the empty box: no fetch
      if (channel) channel.postMessage({ query: message.data, suggestion: null });
    } else if (message.type === QUERY && stub) {
      loaded().then(
        function () {
          var p = language(message.data);
          return ask(p.query).then(function (result) {
            post({ type: RESULT, data: rank(result, p.words) });
            if (channel) channel.postMessage({ query: message.data, suggestion: p.suggestion });
          });
        },
        function (error) {
          console.warn("handbook-search:", error);
          post({ type: RESULT, data: { items: [] } });
        }
      );
    } else {
      forward(message); // a full index (built without hooks/search.py): Material as usual
    }
  });
})();
