/* Vraagbaak chat widget. One <script> tag adds the panel to any page:
 *   <script src="https://vraagbaak.example/widget.js" data-title="Vraagbaak" data-color="#1f5f8b"></script>
 * Optional: data-api (service address; default: where this script came from),
 * data-target (id of the element to render into; default: right after the tag).
 * Plain JavaScript, no build step; the panel lives in a shadow root so the
 * host page's styles and ours never mix. Source references ("Kopieer bron") come from the
 * service (POST /v1/references); on the service's own pages a citation can also be put on the
 * adviser's source list (localStorage key vraagbaak:bronnenlijst, shown at /bronnenlijst). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var data = script.dataset || {};
  var API = (data.api || new URL(script.src, location.href).origin).replace(/\/$/, "");
  var TITLE = data.title || "Vraagbaak";
  var COLOR = /^#[0-9a-fA-F]{6}$/.test(data.color || "") ? data.color : "#1f5f8b";
  var STORE = "vraagbaak:" + API;
  var TIMEOUT_MS = 30000;
  var LIST_KEY = "vraagbaak:bronnenlijst";
  var SAME_ORIGIN = API === location.origin;

  var host = document.createElement("div");
  host.className = "vraagbaak-widget";
  var target = data.target && document.getElementById(data.target);
  if (target) target.appendChild(host);
  else script.parentNode.insertBefore(host, script.nextSibling);
  var root = host.attachShadow({ mode: "open" });
  var uid = "vb" + Math.random().toString(36).slice(2, 8);

  root.innerHTML =
    "<style>" +
    ":host{all:initial;display:block;font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;" +
    "font-size:1rem;line-height:1.5;color:#1a1a1a}" +
    "*{box-sizing:border-box}" +
    ".vb{border:1px solid #8a8f94;border-radius:.5rem;background:#fff;max-width:52rem;margin:0 auto;overflow-wrap:break-word}" +
    ".bar{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;justify-content:space-between;padding:.75rem 1rem;" +
    "background:var(--accent);color:#fff;border-radius:.5rem .5rem 0 0}" +
    ".bar h2{margin:0;font-size:1.25rem}" +
    "button{font:inherit;cursor:pointer;border-radius:.375rem;border:2px solid var(--accent);background:#fff;" +
    "color:var(--accent);padding:.375rem .75rem;min-height:2.75rem;min-width:2.75rem}" +
    "button.primary{background:var(--accent);color:#fff}" +
    ".bar button{border-color:#fff}" +
    "button:focus-visible,a:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid #1a1a1a;" +
    "outline-offset:2px;box-shadow:0 0 0 5px #fff}" +
    ".log{padding:1rem;display:flex;flex-direction:column;gap:1rem}" +
    ".msg{padding:.75rem 1rem;border-radius:.5rem}" +
    ".user{background:#e8eef3;align-self:flex-end;max-width:90%}" +
    ".bot{background:#f7f7f7;border:1px solid #d0d4d8}" +
    ".bot.abstained{border-left:.375rem solid #8a5a00}" +
    ".answer{white-space:pre-line;margin:0}" +
    ".ref{min-height:1.75rem;min-width:1.75rem;padding:0 .25rem;margin:0 .125rem;font-size:.875rem;vertical-align:baseline}" +
    ".note{font-weight:600;margin:0 0 .5rem;color:#6b4500}" +
    ".sources{margin:.75rem 0 0;padding-left:1.25rem}.sources li{margin:.25rem 0}" +
    ".sources button{text-align:left;min-height:2.25rem}" +
    ".cite-links{margin:.75rem 0 0}" +
    ".rate{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center;margin-top:.75rem;font-size:.9375rem}" +
    ".rate button[aria-pressed=true]{background:var(--accent);color:#fff}" +
    ".thumb{display:inline-flex;gap:.375rem;align-items:center}" +
    ".remark{display:flex;flex-direction:column;gap:.25rem;width:100%}" +
    "form{display:flex;flex-direction:column;gap:.5rem;padding:1rem;border-top:1px solid #d0d4d8}" +
    "label{font-weight:600}" +
    "textarea{font:inherit;width:100%;min-height:4.5rem;padding:.5rem;border:2px solid #5c6166;border-radius:.375rem;" +
    "color:#1a1a1a;background:#fff}" +
    ".row{display:flex;flex-wrap:wrap;gap:.5rem}" +
    ".alert{margin:0 1rem 1rem;padding:.75rem 1rem;border:2px solid #a12622;border-radius:.375rem;background:#fdf0ef;color:#5c1411}" +
    ".cite{margin:0 1rem 1rem;padding:1rem;border:2px solid var(--accent);border-radius:.5rem;background:#fff}" +
    ".cite h3{margin:0 0 .25rem;font-size:1.125rem}" +
    ".meta{margin:0 0 .75rem;color:#3d3d3d;font-size:.9375rem}" +
    ".passage{white-space:pre-line;margin:0 0 .75rem;padding:.75rem;background:#f7f7f7;border-radius:.375rem}" +
    "mark{background:#ffe57a;color:#1a1a1a;padding:0 .125rem}" +
    "a{color:#0b4f8a}" +
    ".busy{color:#3d3d3d;font-style:italic}" +
    ".intro h3{margin:0 0 .5rem;font-size:1.0625rem}.intro ul{margin:0 0 .75rem;padding:0;list-style:none;display:flex;" +
    "flex-direction:column;gap:.5rem}.intro li button{text-align:left;min-height:2.25rem}.intro p{margin:0}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "[hidden]{display:none!important}" +
    "</style>" +
    '<section class="vb" aria-labelledby="' + uid + '-title">' +
    '<div class="bar"><h2 id="' + uid + '-title"></h2>' +
    '<button type="button" class="new">Nieuw gesprek</button></div>' +
    '<div class="log" aria-label="Gesprek"></div>' +
    '<div class="alert" role="alert" hidden><p class="alert-text"></p>' +
    '<button type="button" class="retry primary">Opnieuw proberen</button></div>' +
    '<section class="cite" hidden aria-labelledby="' + uid + '-cite"><h3 id="' + uid + '-cite" tabindex="-1"></h3>' +
    '<p class="meta"></p><p class="passage"></p><div class="row">' +
    '<button type="button" class="copy primary">Kopieer bron</button>' +
    '<button type="button" class="collect" hidden>Zet op bronnenlijst</button>' +
    '<button type="button" class="close">Sluiten</button></div>' +
    '<p class="cite-links"><a class="permalink" rel="noopener" target="_blank">Bekijk in het document</a>' +
    '<span class="list-link" hidden> · <a href="' + API + '/bronnenlijst">Bronnenlijst</a></span></p></section>' +
    '<form novalidate><label for="' + uid + '-q">Uw vraag</label>' +
    '<textarea id="' + uid + '-q" name="question" maxlength="2000" required ' +
    'aria-describedby="' + uid + '-hint"></textarea>' +
    '<span id="' + uid + '-hint" class="hint">Enter verstuurt, Shift+Enter geeft een nieuwe regel.</span>' +
    '<div class="row"><button type="submit" class="primary send">Verstuur</button></div></form>' +
    '<div class="sr live" role="status" aria-live="polite"></div>' +
    "</section>";

  var $ = function (sel) { return root.querySelector(sel); };
  var panel = $(".vb");
  panel.style.setProperty("--accent", COLOR);
  $("#" + uid + "-title").textContent = TITLE;
  var log = $(".log"), form = $("form"), input = $("textarea"), send = $(".send");
  var alertBox = $(".alert"), alertText = $(".alert-text"), live = $(".live");
  var cite = $(".cite"), citeTitle = $(".cite h3"), citeMeta = $(".cite .meta"), citePassage = $(".cite .passage");
  var documents = {};
  var turns = load();
  var pending = null, opener = null, currentCitation = null, currentReference = null;

  function load() {
    try { return JSON.parse(sessionStorage.getItem(STORE) || "[]"); } catch (e) { return []; }
  }
  function save() {
    try { sessionStorage.setItem(STORE, JSON.stringify(turns)); } catch (e) { /* private mode: keep in memory */ }
  }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }
  function announce(text) { live.textContent = ""; setTimeout(function () { live.textContent = text; }, 50); }

  fetch(API + "/v1/documents").then(function (r) { return r.ok ? r.json() : { documents: [] }; })
    .then(function (d) { (d.documents || []).forEach(function (x) { documents[x.document] = x; }); })
    .catch(function () { /* the source line then lacks publisher and date */ });

  /* Empty state: three example questions drawn from the corpus's own headings
     (GET /v1/examples) and the way to the documents overview and search page. */
  var examples = null;
  function renderIntro() {
    if (turns.length || $(".intro")) return;
    var box = el("div", "intro");
    log.appendChild(box);
    var fill = function (questions) {
      if (!box.isConnected) return;
      box.textContent = "";
      if (questions.length) {
        var h = el("h3", "", "Bijvoorbeeld");
        h.id = uid + "-examples";
        box.appendChild(h);
        var ul = el("ul");
        ul.setAttribute("aria-labelledby", h.id);
        questions.forEach(function (q) {
          var li = el("li"), b = el("button", "", q);
          b.type = "button";
          b.addEventListener("click", function () { input.value = q; ask(q); });
          li.appendChild(b); ul.appendChild(li);
        });
        box.appendChild(ul);
      }
      var p = el("p");
      var docs = el("a", "", "Welke documenten doorzoekt " + TITLE + "?");
      docs.href = API + "/documenten";
      var search = el("a", "", "Zoek zelf in de documenten");
      search.href = API + "/zoeken";
      p.appendChild(docs); p.appendChild(document.createTextNode(" · ")); p.appendChild(search);
      box.appendChild(p);
    };
    fill(examples || []);
    if (examples) return;
    fetch(API + "/v1/examples").then(function (r) { return r.ok ? r.json() : { questions: [] }; })
      .then(function (d) { examples = d.questions || []; fill(examples); })
      .catch(function () { /* the links alone still help */ });
  }

  function history() {
    var out = [];
    turns.slice(-10).forEach(function (t) {
      out.push({ role: "user", content: t.question });
      out.push({ role: "assistant", content: t.response.answer });
    });
    return out;
  }

  function renderAnswer(container, text, citations) {
    container.textContent = "";
    var parts = text.split(/(\[\d+\])/);
    parts.forEach(function (part) {
      var m = /^\[(\d+)\]$/.exec(part);
      var c = m && citations.filter(function (x) { return x.n === Number(m[1]); })[0];
      if (c) {
        var b = el("button", "ref", "[" + c.n + "]");
        b.type = "button";
        b.setAttribute("aria-label", "Bron " + c.n + ": " + (c.title || c.document));
        b.addEventListener("click", function () { openCitation(c, b); });
        container.appendChild(b);
      } else {
        container.appendChild(document.createTextNode(part));
      }
    });
  }

  function renderTurn(turn, index) {
    var q = el("div", "msg user");
    q.appendChild(el("span", "sr", "U vroeg: "));
    q.appendChild(document.createTextNode(turn.question));
    log.appendChild(q);
    var r = turn.response;
    var box = el("article", "msg bot" + (r.abstained ? " abstained" : ""));
    box.setAttribute("aria-label", "Antwoord " + (index + 1));
    if (r.abstained) box.appendChild(el("p", "note", "Geen antwoord gevonden in de documenten"));
    var answer = el("p", "answer");
    renderAnswer(answer, r.answer, r.citations || []);
    box.appendChild(answer);
    if (r.citations && r.citations.length) {
      box.appendChild(el("p", "note-sources", r.abstained ? "Deze passages komen het dichtst in de buurt:" : "Bronnen:"));
      var list = el("ol", "sources");
      r.citations.forEach(function (c) {
        var li = el("li");
        var b = el("button", "", (c.title || c.document) + (c.section ? " — " + c.section : ""));
        b.type = "button";
        b.setAttribute("aria-label", "Open bron " + c.n + ": " + b.textContent);
        b.addEventListener("click", function () { openCitation(c, b); });
        li.appendChild(b);
        list.appendChild(li);
      });
      box.appendChild(list);
    }
    box.appendChild(rating(turn));
    log.appendChild(box);
    return box;
  }

  function rating(turn) {
    var row = el("div", "rate");
    var label = el("span", "", "Was dit antwoord nuttig?");
    label.id = uid + "-rate-" + turn.response.id;
    row.appendChild(label);
    var up = thumb("Ja", false), down = thumb("Nee", true);
    [[up, "up", "Ja, nuttig"], [down, "down", "Nee, niet nuttig"]].forEach(function (x) {
      x[0].type = "button";
      x[0].setAttribute("aria-label", x[2]);
      x[0].setAttribute("aria-pressed", String(turn.rating === x[1]));
      x[0].addEventListener("click", function () { rate(turn, x[1], row); });
      row.appendChild(x[0]);
    });
    if (turn.rating && !turn.remarked) row.appendChild(remarkBox(turn, row));
    if (turn.remarked) row.appendChild(el("span", "", "Bedankt voor uw beoordeling."));
    return row;
  }

  function thumb(text, flip) {
    // Inline SVG: servers and kiosks often lack an emoji font.
    var b = el("button", "thumb");
    b.innerHTML = '<svg aria-hidden="true" focusable="false" width="18" height="18" viewBox="0 0 24 24"' +
      (flip ? ' style="transform:rotate(180deg)"' : "") + '><path fill="currentColor" d="M2 21h4V9H2v12zm20-11' +
      'c0-1.1-.9-2-2-2h-6.3l1-4.6v-.3c0-.4-.2-.8-.4-1.1L13.2 1 6.6 7.6C6.2 8 6 8.5 6 9v10c0 1.1.9 2 2 2h9' +
      'c.8 0 1.5-.5 1.8-1.2l3-7.1c.1-.2.2-.5.2-.7v-2z"/></svg> ';
    b.appendChild(document.createTextNode(text));
    return b;
  }

  function remarkBox(turn, row) {
    var wrap = el("div", "remark");
    var id = uid + "-remark-" + turn.response.id;
    var label = el("label", "", "Opmerking (optioneel)");
    label.htmlFor = id;
    var area = el("textarea");
    area.id = id;
    area.maxLength = 1000;
    var b = el("button", "", "Verstuur opmerking");
    b.type = "button";
    b.addEventListener("click", function () {
      postFeedback(turn, area.value.trim()).then(function () {
        turn.remarked = true; save();
        row.replaceWith(rating(turn));
        announce("Bedankt voor uw beoordeling.");
      });
    });
    wrap.appendChild(label); wrap.appendChild(area); wrap.appendChild(b);
    return wrap;
  }

  function postFeedback(turn, remark) {
    var body = { answer_id: turn.response.id, rating: turn.rating };
    if (remark) body.remark = remark;
    return fetch(API + "/v1/feedback", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) throw new Error("feedback");
    }).catch(function () { showError("Uw beoordeling kon niet worden opgeslagen. Probeer het later opnieuw.", null); });
  }

  function rate(turn, value, row) {
    turn.rating = value;
    save();
    postFeedback(turn, "").then(function () {
      var fresh = rating(turn);
      row.replaceWith(fresh);
      announce("Beoordeling opgeslagen. U kunt nog een opmerking toevoegen.");
      var pressed = fresh.querySelector('[aria-pressed="true"]');
      if (pressed) pressed.focus();
    });
  }

  /* The reference text is made by the service (service/references.py), the one format every
     page uses; it is fetched when a citation opens, so copying needs no second round trip. */
  function fetchReference(c) {
    return fetch(API + "/v1/references", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ items: [{ passage_id: c.passage_id, quote: c.quote || null }] })
    }).then(function (r) {
      if (!r.ok) throw new Error("reference");
      return r.json();
    }).then(function (d) { return d.references[0]; });
  }

  function readList() {
    try { var x = JSON.parse(localStorage.getItem(LIST_KEY) || "[]"); return Array.isArray(x) ? x : []; }
    catch (e) { return []; }
  }
  function listIndex(items, c) {
    for (var i = 0; i < items.length; i++) {
      if (items[i].passage_id === c.passage_id && (items[i].quote || "") === (c.quote || "")) return i;
    }
    return -1;
  }
  function syncCollect() {
    var b = $(".collect");
    var inList = currentCitation && listIndex(readList(), currentCitation) >= 0;
    b.textContent = inList ? "Staat op bronnenlijst ✓" : "Zet op bronnenlijst";
    b.setAttribute("aria-pressed", String(!!inList));
    $(".list-link").hidden = !inList;
  }
  function collect() {
    var c = currentCitation;
    if (!c || !currentReference) return;
    currentReference.then(function (ref) {
      var items = readList(), at = listIndex(items, c);
      if (at >= 0) { items.splice(at, 1); announce("Van de bronnenlijst gehaald."); }
      else {
        items.push({ passage_id: c.passage_id, quote: c.quote || null, reference: ref, added: new Date().toISOString() });
        announce("Op de bronnenlijst gezet. De lijst telt nu " + items.length + " bronnen.");
      }
      try { localStorage.setItem(LIST_KEY, JSON.stringify(items)); } catch (e) { showError("De bronnenlijst kon niet worden bewaard.", null); }
      syncCollect();
    }, function () { showError("Deze bron kon niet worden opgehaald. Probeer het later opnieuw.", null); });
  }

  function openCitation(c, from) {
    opener = from;
    citeTitle.textContent = "Bron " + c.n + ": " + (c.title || c.document);
    citeMeta.textContent = "";
    var meta = [c.document];
    if (c.locator) meta.push(c.locator);
    if (c.section) meta.push("sectie: " + c.section);
    if (c.page) meta.push("pagina " + c.page);
    citeMeta.appendChild(document.createTextNode(meta.join(" · ")));
    var url = c.url || (documents[c.document] || {}).source;
    if (url) {
      citeMeta.appendChild(document.createTextNode(" · "));
      var a = el("a", "", "originele bron");
      a.href = url; a.rel = "noopener"; a.target = "_blank";
      citeMeta.appendChild(a);
    }
    citePassage.textContent = "";
    var at = c.quote ? c.text.indexOf(c.quote) : -1;
    if (at >= 0) {
      citePassage.appendChild(document.createTextNode(c.text.slice(0, at)));
      citePassage.appendChild(el("mark", "", c.quote));
      citePassage.appendChild(document.createTextNode(c.text.slice(at + c.quote.length)));
    } else {
      citePassage.textContent = c.text;
    }
    currentCitation = c;
    currentReference = fetchReference(c);
    currentReference.catch(function () { /* reported when the adviser copies or collects */ });
    var link = $(".permalink");
    link.href = API + "/bron/" + encodeURIComponent(c.passage_id) + (c.quote ? "?quote=" + encodeURIComponent(c.quote) : "");
    $(".collect").hidden = !SAME_ORIGIN;
    if (SAME_ORIGIN) syncCollect();
    cite.hidden = false;
    citeTitle.focus();
  }

  function closeCitation() {
    cite.hidden = true;
    if (opener && opener.isConnected) opener.focus(); else input.focus();
  }

  function copySource() {
    var button = $(".copy");
    var done = function () { announce("Bron gekopieerd."); button.textContent = "Gekopieerd ✓"; };
    var fallback = function (text) {
      var t = document.createElement("textarea");
      t.value = text; t.setAttribute("readonly", ""); t.style.position = "fixed"; t.style.opacity = "0";
      document.body.appendChild(t); t.select();
      try { document.execCommand("copy"); } catch (e) { /* nothing more we can do */ }
      document.body.removeChild(t); done();
    };
    if (!currentReference) return;
    currentReference.then(function (ref) {
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(ref.text).then(done, function () { fallback(ref.text); });
      } else fallback(ref.text);
      setTimeout(function () { button.textContent = "Kopieer bron"; }, 2500);
    }, function () { showError("De bronvermelding kon niet worden opgehaald. Probeer het later opnieuw.", null); });
  }

  function showError(message, retry) {
    alertText.textContent = message;
    $(".retry").hidden = !retry;
    alertBox.hidden = false;
    pending = retry;
  }

  function parseEvents(buffer, onEvent) {
    var chunks = buffer.split("\n\n");
    var rest = chunks.pop();
    chunks.forEach(function (chunk) {
      var name = "message", dataLines = [];
      chunk.split("\n").forEach(function (line) {
        if (line.indexOf("event: ") === 0) name = line.slice(7);
        else if (line.indexOf("data: ") === 0) dataLines.push(line.slice(6));
      });
      if (dataLines.length) onEvent(name, JSON.parse(dataLines.join("\n")));
    });
    return rest;
  }

  function ask(question) {
    var intro = $(".intro");
    if (intro) intro.remove();
    alertBox.hidden = true;
    send.disabled = true;
    input.setAttribute("aria-busy", "true");
    var placeholder = el("div", "msg bot busy", "Even zoeken in de documenten…");
    log.appendChild(placeholder);
    var controller = new AbortController();
    var timer = setTimeout(function () { controller.abort(); }, TIMEOUT_MS);
    var finalResponse = null;
    fetch(API + "/v1/ask", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "text/event-stream" },
      body: JSON.stringify({ question: question, history: history() }),
      signal: controller.signal
    }).then(function (res) {
      if (!res.ok) {
        return res.json().catch(function () { return {}; }).then(function (body) {
          var msg = body.error && body.error.message;
          throw { user: msg || "De server gaf een fout (" + res.status + ").", retry: res.status >= 500 };
        });
      }
      var reader = res.body.getReader(), decoder = new TextDecoder(), buffer = "", streamed = "";
      placeholder.className = "msg bot";
      placeholder.textContent = "";
      var pump = function () {
        return reader.read().then(function (step) {
          if (step.done) return;
          buffer = parseEvents(buffer + decoder.decode(step.value, { stream: true }), function (name, payload) {
            if (name === "token") { streamed += payload.text; placeholder.textContent = streamed; }
            else if (name === "done") finalResponse = payload;
          });
          return pump();
        });
      };
      return pump();
    }).then(function () {
      clearTimeout(timer);
      if (!finalResponse) throw { user: "Het antwoord kwam niet volledig binnen.", retry: true };
      placeholder.remove();
      var turn = { question: question, response: finalResponse };
      turns.push(turn); save();
      renderTurn(turn, turns.length - 1);
      announce((finalResponse.abstained ? "Geen antwoord gevonden. " : "Antwoord: ") +
        finalResponse.answer.replace(/\[\d+\]/g, ""));
      input.value = "";
    }).catch(function (err) {
      clearTimeout(timer);
      placeholder.remove();
      input.value = question; // never lose what was typed
      var message = err && err.user ? err.user :
        (err && err.name === "AbortError" ? "Het antwoord duurt te lang. Uw vraag is bewaard." :
          "De server is niet bereikbaar. Uw vraag is bewaard; probeer het opnieuw.");
      showError(message, err && err.user && !err.retry ? null : function () { ask(question); });
    }).then(function () {
      send.disabled = false;
      input.removeAttribute("aria-busy");
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var q = input.value.trim();
    if (!q) { showError("Typ eerst een vraag.", null); input.focus(); return; }
    ask(q);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) { e.preventDefault(); form.requestSubmit(); }
  });
  $(".retry").addEventListener("click", function () { if (pending) pending(); });
  $(".close").addEventListener("click", closeCitation);
  $(".copy").addEventListener("click", copySource);
  cite.addEventListener("keydown", function (e) { if (e.key === "Escape") closeCitation(); });
  $(".new").addEventListener("click", function () {
    turns = []; save();
    log.textContent = ""; cite.hidden = true; alertBox.hidden = true;
    input.value = ""; input.focus();
    renderIntro();
    announce("Nieuw gesprek gestart.");
  });

  $(".collect").addEventListener("click", collect);
  window.addEventListener("storage", function (e) { if (e.key === LIST_KEY && !cite.hidden && SAME_ORIGIN) syncCollect(); });
  turns.forEach(renderTurn);
  renderIntro();
})();
