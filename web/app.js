/* aluehaku web UI: plain JavaScript over the public API (/api/v1).
 *
 * Safety rule: text that comes from users or documents (questions, answers, titles, snippets)
 * is only ever inserted with textContent or document.createTextNode. innerHTML is not used.
 */
"use strict";

(function () {
  const API = "/api/v1";
  const MAX_HISTORY = 6;

  const $ = (id) => document.getElementById(id);

  /** Build an element: el("a", {href: "#x", class: "c"}, "text", child). */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // --- API access ---------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(title, detail, status) {
      super(detail || title);
      this.title = title;
      this.detail = detail;
      this.status = status;
    }
  }

  async function api(path, options) {
    let response;
    try {
      const opts = Object.assign({}, options || {});
      // A signed-in session's requests say so: the API refuses a session-authenticated change
      // without this header, which another site cannot add (CSRF defence, api/oidc.py).
      opts.headers = Object.assign({ Accept: "application/json", "X-Aluehaku-Session": "1" }, opts.headers || {});
      response = await fetch(API + path, opts);
    } catch (err) {
      throw new ApiError("Ei yhteyttä", "Palvelimeen ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.", 0);
    }
    let body = null;
    try {
      body = await response.json();
    } catch (err) {
      body = null;
    }
    if (!response.ok) {
      if (response.status === 429) {
        const wait = response.headers.get("Retry-After") || "muutaman";
        throw new ApiError("Liian monta pyyntöä", "Odota " + wait + " sekuntia ja yritä uudelleen.", 429);
      }
      const title = body && typeof body.title === "string" ? body.title : "Virhe";
      const detail = body && typeof body.detail === "string" ? body.detail : "Pyyntö epäonnistui (" + response.status + ").";
      throw new ApiError(title, detail, response.status);
    }
    return body;
  }

  function showError(box, err) {
    box.replaceChildren(
      el("p", { class: "error-title" }, err.title || "Virhe"),
      el("p", {}, err.detail || err.message || "Jokin meni vikaan.")
    );
    box.hidden = false;
    // The message stands next to the form that failed; make sure it is on screen.
    box.scrollIntoView({ block: "nearest" });
  }

  function clearError(box) {
    box.hidden = true;
    box.replaceChildren();
  }

  // --- filters ------------------------------------------------------------------------------
  function currentFilters() {
    const organisation = $("f-organisation").value.trim();
    const type = $("f-type").value;
    const year = $("f-year").value.trim();
    const filters = {};
    if (organisation) filters.organisation = organisation;
    if (type) filters.type = type;
    if (/^\d{4}$/.test(year)) {
      filters.date_from = year;
      filters.date_to = year;
    }
    return filters;
  }

  /** The filter panel follows the active view's heading and query box (one panel, moved). */
  const FILTER_PLACE = { ask: "ask-error", search: "search-error", docs: "docs-title" };

  function placeFilters(view) {
    const anchor = $(FILTER_PLACE[view]);
    if (anchor) anchor.after($("filter-panel"));
  }

  function updateFilterCount() {
    const n = Object.keys(currentFilters()).filter((k) => k !== "date_to").length;
    $("filters-count").textContent = n ? "(" + n + " käytössä)" : "";
  }

  function filterParams(params) {
    const f = currentFilters();
    for (const [key, value] of Object.entries(f)) params.set(key, value);
    return params;
  }

  // --- formatting ---------------------------------------------------------------------------
  const TYPE_LABELS = {
    "pöytäkirja": "Pöytäkirja",
    "esityslista": "Esityslista",
    "hankekuvaus": "Hankekuvaus",
    "päätös": "Päätös",
    "rekisteri": "Rekisteri",
    "verkkosivu": "Verkkosivu",
    "asiakirja": "Asiakirja",
  };

  function formatDate(iso) {
    if (!iso) return "";
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
    if (!m) return iso;
    return Number(m[3]) + "." + Number(m[2]) + "." + m[1];
  }

  function metaLine(doc, page, section) {
    const parts = [];
    if (doc.organisation) parts.push(doc.organisation);
    if (doc.date) parts.push(formatDate(doc.date));
    if (doc.type) parts.push(TYPE_LABELS[doc.type] || doc.type);
    if (page) parts.push("s. " + page);
    if (section) parts.push(section);
    return parts.join(" · ");
  }

  function fileLink(docId, page) {
    return API + "/documents/" + encodeURIComponent(docId) + "/file" + (page ? "#page=" + page : "");
  }

  /** Append ``text`` to ``parent`` with the server's highlight spans wrapped in <mark>.
   *
   * Spans are [start, end) offsets in Unicode code points (the server's lemma matching found
   * them); the text is split by code points so that characters outside the BMP count once.
   * Only DOM text nodes are created. A span past ``limit`` code points is dropped.
   */
  function appendHighlighted(parent, text, spans, limit) {
    const chars = Array.from(text || "");
    const end = Math.min(chars.length, limit || chars.length);
    let last = 0;
    const ordered = (Array.isArray(spans) ? spans : [])
      .filter((s) => Array.isArray(s) && s.length === 2 && Number.isInteger(s[0]) && Number.isInteger(s[1]))
      .sort((a, b) => a[0] - b[0]);
    for (const [start, stop] of ordered) {
      if (start < last || stop <= start || stop > end) continue;
      if (start > last) parent.append(document.createTextNode(chars.slice(last, start).join("")));
      parent.append(el("mark", {}, chars.slice(start, stop).join("")));
      last = stop;
    }
    if (last < end) parent.append(document.createTextNode(chars.slice(last, end).join("")));
    if (end < chars.length) parent.append(document.createTextNode(" …"));
  }

  /** How many code points of ``text`` to show: at most ``max``, cut at a space when one is near. */
  function shownLength(text, max) {
    const chars = Array.from(text || "");
    if (chars.length <= max) return chars.length;
    const cut = chars.slice(0, max).join("");
    const space = cut.lastIndexOf(" ");
    return space > max * 0.6 ? Array.from(cut.slice(0, space)).length : max;
  }

  /** A source card: number, title, organisation · date · type · page · §, snippet, link. */
  function sourceCard(item, options) {
    const doc = item.document || {};
    const card = el("li", { class: "card", id: options.id || null, tabindex: options.id ? "-1" : null });
    const head = el("div", { class: "card-head" });
    if (options.number) head.append(el("span", { class: "card-number", "aria-hidden": "true" }, "[" + options.number + "]"));
    const titleId = options.id ? options.id + "-title" : null;
    head.append(el("h3", { class: "card-title", id: titleId },
      options.number ? el("span", { class: "visually-hidden" }, "Lähde " + options.number + ": ") : null,
      doc.title || "Nimetön asiakirja"));
    card.append(head);
    const meta = metaLine(doc, item.page, item.section);
    if (meta) card.append(el("p", { class: "meta" }, meta));
    // The server's highlights index the snippet; a bare text (no snippet) has none.
    const snippetText = item.snippet || item.text || "";
    const spans = item.snippet ? item.highlights : [];
    const snippet = el("p", { class: "snippet" });
    appendHighlighted(snippet, snippetText, spans, shownLength(snippetText, 420));
    card.append(snippet);
    if (doc.id !== undefined && doc.id !== null) {
      card.append(el("p", { class: "card-actions" },
        el("a", { href: fileLink(doc.id, item.page), target: "_blank", rel: "noopener noreferrer", class: "open-source",
          "aria-describedby": titleId },
          "Avaa lähde", el("span", { class: "visually-hidden" }, " (avautuu uuteen välilehteen)"))));
    }
    return card;
  }

  // --- views --------------------------------------------------------------------------------
  function showView(name) {
    for (const tab of document.querySelectorAll(".tab")) {
      const active = tab.dataset.view === name;
      tab.setAttribute("aria-pressed", active ? "true" : "false");
      $("view-" + tab.dataset.view).hidden = !active;
    }
    placeFilters(name);
    if (name === "docs") loadDocuments(0);
    if (name === "admin") refreshAdmin();
  }

  // --- conversation -------------------------------------------------------------------------
  const history = [];
  let turnCounter = 0;
  /** Turns shown ({question, answer}); kept in sessionStorage so a reload keeps them. */
  const turns = [];
  const STORE_KEY = "aluehaku.keskustelu";
  const MAX_STORED_TURNS = 20;

  function saveConversation() {
    let kept = turns.slice(-MAX_STORED_TURNS);
    while (true) {
      try {
        if (kept.length) sessionStorage.setItem(STORE_KEY, JSON.stringify(kept));
        else sessionStorage.removeItem(STORE_KEY);
        return;
      } catch (err) {
        if (!kept.length) return; // storage unavailable: the conversation lives in the page only
        kept = kept.slice(1); // over the quota: drop the oldest turn and try again
      }
    }
  }

  function restoreConversation() {
    let saved = [];
    try {
      saved = JSON.parse(sessionStorage.getItem(STORE_KEY) || "[]");
    } catch (err) {
      saved = [];
    }
    if (!Array.isArray(saved)) return;
    for (const turn of saved) {
      if (!turn || typeof turn.question !== "string" || !turn.answer || typeof turn.answer !== "object") continue;
      renderTurn(turn.question, turn.answer);
      turns.push(turn);
      history.push({ question: turn.question, answer: String(turn.answer.answer || "").slice(0, 20000) });
    }
    if (turns.length) $("new-conversation").hidden = false;
  }

  /** The answer text with [n] turned into links to the turn's source cards. */
  function answerBody(text, turnId, citationNumbers) {
    const box = el("div", { class: "answer-text" });
    const paragraphs = String(text || "").split(/\n{2,}/);
    for (const para of paragraphs) {
      let p = el("p");
      let list = null;
      const lines = para.split("\n");
      lines.forEach((rawLine, i) => {
        let line = rawLine;
        const bullet = /^\s*[-•]\s+/.exec(line);
        if (bullet) {
          // "- item" lines become a real list (screen readers announce the count).
          if (!list) {
            if (p.childNodes.length) box.append(p);
            list = el("ul", { class: "answer-list" });
            box.append(list);
          }
          p = el("li");
          list.append(p);
          line = line.slice(bullet[0].length);
        } else if (list) {
          list = null;
          p = el("p");
          box.append(p);
        } else if (i > 0 && p.childNodes.length) {
          p.append(el("br"));
        }
        let last = 0;
        for (const match of line.matchAll(/\[(\d{1,3})\]/g)) {
          const n = Number(match[1]);
          if (match.index > last) p.append(document.createTextNode(line.slice(last, match.index)));
          if (citationNumbers.has(n)) {
            const target = turnId + "-src-" + n;
            const link = el("a", { href: "#" + target, class: "cite", "aria-label": "lähde " + n }, "[" + n + "]");
            link.addEventListener("click", (event) => {
              event.preventDefault();
              const card = $(target);
              if (card) {
                card.scrollIntoView({ block: "nearest" });
                card.focus();
              }
            });
            p.append(link);
          } else {
            p.append(document.createTextNode(match[0]));
          }
          last = match.index + match[0].length;
        }
        if (last < line.length) p.append(document.createTextNode(line.slice(last)));
      });
      if (!list && p.childNodes.length && !p.parentNode) box.append(p);
    }
    return box;
  }

  function renderTurn(question, answer) {
    turnCounter += 1;
    const turnId = "turn-" + turnCounter;
    const article = el("article", { class: "turn", "aria-labelledby": turnId + "-q" });
    article.append(el("h2", { class: "turn-question", id: turnId + "-q" },
      el("span", { class: "visually-hidden" }, "Kysymys: "), question));
    const numbers = new Set((answer.citations || []).map((c) => c.n));
    const answerBox = el("div", { class: answer.abstained ? "answer abstained" : "answer" });
    answerBox.append(el("p", { class: "answer-label" }, answer.abstained ? "Varmaa vastausta ei löytynyt" : "Vastaus"));
    answerBox.append(answerBody(answer.answer, turnId, numbers));
    article.append(answerBox);
    const citations = answer.citations || [];
    if (citations.length) {
      const listId = turnId + "-sources";
      article.append(el("h3", { class: "sources-title", id: listId }, "Lähteet"));
      const list = el("ol", { class: "cards", "aria-labelledby": listId });
      for (const c of citations) list.append(sourceCard(c, { id: turnId + "-src-" + c.n, number: c.n }));
      article.append(list);
    }
    $("conversation").append(article);
    return article;
  }

  async function onAsk(event) {
    event.preventDefault();
    const input = $("question");
    const question = input.value.trim();
    if (!question) {
      input.focus();
      return;
    }
    const button = $("ask-button");
    clearError($("ask-error"));
    button.disabled = true;
    $("view-ask").setAttribute("aria-busy", "true");
    $("ask-status").textContent = "Haetaan vastausta…";
    try {
      const body = { question, history: history.slice(-MAX_HISTORY) };
      const filters = currentFilters();
      if (Object.keys(filters).length) body.filters = filters;
      const answer = await api("/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify(body),
      });
      const article = renderTurn(question, answer);
      article.scrollIntoView({ block: "start" });
      history.push({ question, answer: String(answer.answer || "").slice(0, 20000) });
      turns.push({ question, answer });
      saveConversation();
      $("ask-status").textContent = answer.abstained
        ? "Varmaa vastausta ei löytynyt."
        : "Vastaus valmis, lähteitä " + (answer.citations || []).length + ".";
      input.value = "";
      $("new-conversation").hidden = false;
    } catch (err) {
      $("ask-status").textContent = "";
      showError($("ask-error"), err);
    } finally {
      button.disabled = false;
      $("view-ask").removeAttribute("aria-busy");
      input.focus({ preventScroll: true });
    }
  }

  function newConversation() {
    history.length = 0;
    turns.length = 0;
    saveConversation();
    $("conversation").replaceChildren();
    $("new-conversation").hidden = true;
    $("ask-status").textContent = "Uusi keskustelu aloitettu.";
    $("question").focus();
  }

  // --- search -------------------------------------------------------------------------------
  const searchState = { q: "", offset: 0, limit: 10 };

  async function runSearch(append) {
    const status = $("search-status");
    const list = $("search-results");
    clearError($("search-error"));
    status.textContent = "Haetaan…";
    $("search-more").hidden = true;
    const params = filterParams(new URLSearchParams({ q: searchState.q, limit: String(searchState.limit), offset: String(searchState.offset) }));
    const mode = $("search-mode").value;
    if (mode) params.set("mode", mode);
    try {
      const data = await api("/search?" + params.toString());
      if (!append) list.replaceChildren();
      data.results.forEach((hit, i) => {
        list.append(sourceCard(hit, { number: searchState.offset + i + 1 }));
      });
      const shown = list.children.length;
      status.textContent = shown ? "Osumia näkyvissä " + shown + "." : "Ei osumia. Kokeile muita sanoja tai poista rajauksia.";
      for (const note of data.notes || []) status.textContent += " " + note;
      $("search-more").hidden = data.results.length < searchState.limit;
    } catch (err) {
      status.textContent = "";
      showError($("search-error"), err);
    }
  }

  function onSearch(event) {
    event.preventDefault();
    const q = $("search-q").value.trim();
    if (!q) {
      $("search-q").focus();
      return;
    }
    searchState.q = q;
    searchState.offset = 0;
    runSearch(false);
  }

  function onSearchMore() {
    searchState.offset += searchState.limit;
    runSearch(true);
  }

  // --- documents ----------------------------------------------------------------------------
  const docsState = { offset: 0, limit: 20, total: 0 };

  async function loadDocuments(offset) {
    docsState.offset = Math.max(0, offset);
    const status = $("docs-status");
    clearError($("docs-error"));
    status.textContent = "Ladataan asiakirjoja…";
    const params = filterParams(new URLSearchParams({ limit: String(docsState.limit), offset: String(docsState.offset) }));
    try {
      const data = await api("/documents?" + params.toString());
      docsState.total = data.total;
      const body = $("docs-table").tBodies[0];
      body.replaceChildren();
      for (const doc of data.items) {
        const show = el("button", { type: "button", class: "link-button" }, doc.title || "Nimetön asiakirja");
        show.addEventListener("click", () => showDocument(doc.id));
        const file = doc.file_url
          ? el("a", { href: doc.file_url, target: "_blank", rel: "noopener noreferrer" }, "Avaa",
              el("span", { class: "visually-hidden" }, " " + (doc.title || "") + " (avautuu uuteen välilehteen)"))
          : el("span", { class: "muted" }, "ei saatavilla");
        body.append(el("tr", {},
          el("th", { scope: "row" }, show),
          el("td", {}, TYPE_LABELS[doc.type] || doc.type || ""),
          el("td", {}, doc.organisation || ""),
          el("td", {}, formatDate(doc.date)),
          el("td", {}, file)));
      }
      const from = data.total ? docsState.offset + 1 : 0;
      const to = docsState.offset + data.items.length;
      status.textContent = data.total ? "Asiakirjat " + from + "–" + to + " / " + data.total + "." : "Asiakirjoja ei löytynyt.";
      $("docs-prev").disabled = docsState.offset === 0;
      $("docs-next").disabled = to >= data.total;
      updateScrollCue();
    } catch (err) {
      status.textContent = "";
      showError($("docs-error"), err);
    }
  }

  /** Show the sideways-scroll cue (text and edge shadow) when the table is wider than its box. */
  function updateScrollCue() {
    const wrap = $("docs-table-wrap");
    const scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
    wrap.classList.toggle("scrolls", scrolls);
    $("docs-scroll-hint").hidden = !scrolls;
  }

  async function showDocument(id) {
    const panel = $("doc-detail");
    clearError($("docs-error"));
    try {
      const doc = await api("/documents/" + encodeURIComponent(id));
      $("doc-detail-title").textContent = doc.title || "Nimetön asiakirja";
      $("doc-detail-meta").textContent = metaLine(doc, null, null) + (doc.pages ? " · sivuja " + doc.pages : "");
      const list = $("doc-detail-chunks");
      list.replaceChildren();
      for (const chunk of doc.chunks) {
        const label = [chunk.section, chunk.heading, chunk.page_start ? "s. " + chunk.page_start : ""].filter(Boolean).join(" · ");
        list.append(el("li", { class: "chunk" }, label ? el("p", { class: "meta" }, label) : null, el("p", { class: "chunk-text" }, chunk.text)));
      }
      if (doc.chunk_total > doc.chunks.length) {
        list.append(el("li", { class: "muted" }, "Näytetään " + doc.chunks.length + " / " + doc.chunk_total + " tekstikappaletta."));
      }
      panel.hidden = false;
      panel.focus();
    } catch (err) {
      showError($("docs-error"), err);
    }
  }

  async function loadOrganisations() {
    try {
      const data = await api("/documents?limit=100");
      const names = [...new Set(data.items.map((d) => d.organisation).filter(Boolean))].sort((a, b) => a.localeCompare(b, "fi"));
      $("organisations").replaceChildren(...names.map((name) => el("option", { value: name })));
    } catch (err) {
      /* The list is a convenience; typing works without it. */
    }
  }

  // --- admin view (staff and admins: the API refuses everyone else; this only hides it) -----
  const STATE_LABELS = { queued: "jonossa", running: "käynnissä", done: "valmis", failed: "epäonnistui" };
  const OUTCOME_LABELS = {
    ingested: "tallennettu",
    updated: "päivitetty",
    unchanged: "ennallaan (sama sisältö)",
    duplicate: "sama sisältö toisella nimellä",
    failed: "virhe",
  };
  const LEXICAL_LABELS = {
    fresh: "ajan tasalla",
    stale: "vanhentunut (rakentuu uudelleen haun yhteydessä; sillä välin FTS5 vastaa)",
    missing: "puuttuu (FTS5 vastaa; rakentuu haun yhteydessä)",
    off: "ei käytössä (FTS5)",
  };
  const adminState = { timer: null, sending: false, submitted: new Set(), announced: true };

  function visibilityLabel(value) {
    if (value === "public") return "Julkinen";
    if (value === "internal") return "Sisäinen";
    if (value.startsWith("restricted:")) return "Rajattu: " + value.slice("restricted:".length);
    return value;
  }

  function formatTime(iso) {
    if (!iso) return "";
    const when = new Date(iso);
    if (Number.isNaN(when.getTime())) return iso;
    return when.toLocaleString("fi-FI", { day: "numeric", month: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function jobFileItem(file) {
    const label = file.state === "done" ? OUTCOME_LABELS[file.status] || file.status : STATE_LABELS[file.state] || file.state;
    const item = el("li", { class: file.state === "failed" ? "job-file failed" : "job-file" },
      el("span", { class: "file-name" }, file.name), ": " + label);
    if (file.state === "failed" && file.detail) item.append(el("span", { class: "file-error" }, " – " + file.detail));
    return item;
  }

  function jobRow(job) {
    const done = job.counts.done || 0;
    let summary = job.kind === "sync"
      ? "Lähteen " + job.source + " synkronointi: " + done + " kohdetta käsitelty"
      : done + " / " + job.files.length + " tiedostoa tuotu";
    if (job.errors) summary += ", " + job.errors + (job.errors === 1 ? " virhe" : " virhettä");
    return el("tr", { "data-job": job.id, "data-state": job.state },
      el("th", { scope: "row" }, "#" + job.id),
      el("td", {}, el("span", { class: "job-state state-" + job.state }, STATE_LABELS[job.state] || job.state)),
      el("td", {},
        el("p", { class: "meta" }, summary),
        job.error ? el("p", { class: "file-error" }, job.error) : null,
        job.note ? el("p", { class: "hint" }, job.note) : null,
        el("ul", { class: "job-files" }, ...job.files.map(jobFileItem)),
        job.retryable ? retryButton(job) : null),
      el("td", {}, formatTime(job.created_at)),
      el("td", {}, job.seconds === null || job.seconds === undefined ? "" : job.seconds.toFixed(1).replace(".", ",") + " s"));
  }

  /** A job whose failures may pass (a full disk, a busy store) or a finished sync can run again. */
  function retryButton(job) {
    const button = el("button", { type: "button", class: "secondary" }, "Yritä uudelleen",
      el("span", { class: "visually-hidden" }, " työ " + job.id));
    button.addEventListener("click", async () => {
      clearError($("admin-error"));
      button.disabled = true;
      try {
        const runs = await api("/jobs/" + encodeURIComponent(job.id) + "/retry", { method: "POST" });
        $("jobs-status").textContent = "Työ #" + runs.id + " on jonossa.";
      } catch (err) {
        showError($("admin-error"), err);
      }
      refreshAdmin();
    });
    return button;
  }

  /** Show the recent jobs; return how many are still queued or running. */
  async function loadJobs() {
    const data = await api("/jobs?limit=50");
    $("jobs-table").tBodies[0].replaceChildren(...data.items.map(jobRow));
    const d = data.depth;
    $("jobs-status").textContent = data.total
      ? "Jonossa " + d.queued + ", käynnissä " + d.running + ", valmiina " + d.done + ", epäonnistuneita " + d.failed + "."
      : "Ei tuontitöitä.";
    announceUploads(data.items);
    return d.queued + d.running;
  }

  /** Say once in the upload's status line when every job this page queued has finished. */
  function announceUploads(jobs) {
    if (adminState.announced || adminState.sending || !adminState.submitted.size) return;
    const mine = jobs.filter((job) => adminState.submitted.has(job.id));
    if (mine.length < adminState.submitted.size || mine.some((job) => job.state === "queued" || job.state === "running")) return;
    const stored = mine.reduce((n, job) => n + (job.counts.done || 0), 0);
    const failed = mine.reduce((n, job) => n + job.errors, 0);
    $("upload-status").textContent = "Tuonti valmis: " + stored + " tiedostoa tallennettu" + (failed ? ", " + failed + " epäonnistui (syyt taulukossa)." : ".");
    adminState.announced = true;
  }

  async function loadOverview() {
    const o = await api("/admin/overview");
    const figures = [
      ["Asiakirjoja", o.documents],
      ["Tekstikappaleita", o.chunks],
      ["Vektoroituja tekstikappaleita", o.chunks_embedded],
      ["Vektorimalli", o.embed_model || "ei vielä"],
      ["Vektori-indeksi", o.dense_index ? "olemassa" : "puuttuu (aluehaku embed)"],
      ["Sanahaun indeksi", LEXICAL_LABELS[o.lexical_index] || o.lexical_index],
    ];
    $("index-figures").replaceChildren(...figures.flatMap(([term, value]) => [el("dt", {}, term), el("dd", {}, String(value))]));
    $("visibility-table").tBodies[0].replaceChildren(...Object.entries(o.by_visibility).map(([value, count]) =>
      el("tr", {}, el("th", { scope: "row" }, visibilityLabel(value)), el("td", {}, String(count)))));
    $("sources-table").tBodies[0].replaceChildren(...o.sources.map((src) => {
      const sync = el("button", { type: "button", class: "secondary" }, "Synkronoi",
        el("span", { class: "visually-hidden" }, " lähde " + src.name));
      sync.addEventListener("click", () => syncSource(src.name, sync));
      return el("tr", {}, el("th", { scope: "row" }, src.name), el("td", {}, src.kind), el("td", { class: "url" }, src.url),
        el("td", {}, src.synced_at ? formatTime(src.synced_at) : "ei vielä"), el("td", {}, sync));
    }));
    if (!o.sources.length) $("sources-status").textContent = "Lähteitä ei ole lisätty (aluehaku source add).";
  }

  /** Queue a sync of one source; its job appears in the table above. */
  async function syncSource(name, button) {
    clearError($("admin-error"));
    button.disabled = true;
    try {
      const job = await api("/sources/" + encodeURIComponent(name) + "/sync", { method: "POST" });
      $("sources-status").textContent = "Lähteen " + name + " synkronointi on jonossa (työ #" + job.id + ").";
    } catch (err) {
      showError($("admin-error"), err);
    }
    button.disabled = false;
    refreshAdmin();
  }

  async function refreshAdmin() {
    clearTimeout(adminState.timer);
    adminState.timer = null;
    clearError($("admin-error"));
    let active = 0;
    try {
      active = await loadJobs();
      await loadOverview();
    } catch (err) {
      showError($("admin-error"), err);
    }
    // While jobs wait or run, follow them every second (only while the view is open).
    if ((active > 0 || adminState.sending) && !$("view-admin").hidden) adminState.timer = setTimeout(refreshAdmin, 1000);
  }

  function chosenVisibility() {
    const value = $("upload-visibility").value;
    if (value !== "restricted") return value;
    const groups = $("upload-groups").value.split(",").map((g) => g.trim()).filter(Boolean);
    if (!groups.length) throw new ApiError("Ryhmät puuttuvat", "Kirjoita ainakin yksi ryhmä, jolle asiakirjat rajataan.", 0);
    return "restricted:" + groups.join(",");
  }

  /** Queue each chosen file as its own job (one request each: no request grows past the size
   * bound), then follow the jobs in the table. */
  async function onUpload(event) {
    event.preventDefault();
    clearError($("upload-error"));
    const files = [...$("upload-files").files];
    if (!files.length) return;
    let visibility;
    try {
      visibility = chosenVisibility();
    } catch (err) {
      showError($("upload-error"), err);
      return;
    }
    const status = $("upload-status");
    const refused = [];
    adminState.sending = true;
    adminState.announced = false;
    adminState.submitted = new Set();
    $("upload-button").disabled = true;
    refreshAdmin();
    for (const [index, file] of files.entries()) {
      status.textContent = "Lähetetään " + (index + 1) + " / " + files.length + ": " + file.name + "…";
      const form = new FormData();
      form.append("file", file, file.name);
      if (visibility) form.append("visibility", visibility);
      try {
        const job = await api("/documents", { method: "POST", body: form });
        adminState.submitted.add(job.id);
      } catch (err) {
        refused.push(file.name + ": " + (err.detail || err.title));
      }
    }
    adminState.sending = false;
    $("upload-button").disabled = false;
    $("upload-form").reset();
    $("upload-groups-field").hidden = true;
    status.textContent = adminState.submitted.size + " / " + files.length + " tiedostoa jonossa tuotavaksi; eteneminen näkyy taulukossa.";
    if (refused.length) {
      showError($("upload-error"), new ApiError("Osaa tiedostoista ei otettu vastaan", refused.join(" · "), 0));
    }
    refreshAdmin();
  }

  // --- wiring -------------------------------------------------------------------------------
  function init() {
    for (const tab of document.querySelectorAll(".tab")) {
      tab.addEventListener("click", () => showView(tab.dataset.view));
    }
    $("ask-form").addEventListener("submit", onAsk);
    $("question").addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        $("ask-form").requestSubmit();
      }
    });
    $("new-conversation").addEventListener("click", newConversation);
    $("upload-form").addEventListener("submit", onUpload);
    $("upload-visibility").addEventListener("change", () => {
      $("upload-groups-field").hidden = $("upload-visibility").value !== "restricted";
    });
    $("admin-refresh").addEventListener("click", refreshAdmin);
    $("search-form").addEventListener("submit", onSearch);
    $("search-more").addEventListener("click", onSearchMore);
    $("docs-prev").addEventListener("click", () => loadDocuments(docsState.offset - docsState.limit));
    $("docs-next").addEventListener("click", () => loadDocuments(docsState.offset + docsState.limit));
    $("filters").addEventListener("submit", (event) => event.preventDefault());
    $("filters").addEventListener("input", updateFilterCount);
    $("filters").addEventListener("change", () => {
      updateFilterCount();
      if (!$("view-docs").hidden) loadDocuments(0);
    });
    $("filters").addEventListener("reset", () => {
      setTimeout(() => {
        updateFilterCount();
        if (!$("view-docs").hidden) loadDocuments(0);
      }, 0);
    });
    // On a narrow screen the filters start folded: the question box comes first.
    if (window.matchMedia("(max-width: 40rem)").matches) $("filter-panel").open = false;
    window.addEventListener("resize", () => {
      if (!$("view-docs").hidden) updateScrollCue();
    });
    restoreConversation();
    loadOrganisations();
    showAccount();
  }

  /** Who is signed in, with a sign-in or sign-out control when sign-in is configured. */
  async function showAccount() {
    let me;
    try {
      me = await api("/me");
    } catch (err) {
      return; // an older server or a wrong key: the rest of the page still works
    }
    // Staff and admins see the admin view; the API refuses its data to everyone else.
    if (me.role === "staff" || me.role === "admin") $("admin-tab").hidden = false;
    const box = $("account");
    box.textContent = "";
    if (me.sign_out_url) {
      box.append("Kirjautunut: " + (me.name || me.subject) + " ");
      const out = document.createElement("button");
      out.type = "button";
      out.textContent = "Kirjaudu ulos";
      out.addEventListener("click", async () => {
        await fetch(me.sign_out_url, { method: "POST", headers: { "X-Aluehaku-Session": "1" } });
        window.location.reload();
      });
      box.append(out);
    } else if (me.sign_in_url) {
      const link = document.createElement("a");
      link.href = me.sign_in_url + "?next=" + encodeURIComponent(window.location.pathname);
      link.textContent = "Kirjaudu sisään";
      box.append(link);
    } else {
      return;
    }
    box.hidden = false;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
