/* What the handbook keeps in this browser, kept to this copy of the handbook.

   Every name the handbook stores under starts with the path of this copy's root and a dot, as
   Material's own settings do: `/erfaringskompetanse/.ekh.tick.rek-sjekk-lonn`,
   `/erfaringskompetanse/.__palette`. Two copies of the handbook on one server, or other sites
   under other paths of the same host, never read, overwrite or delete each other's. Scripts
   store only through window.ekhStorage (hooks/storage.py refuses a build where one does not):

     ekhStorage.get(name)        the text stored under name, or null
     ekhStorage.set(name, text)  true when stored (false with storage blocked or full)
     ekhStorage.remove(name)
     ekhStorage.available()      whether this browser lets the site store anything
     ekhStorage.name(name)       the full name, for a cache (caches.open) or a database
                                 (indexedDB.open) of this copy
     ekhStorage.stored()         [{storage: "local" | "session", name}] of this copy, names
                                 without the path
     ekhStorage.clear()          a promise: removes everything of this copy (both storages, its
                                 caches and databases, its service worker) and resolves with the
                                 number of things removed

   Every name is listed in includes/storage.yml, which the page «Personvern og lagring» shows.
   It works in a service worker too (importScripts), where the worker's scope is the copy's root.

   Before this, ticks, the plan's date and the projector's palette were stored without the path
   (`ekh.tick.<id>`). The first page of this copy that a browser opens moves them under its path,
   so no tick is lost (with two copies on one server, the first one opened gets them). */
(function (global) {
  "use strict";
  var LEGACY = "ekh.";  // the unscoped names of before

  function root() {
    if (global.__md_scope) return new URL(global.__md_scope.href);  // material-state.js
    if (global.document && document.currentScript) return new URL("..", document.currentScript.src);
    if (global.registration) return new URL(global.registration.scope);  // a service worker
    return new URL("/", global.location.href);
  }
  var scope = root();
  var PREFIX = scope.pathname + ".";

  function store(kind) {
    try { return kind === "session" ? global.sessionStorage : global.localStorage; } catch (e) { return null; }
  }

  function name(key) { return PREFIX + key; }

  function get(key) {
    try { return global.localStorage.getItem(PREFIX + key); } catch (e) { return null; }
  }

  function set(key, text) {
    try {
      global.localStorage.setItem(PREFIX + key, String(text));  // storage-helper: callers' names are checked
      return true;
    } catch (e) { return false; }
  }

  function remove(key) {
    try { global.localStorage.removeItem(PREFIX + key); } catch (e) { /* storage off */ }
  }

  function available() {
    try { global.localStorage.getItem(PREFIX); return true; } catch (e) { return false; }
  }

  function keysOf(kind) {
    var s = store(kind), found = [];
    if (!s) return found;
    try {
      for (var i = 0; i < s.length; i++) {
        var key = s.key(i);
        if (key && key.indexOf(PREFIX) === 0) found.push(key);
      }
    } catch (e) { /* storage off */ }
    return found;
  }

  function stored() {
    var list = [];
    ["local", "session"].forEach(function (kind) {
      keysOf(kind).forEach(function (key) { list.push({ storage: kind, name: key.slice(PREFIX.length) }); });
    });
    return list;
  }

  /* Everything of this copy, and nothing of any other site's: storage keys, caches and databases
     named with this copy's path, and a service worker whose scope is this copy's root. */
  function clear() {
    var removed = 0;
    ["local", "session"].forEach(function (kind) {
      var s = store(kind);
      keysOf(kind).forEach(function (key) {
        try { s.removeItem(key); removed++; } catch (e) { /* storage off */ }
      });
    });
    var jobs = [];
    if (global.caches && global.caches.keys) {
      jobs.push(global.caches.keys().then(function (names) {
        return Promise.all(names.filter(function (n) { return n.indexOf(PREFIX) === 0; }).map(function (n) {
          return global.caches.delete(n).then(function (gone) { if (gone) removed++; });
        }));
      }));
    }
    if (global.indexedDB && global.indexedDB.databases) {
      jobs.push(global.indexedDB.databases().then(function (dbs) {
        return Promise.all(dbs.filter(function (db) { return db.name && db.name.indexOf(PREFIX) === 0; }).map(function (db) {
          return new Promise(function (done) {
            var request = global.indexedDB.deleteDatabase(db.name);
            request.onsuccess = function () { removed++; done(); };
            request.onerror = request.onblocked = function () { done(); };
          });
        }));
      }));
    }
    var workers = global.navigator && global.navigator.serviceWorker;
    if (workers && workers.getRegistrations) {
      jobs.push(workers.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.filter(function (r) { return r.scope === scope.href; }).map(function (r) {
          return r.unregister().then(function (gone) { if (gone) removed++; });
        }));
      }));
    }
    return Promise.all(jobs.map(function (job) { return job.catch(function () { /* that store is off */ }); }))
      .then(function () { return removed; });
  }

  /* Names stored before they carried the path move under this copy's path (a newer value there wins). */
  function migrate() {
    var s = store("local"), old = [];
    if (!s) return;
    try {
      for (var i = 0; i < s.length; i++) {
        var key = s.key(i);
        if (key && key.indexOf(LEGACY) === 0) old.push(key);
      }
      old.forEach(function (key) {
        if (s.getItem(PREFIX + key) === null) s.setItem(PREFIX + key, s.getItem(key));  // storage-helper: moves names listed already
        s.removeItem(key);
      });
    } catch (e) { /* storage off or full: the old names stay, and are moved next time */ }
  }

  if (global.document) migrate();
  global.ekhStorage = {
    get: get, set: set, remove: remove, available: available, name: name,
    stored: stored, clear: clear, prefix: PREFIX
  };
})(self);
