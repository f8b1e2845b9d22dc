/* The handbook's service worker: the handbook keeps working without a network.
 *
 * hooks/offline.py publishes this file as `sw.js` at the root of the site (so its scope is the
 * handbook's folder, whatever sub-path the site is published under), with this release's
 * precache list above it as `self.HANDBOOK_OFFLINE`:
 *
 *   {release: {id, date}, timeout: ms, hashLength: 16, default: "nb",
 *    languages: {nb: {root: "", fallback: "offline.html", files: {address: hash}, later: [address]}, en: {…}}}
 *
 * Addresses are relative to this file. What it guarantees:
 *
 * - Storage per language. A release stores the pages and files of each language the reader uses
 *   (the languages of the open pages when it installs, the ones the previous release had, and a
 *   language the moment a page of it asks, see offline.js), in one cache per release named
 *   "<scope path>.ekh.offline.<release id>" (storage.js): two copies of the handbook on one host never share or
 *   delete each other's caches. A new release copies every entry whose hash is unchanged from the
 *   previous release's cache and downloads only what changed; once it takes over, the caches of
 *   older releases of this copy are deleted.
 * - Pages: the network first; after `timeout` without an answer, or with no network, the stored
 *   copy (marked `data-offline-release` so the page can say which release it shows), else the
 *   language's offline page. A print booklet (`later`) is stored when it is opened.
 * - Other files of the list: the stored copy first. A page that came from the network and differs
 *   from the stored one belongs to a newer release: its files come from the network too, so a
 *   page never runs on another release's scripts.
 * - A new release waits until the reader asks for it (offline.js shows the button): it never
 *   takes over a page the reader is reading.
 */
"use strict";

importScripts("assets/storage.js"); // ekhStorage: names with this copy's path (sw.js is at the root)

(function () {
  var OFFLINE = self.HANDBOOK_OFFLINE;
  var HERE = self.location.href;
  // Cache names carry this copy's path (storage.js, as every name the handbook stores):
  // "/handbok/.ekh.offline.<release id>", listed in includes/storage.yml; «Slett alt» finds them.
  var PREFIX = ekhStorage.name("ekh.offline.");
  var CACHE = ekhStorage.name("ekh.offline." + OFFLINE.release.id);
  var HASH = "X-Handbook-Hash"; // each stored response carries the hash it was stored for
  var NEWER = new Map(); // client id -> promise: its page is from a newer release than the stored one

  // address (absolute, without query) -> {hash, langs}: the languages that list it (an asset is
  // listed by every language); a booklet's hash is null (stored when opened)
  var known = new Map();
  var roots = []; // [absolute root, language], the longest root first
  Object.keys(OFFLINE.languages).forEach(function (lang) {
    var language = OFFLINE.languages[lang];
    roots.push([new URL(language.root || "./", HERE).href, lang]);
    Object.keys(language.files).forEach(function (address) {
      var url = new URL(address, HERE).href;
      var entry = known.get(url) || { hash: language.files[address], langs: [] };
      entry.langs.push(lang);
      known.set(url, entry);
    });
    language.later.forEach(function (address) {
      var url = new URL(address, HERE).href;
      if (!known.has(url)) known.set(url, { hash: null, langs: [lang] });
    });
  });
  roots.sort(function (a, b) { return b[0].length - a[0].length; });

  function languageOf(url) {
    for (var i = 0; i < roots.length; i++) if (url.indexOf(roots[i][0]) === 0) return roots[i][1];
    return OFFLINE["default"];
  }

  /* The key of a request: its address without query or fragment, `x/index.html` and `x` as `x/`. */
  function keyOf(url) {
    var u = new URL(url);
    var base = u.origin + u.pathname;
    if (known.has(base)) return base;
    if (/\/index\.html$/.test(base) && known.has(base.slice(0, -10))) return base.slice(0, -10);
    if (!/\/$/.test(base) && !/\.[^\/]*$/.test(base) && known.has(base + "/")) return base + "/";
    return null;
  }

  function marker(lang) { return new URL(".handbook-offline/" + lang, HERE).href; }

  /* ------------------------------------------------------------------------
   * Storing a release
   * ---------------------------------------------------------------------- */

  /* The caches of this copy's earlier releases, to read from (never to write to). */
  function olderCaches() {
    return caches.keys().then(function (names) {
      return names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) {
        return { match: function (url) { return caches.match(url, { cacheName: name }); } };
      });
    });
  }

  /* A response to keep: its body and headers, and the hash it stands for. The body is already
     decoded: a server's Content-Encoding and Content-Length no longer describe it. */
  function stamp(response, body, hash) {
    var headers = new Headers(response.headers);
    headers.set(HASH, hash);
    headers.delete("Content-Encoding");
    headers.delete("Content-Length");
    return new Response(body, { status: response.status, statusText: response.statusText, headers: headers });
  }

  function reuse(older, url, hash) {
    return older.reduce(function (found, cache) {
      return found.then(function (hit) {
        return hit || cache.match(url).then(function (r) {
          return r && r.headers.get(HASH) === hash ? r : null;
        });
      });
    }, Promise.resolve(null));
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("").slice(0, OFFLINE.hashLength);
  }

  function get(url, mode) { // {response, body, hash} of the file as the server sends it now
    return fetch(url, { cache: mode, credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.arrayBuffer().then(function (body) {
        return crypto.subtle.digest("SHA-256", body).then(function (sum) {
          return { response: response, body: body, hash: hex(sum) };
        });
      });
    });
  }

  /* The file of this release. A browser's HTTP cache may revalidate an older copy (Last-Modified
     counts whole seconds): when the hash differs, ask once more past every cache. What the server
     then sends is stored even if it still differs (a proxy that rewrites pages): it is the file. */
  function download(url, hash) {
    return get(url, "no-cache").then(function (got) {
      return got.hash === hash ? got : get(url, "reload");
    }).then(function (got) { return stamp(got.response, got.body, hash); });
  }

  /* Store every file of these languages in this release's cache (what is there already stays). */
  function store(langs) {
    return Promise.all([caches.open(CACHE), olderCaches()]).then(function (opened) {
      var cache = opened[0], older = opened[1];
      var jobs = [];
      known.forEach(function (entry, url) {
        if (entry.hash === null || !entry.langs.some(function (l) { return langs.indexOf(l) >= 0; })) return;
        jobs.push(cache.match(url).then(function (hit) {
          if (hit && hit.headers.get(HASH) === entry.hash) return null;
          return reuse(older, url, entry.hash).then(function (old) {
            return old || download(url, entry.hash);
          }).then(function (response) { return cache.put(url, response); });
        }));
      });
      return Promise.all(jobs).then(function () {
        return Promise.all(langs.map(function (lang) { return cache.put(marker(lang), new Response(lang)); }));
      });
    });
  }

  /* The languages to store: those of the previous release, and those of the open pages. */
  function wanted() {
    return Promise.all([
      olderCaches(),
      self.clients.matchAll({ type: "window", includeUncontrolled: true })
    ]).then(function (found) {
      var older = found[0], windows = found[1], langs = [];
      windows.forEach(function (client) {
        var lang = languageOf(client.url);
        if (langs.indexOf(lang) < 0) langs.push(lang);
      });
      return Promise.all(Object.keys(OFFLINE.languages).map(function (lang) {
        return Promise.all(older.map(function (cache) { return cache.match(marker(lang)); })).then(function (hits) {
          if (hits.some(Boolean) && langs.indexOf(lang) < 0) langs.push(lang);
        });
      })).then(function () { return langs.length ? langs : [OFFLINE["default"]]; });
    });
  }

  self.addEventListener("install", function (event) {
    event.waitUntil(wanted().then(store));
  });

  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
  });

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "handbook-update") {
      self.skipWaiting(); // the reader asked for the new release
    } else if (data.type === "handbook-release" && event.ports[0]) {
      event.ports[0].postMessage(OFFLINE.release);
    } else if (data.type === "handbook-language" && OFFLINE.languages[data.lang]) {
      event.waitUntil(caches.open(CACHE).then(function (cache) {
        return cache.match(marker(data.lang));
      }).then(function (done) { return done || store([data.lang]); }));
    }
  });

  /* ------------------------------------------------------------------------
   * Answering
   * ---------------------------------------------------------------------- */

  self.addEventListener("fetch", function (event) {
    var request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
    if (request.mode === "navigate") {
      event.respondWith(page(event));
      return;
    }
    var key = keyOf(request.url);
    if (key && known.get(key).hash !== null) event.respondWith(file(event, key));
  });

  function stored(key) {
    if (!key) return Promise.resolve(null);
    return caches.open(CACHE).then(function (cache) { return cache.match(key); });
  }

  /* A stored page, marked with the release it belongs to (offline.js tells the reader). */
  function marked(response, extraHead) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("text/html") < 0) return Promise.resolve(response);
    return response.text().then(function (text) {
      text = text.replace(/<html\b/i, '<html data-offline-release="' + OFFLINE.release.date + '"');
      if (extraHead) text = text.replace(/<head>/i, "<head>" + extraHead);
      var headers = new Headers(response.headers);
      headers.delete("Content-Length");
      return new Response(text, { status: response.status, statusText: response.statusText, headers: headers });
    });
  }

  /* The language's offline page, at the address that was asked for: its links are relative to
     the language's root, so it gets a <base> there. */
  function fallback(url) {
    var language = OFFLINE.languages[languageOf(url)];
    var root = new URL(language.root || "./", HERE).href;
    return stored(new URL(language.fallback, HERE).href).then(function (page) {
      if (!page) return Response.error();
      return marked(page, '<base href="' + root + '">').then(function (r) {
        return new Response(r.body, { status: 503, statusText: "Offline", headers: r.headers });
      });
    });
  }

  /* The page as the server sends it now. Asked with `no-cache`: a page the browser's HTTP cache
     still holds (a server that sends Last-Modified and no Cache-Control lets it keep a page for a
     while) is checked with the server first, so an offline server means the stored release, and
     a new release is seen at once. `redirect: "manual"` hands a redirect (x to x/) back to the
     browser to follow, as for the page's own request. */
  function current(request) {
    return fetch(request.url, { cache: "no-cache", credentials: "same-origin", redirect: "manual" });
  }

  function page(event) {
    var request = event.request, key = keyOf(request.url);
    var network = current(request);
    network.catch(function () { /* answered below */ });
    var slow = new Promise(function (resolve) { setTimeout(resolve, OFFLINE.timeout, null); });
    function fromStore() {
      var asked = new URL(request.url);
      if (key && asked.origin + asked.pathname + "/" === key) { // `x` for `x/`, as a server answers
        return Promise.resolve(Response.redirect(key + asked.search, 302));
      }
      return stored(key).then(function (copy) { return copy ? marked(copy) : null; });
    }
    return Promise.race([network, slow]).then(function (response) {
      if (response) return fromNetwork(event, key, response);
      return fromStore().then(function (copy) {
        return copy || network.then(function (r) { return fromNetwork(event, key, r); });
      });
    }).catch(function () {
      return fromStore().then(function (copy) { return copy || fallback(request.url); });
    });
  }

  function fromNetwork(event, key, response) {
    var entry = key && known.get(key);
    if (!entry || !response.ok || response.type !== "basic") return response;
    if (entry.hash === null) { // a booklet: kept for offline use until the next release
      var copy = response.clone();
      event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(key, copy); }));
    } else if (event.resultingClientId) {
      var check = digest(response.clone()).then(function (hash) { return hash !== entry.hash; }, function () { return false; });
      NEWER.set(event.resultingClientId, check);
      if (NEWER.size > 32) NEWER.delete(NEWER.keys().next().value);
    }
    return response;
  }

  function digest(response) {
    return response.arrayBuffer().then(function (body) { return crypto.subtle.digest("SHA-256", body); }).then(hex);
  }

  function file(event, key) {
    var newer = NEWER.get(event.clientId) || Promise.resolve(false);
    return newer.then(function (isNewer) {
      if (isNewer) {
        return fetch(event.request, { cache: "no-cache" }).catch(function () {
          return stored(key).then(function (copy) { return copy || Response.error(); });
        });
      }
      return stored(key).then(function (copy) { return copy || fetch(event.request); });
    });
  }
})();
