/* Vraagbaak adviser pages: the source list ("bronnenlijst").
 * Passages are collected from the search page, permalink pages and widget
 * answers into one list kept in this browser (localStorage, key below; the
 * widget writes the same key). Every reference text comes from the service
 * (POST /v1/references, service/references.py): this script only orders,
 * joins and exports them. Plain JavaScript, no inline scripts (CSP). */
(function () {
  "use strict";
  var KEY = "vraagbaak:bronnenlijst";
  var live = document.querySelector("[data-live]");

  function read() {
    try {
      var items = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(items) ? items.filter(function (x) { return x && x.reference; }) : [];
    } catch (e) { return []; }
  }
  function write(items) {
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { say("De bronnenlijst kon niet worden bewaard."); }
    refreshAll();
  }
  function same(a, b) { return a.passage_id === b.passage_id && (a.quote || "") === (b.quote || ""); }
  function indexOf(items, item) {
    for (var i = 0; i < items.length; i++) if (same(items[i], item)) return i;
    return -1;
  }
  function say(text) {
    if (!live) return;
    live.textContent = "";
    setTimeout(function () { live.textContent = text; }, 50);
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function button(text, cls) {
    var b = el("button", cls, text);
    b.type = "button";
    return b;
  }

  function copy(text) {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }
  function fallbackCopy(text) {
    var t = document.createElement("textarea");
    t.value = text; t.setAttribute("readonly", ""); t.className = "offscreen";
    document.body.appendChild(t); t.select();
    var ok = document.execCommand("copy");
    t.remove();
    return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
  }

  /* -- collect buttons next to passages ------------------------------------------------------ */
  var toggles = [];
  function itemFrom(ref) { return { passage_id: ref.passage_id, quote: ref.quote || null, reference: ref }; }
  function syncToggle(b, ref) {
    var inList = indexOf(read(), itemFrom(ref)) >= 0;
    b.textContent = inList ? "Haal van bronnenlijst" : "Zet op bronnenlijst";
    b.setAttribute("aria-pressed", String(inList));
  }
  document.querySelectorAll("[data-reference]").forEach(function (box) {
    var ref;
    try { ref = JSON.parse(box.getAttribute("data-reference")); } catch (e) { return; }
    var label = ref.title || ref.document;
    var b = button("Zet op bronnenlijst", "collect");
    b.setAttribute("aria-describedby", box.closest("article") && box.closest("article").getAttribute("aria-labelledby") || "");
    if (!b.getAttribute("aria-describedby")) b.removeAttribute("aria-describedby");
    b.addEventListener("click", function () {
      var items = read(), item = itemFrom(ref), at = indexOf(items, item);
      if (at >= 0) { items.splice(at, 1); say("Van de bronnenlijst gehaald: " + label + "."); }
      else { item.added = new Date().toISOString(); items.push(item); say("Op de bronnenlijst gezet: " + label + ". De lijst telt nu " + items.length + " bronnen."); }
      write(items);
    });
    toggles.push([b, ref]);
    syncToggle(b, ref);
    box.insertBefore(b, box.firstChild);
    if (box.hasAttribute("data-copy")) {
      var c = button("Kopieer bron", "copy");
      c.addEventListener("click", function () {
        copy(ref.text).then(function () { c.textContent = "Gekopieerd ✓"; say("Bronvermelding gekopieerd."); },
          function () { say("Kopiëren lukte niet; selecteer de bronvermelding en kopieer die zelf."); });
      });
      box.insertBefore(c, b);
    }
  });

  /* -- the list ---------------------------------------------------------------------------------- */
  var listBox = document.querySelector("[data-source-list]");

  function csv(items) {
    var head = ["nr", "titel", "uitgever", "datum", "vindplaats", "pagina", "citaat", "permalink", "origineel",
      "document", "passage_id", "bronvermelding"];
    var rows = items.map(function (it, i) {
      var r = it.reference;
      return [i + 1, r.title || r.document, r.publisher, r.date, r.locator || r.section, r.page, r.quote,
        r.permalink, r.source, r.document, r.passage_id, r.text];
    });
    var cell = function (v) {
      var s = v == null ? "" : String(v);
      return /[";\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    // Semicolons and a byte-order mark: Excel with Dutch settings opens it in columns, with ë intact.
    return "\ufeff" + [head].concat(rows).map(function (row) { return row.map(cell).join(";"); }).join("\r\n") + "\r\n";
  }
  function asText(items, field) {
    return items.map(function (it, i) { return (i + 1) + ". " + it.reference[field]; }).join("\n") + "\n";
  }

  function renderList(focus) {
    if (!listBox) return;
    if (!focus && listBox.contains(document.activeElement)) {
      // Re-drawn under the adviser's hands (another tab, a refresh): keep the keyboard where it was.
      var li = document.activeElement.closest("li.item");
      var kinds = ["up", "down", "del"];
      var at = li ? Array.prototype.indexOf.call(li.querySelectorAll("button"), document.activeElement) : -1;
      if (li && at >= 0) focus = [Array.prototype.indexOf.call(listBox.querySelectorAll("li.item"), li), kinds[at]];
    }
    var items = read();
    listBox.textContent = "";
    if (!items.length) {
      listBox.appendChild(el("p", "empty", "De bronnenlijst is leeg. Zoek een passage en kies “Zet op bronnenlijst”."));
      return;
    }
    var bar = el("div", "toolbar");
    var status = el("p", "muted", items.length === 1 ? "1 bron" : items.length + " bronnen");
    var copyText = button("Kopieer als tekst", "primary");
    var copyMd = button("Kopieer als Markdown");
    var download = button("Download CSV");
    var clear = button("Lijst leegmaken", "danger");
    copyText.addEventListener("click", function () {
      copy(asText(read(), "text")).then(function () { say("De bronnenlijst is als tekst gekopieerd."); },
        function () { say("Kopiëren lukte niet."); });
    });
    copyMd.addEventListener("click", function () {
      copy(asText(read(), "markdown")).then(function () { say("De bronnenlijst is als Markdown gekopieerd."); },
        function () { say("Kopiëren lukte niet."); });
    });
    download.addEventListener("click", function () {
      var blob = new Blob([csv(read())], { type: "text/csv;charset=utf-8" });
      var a = el("a");
      a.href = URL.createObjectURL(blob);
      a.download = "bronnenlijst-" + new Date().toISOString().slice(0, 10) + ".csv";
      document.body.appendChild(a); a.click(); a.remove();
      setTimeout(function () { URL.revokeObjectURL(a.href); }, 1000);
      say("De bronnenlijst is gedownload als CSV.");
    });
    clear.addEventListener("click", function () {
      if (clear.getAttribute("data-armed") !== "1") {
        clear.setAttribute("data-armed", "1");
        clear.textContent = "Zeker weten? Klik nogmaals om te legen";
        return;
      }
      write([]);
      say("De bronnenlijst is leeggemaakt.");
      var h = document.querySelector("h1"); if (h) { h.setAttribute("tabindex", "-1"); h.focus(); }
    });
    [status, copyText, copyMd, download, clear].forEach(function (x) { bar.appendChild(x); });
    listBox.appendChild(bar);

    var ol = el("ol", "items");
    items.forEach(function (it, i) {
      var r = it.reference;
      var li = el("li", "item");
      li.setAttribute("data-passage-id", r.passage_id);
      li.appendChild(el("p", "ref-text", r.text));
      var actions = el("div", "actions");
      var open = el("a", "", "Open passage");
      open.href = "/bron/" + encodeURIComponent(r.passage_id) + (r.quote ? "?quote=" + encodeURIComponent(r.quote) : "");
      var name = "bron " + (i + 1);
      open.setAttribute("aria-label", "Open " + name);
      var up = button("Omhoog"), down = button("Omlaag"), del = button("Verwijder");
      up.setAttribute("aria-label", "Zet " + name + " een plaats hoger");
      down.setAttribute("aria-label", "Zet " + name + " een plaats lager");
      del.setAttribute("aria-label", "Verwijder " + name);
      up.disabled = i === 0; down.disabled = i === items.length - 1;
      up.addEventListener("click", function () { move(i, -1, "up"); });
      down.addEventListener("click", function () { move(i, 1, "down"); });
      del.addEventListener("click", function () {
        var list = read(); list.splice(i, 1); write(list);
        say("Bron " + (i + 1) + " verwijderd.");
        focusItem(Math.min(i, list.length - 1), "del");
      });
      [open, up, down, del].forEach(function (x) { actions.appendChild(x); });
      li.appendChild(actions);
      ol.appendChild(li);
    });
    listBox.appendChild(ol);
    if (focus) focusItem(focus[0], focus[1]);
  }

  function focusItem(i, which) {
    if (!listBox || i < 0) return;
    var li = listBox.querySelectorAll("li.item")[i];
    if (!li) return;
    var buttons = li.querySelectorAll("button");
    var b = which === "up" ? buttons[0] : which === "down" ? buttons[1] : buttons[2];
    if (b && b.disabled) b = which === "up" ? buttons[1] : buttons[0];
    if (b) b.focus();
  }

  function move(i, delta, which) {
    var items = read(), j = i + delta;
    if (j < 0 || j >= items.length) return;
    var x = items[i]; items[i] = items[j]; items[j] = x;
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* keep the on-screen order */ }
    renderList([j, which]);
    refreshCounts();
    say("Bron staat nu op plaats " + (j + 1) + ".");
  }

  function refreshCounts() {
    var n = read().length;
    document.querySelectorAll("[data-list-count]").forEach(function (c) { c.textContent = n ? "(" + n + ")" : ""; });
  }
  function refreshAll() {
    refreshCounts();
    toggles.forEach(function (t) { syncToggle(t[0], t[1]); });
    renderList();
  }

  /* References are refreshed from the service when the list opens: titles, dates and the
     address of the service may have changed since a passage was collected. */
  function refreshReferences() {
    var items = read();
    if (!listBox || !items.length) return;
    fetch("/v1/references", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ items: items.map(function (it) { return { passage_id: it.passage_id, quote: it.quote }; }) })
    }).then(function (r) { return r.ok ? r.json() : null; }).then(function (d) {
      if (!d || !d.references) return;
      var now = read(), changed = false;
      if (now.length !== items.length) return; // changed meanwhile; next visit refreshes
      now.forEach(function (it, i) {
        var fresh = d.references[i];
        if (fresh && same(it, fresh) && (fresh.text !== it.reference.text || fresh.markdown !== it.reference.markdown)) {
          it.reference = fresh; changed = true;
        }
      });
      if (!changed) return;
      try { localStorage.setItem(KEY, JSON.stringify(now)); } catch (e) { return; }
      renderList();
    }).catch(function () { /* offline: the stored references stay */ });
  }

  window.addEventListener("storage", function (e) { if (e.key === KEY || e.key === null) refreshAll(); });
  refreshAll();
  refreshReferences();
})();
