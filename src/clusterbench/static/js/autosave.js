// Interview workspace autosave. Every answer is saved the moment it is entered; until the
// server confirms, it is kept in this browser (localStorage), so a reload, a closed tab,
// an expired session or a dropped connection loses nothing: pending answers are restored
// and sent again. A save based on an outdated version is shown as a conflict to resolve.
// The qualitative part ("Beyond the numbers": strategy, megatrends, observations, success
// stories) goes through the same queue: a block is an answer (data-code, value + evidence)
// or a topic (data-topic, its [data-field] inputs), keyed "answer:<code>" or "topic:<name>".
(function () {
  "use strict";
  const workspace = document.getElementById("workspace");
  if (!workspace || workspace.dataset.editable !== "1") return;
  const engagement = workspace.dataset.engagement;
  const connection = document.getElementById("connection");
  const storeKey = (key) => {
    const [kind, name] = key.split(/:(.*)/s);
    return `clusterbench:${kind}:${engagement}:${name}`;
  };
  const keyOf = (block) => (block.dataset.code ? `answer:${block.dataset.code}` : `topic:${block.dataset.topic}`);
  const isTopic = (block) => !block.dataset.code;
  const blocks = new Map();
  document.querySelectorAll(".answer[data-code], .topic[data-topic]").forEach((b) => blocks.set(keyOf(b), b));
  let retryTimer = null;
  // One save per answer at a time: a second request for the same answer waits for the first,
  // or both would carry the same version and the second would look like a conflict.
  const inFlight = new Set();
  const sendAgain = new Set();
  // The messages in the page's language (workspace_text.py), with %(name)s placeholders.
  const messagesNode = document.getElementById("workspace-messages");
  const messages = messagesNode ? JSON.parse(messagesNode.textContent) : {};
  function t(key, fallback, values) {
    const text = messages[key] || fallback;
    return text.replace(/%\((\w+)\)s/g, (all, name) => (values && name in values ? values[name] : all));
  }

  function csrfToken() {
    // Read at every request: logging in again (in another tab) rotates the token.
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function field(block, name) { return block.querySelector(`[name="${name}"]`); }

  function topicFields(block) { return Array.from(block.querySelectorAll("[data-field]")); }

  function read(block) {
    if (isTopic(block)) {
      const fields = {};
      topicFields(block).forEach((input) => { fields[input.dataset.field] = input.value; });
      return { fields, version: Number(block.dataset.version), typed_at: Date.now() };
    }
    const notKnown = field(block, "not_known").checked;
    return {
      value: notKnown ? "" : field(block, "value").value,
      not_known: field(block, "not_known").checked,
      evidence: field(block, "evidence").value,
      version: Number(block.dataset.version),
      typed_at: Date.now(),
    };
  }

  function write(block, answer) {
    if (isTopic(block)) {
      topicFields(block).forEach((input) => { input.value = (answer.fields || {})[input.dataset.field] || ""; });
      return;
    }
    // "Not known" never erases a typed value: it stays in the (disabled) field.
    if (!answer.not_known) field(block, "value").value = answer.value;
    field(block, "not_known").checked = answer.not_known;
    field(block, "evidence").value = answer.evidence;
    showNotKnown(block);
  }

  // While "not known" is ticked the value field is disabled but keeps what was typed, and
  // says so; unticking brings the value back and saves it.
  function showNotKnown(block) {
    if (isTopic(block)) return;
    const value = field(block, "value");
    const notKnown = field(block, "not_known").checked;
    value.disabled = notKnown;
    const note = block.querySelector(".not-known-kept");
    if (!note) return;
    const kept = notKnown && value.value !== "";
    note.hidden = !kept;
    note.textContent = kept ? `Saved as not known. Your value ${value.value} is kept here: untick “Not known” to use it.` : "";
  }

  function setState(block, text, kind) {
    const state = block.querySelector(".state");
    state.textContent = text;
    state.className = "state " + (kind || "");
  }

  function showConnection(text, kind) {
    connection.textContent = text;
    connection.className = "connection " + (kind || "");
  }

  // The page's summary follows the fields' own states, so it never says "All answers
  // saved" beside a field marked "Not saved".
  function summarise() {
    const refused = document.querySelectorAll(".answer .state.refused").length;
    const waiting = pending().length;
    if (connection.classList.contains("offline") && waiting) return; // says why already
    if (refused) {
      showConnection(refused > 1
        ? t("refused_many", "%(count)s answers not saved: see the messages by the fields.", { count: refused })
        : t("refused_one", "%(count)s answer not saved: see the message by the field.", { count: refused }), "offline");
    } else if (waiting || inFlight.size) {
      showConnection(t("saving", "Saving…"), "");
    } else {
      showConnection(t("all_saved", "All answers saved."), "ok");
    }
  }

  function pending() {
    const keys = [];
    blocks.forEach((_b, key) => { if (localStorage.getItem(storeKey(key))) keys.push(key); });
    return keys;
  }

  function keep(block) {
    const answer = read(block);
    localStorage.setItem(storeKey(keyOf(block)), JSON.stringify(answer));
    return answer;
  }

  async function send(key) {
    if (inFlight.has(key)) { sendAgain.add(key); return; }
    inFlight.add(key);
    try {
      await post(key);
    } finally {
      inFlight.delete(key);
      if (sendAgain.delete(key)) send(key);
      else summarise();
    }
  }

  async function post(key) {
    const block = blocks.get(key);
    const raw = localStorage.getItem(storeKey(key));
    if (!block || !raw) return;
    const answer = JSON.parse(raw);
    block.querySelector(".error").textContent = "";
    setState(block, t("saving", "Saving…"), "saving");
    let response;
    try {
      response = await fetch(block.dataset.url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken(),
                   "X-Requested-With": "fetch" },
        body: JSON.stringify(answer),
      });
    } catch (error) {
      setState(block, t("kept_here", "Not saved yet: kept in this browser"), "waiting");
      showConnection(t("connection_lost", "Connection lost. Your answers are kept in this browser and will be saved when it is back."), "offline");
      scheduleRetry();
      return;
    }
    let body = {};
    try { body = await response.json(); } catch (error) { body = {}; }
    if (response.ok) {
      // Only forget the kept copy if nothing newer was typed while this was in flight.
      const latest = JSON.parse(localStorage.getItem(storeKey(key)) || "null");
      block.dataset.version = body.version;
      if (latest && latest.typed_at === answer.typed_at) {
        localStorage.removeItem(storeKey(key));
      } else if (latest) {
        latest.version = body.version;
        localStorage.setItem(storeKey(key), JSON.stringify(latest));
        sendAgain.add(key);
      }
      block.classList.toggle("self-assessed", Boolean(body.self_assessed));
      const confirm = block.querySelector(".confirm");
      if (confirm && !body.self_assessed) confirm.remove();
      setState(block, t("saved_at", "Saved %(at)s", { at: body.saved_at }), "saved");
      block.querySelector(".error").textContent = "";
      markInvalid(block, false);
      update(body);
      if (!pending().length) connection.classList.remove("offline");
      return;
    }
    if (response.status === 409 && body.error === "conflict") {
      showConflict(block, answer, body);
      return;
    }
    if (response.status === 401 || (response.status === 403 && !body.error)) {
      setState(block, t("kept_here", "Not saved yet: kept in this browser"), "waiting");
      showConnection(body.error || t("session_ended", "Your session has ended. Log in again in another tab; your answers are kept here and will be saved."), "offline");
      scheduleRetry();
      return;
    }
    // A refused value: say why next to the field; the typed value stays in the field.
    localStorage.removeItem(storeKey(key));
    setState(block, t("not_saved", "Not saved"), "refused");
    block.querySelector(".error").textContent = body.error || `Could not save (error ${response.status}).`;
    markInvalid(block, true);
  }

  function markInvalid(block, invalid) {
    const inputs = isTopic(block) ? topicFields(block) : [field(block, "value")];
    inputs.forEach((input) => {
      if (invalid) {
        input.setAttribute("aria-invalid", "true");
      } else {
        input.removeAttribute("aria-invalid");
      }
    });
  }

  function showConflict(block, mine, theirs) {
    const box = block.querySelector(".conflict");
    const shown = (a) => {
      if (!isTopic(block)) return a.not_known ? t("not_known", "not known") : a.value || t("empty", "(empty)");
      const f = a.fields || {};
      const text = ("title" in f ? [f.title, f.year, f.partners, f.outcome].filter(Boolean).join(" · ") : f.text) || t("empty", "(empty)");
      return `“${text.length > 120 ? text.slice(0, 119) + "…" : text}”`;
    };
    box.hidden = false;
    box.innerHTML = "";
    const text = document.createElement("p");
    text.textContent = isTopic(block)
      ? t("conflict_text_entry", "%(by)s changed this entry at %(at)s to %(theirs)s. Yours: %(mine)s.",
        { by: theirs.by, at: theirs.at, theirs: shown(theirs), mine: shown(mine) })
      : t("conflict_text", "%(by)s changed this answer at %(at)s to %(theirs)s. Yours: %(mine)s.",
        { by: theirs.by, at: theirs.at, theirs: shown(theirs), mine: shown(mine) });
    const keepTheirs = document.createElement("button");
    keepTheirs.type = "button";
    keepTheirs.textContent = t("keep_theirs", "Keep theirs");
    const useMine = document.createElement("button");
    useMine.type = "button";
    useMine.textContent = t("use_mine", "Use mine");
    box.append(text, keepTheirs, useMine);
    setState(block, isTopic(block)
      ? t("conflict_entry", "Conflict: choose which text to keep")
      : t("conflict", "Conflict: choose which answer to keep"), "refused");
    keepTheirs.addEventListener("click", () => {
      localStorage.removeItem(storeKey(keyOf(block)));
      block.dataset.version = theirs.version;
      write(block, theirs);
      box.hidden = true;
      setState(block, t("kept_theirs", "Kept their answer"), "saved");
    });
    useMine.addEventListener("click", () => {
      mine.version = theirs.version;
      localStorage.setItem(storeKey(keyOf(block)), JSON.stringify(mine));
      block.dataset.version = theirs.version;
      box.hidden = true;
      send(keyOf(block));
    });
  }

  function update(body) {
    if (body.progress) {
      // Every count comes from the same answer in the same reply, so they agree.
      const p = body.progress;
      document.getElementById("answered").textContent = p.answered;
      const unconfirmed = document.getElementById("unconfirmed");
      if (unconfirmed) unconfirmed.textContent = p.unconfirmed;
      const wrap = document.getElementById("unconfirmed-wrap");
      if (wrap) wrap.hidden = !p.unconfirmed;
      const ready = document.getElementById("ready-bar");
      if (ready) ready.value = p.ready;
      const readyText = document.getElementById("ready");
      if (readyText) readyText.textContent = p.ready;
    }
    if (body.missing) {
      const count = document.getElementById("missing-count");
      const list = document.getElementById("missing-list");
      const box = document.getElementById("missing");
      if (count) count.textContent = body.missing.length;
      if (box) box.hidden = body.missing.length === 0;
      if (list) {
        list.replaceChildren(...body.missing.map((text) => {
          const item = document.createElement("li");
          item.textContent = text;
          return item;
        }));
      }
    }
    Object.entries(body.derived || {}).forEach(([code, shown]) => {
      const output = document.getElementById(`derived-${code}`);
      if (output) output.textContent = shown;
    });
  }

  function scheduleRetry() {
    if (retryTimer) return;
    retryTimer = setTimeout(() => { retryTimer = null; pending().forEach(send); }, 5000);
  }

  function changed(block) {
    keep(block);
    send(keyOf(block));
  }

  blocks.forEach((block) => {
    if (isTopic(block)) {
      topicFields(block).forEach((input) => input.addEventListener("change", () => changed(block)));
      const confirm = block.querySelector(".confirm");
      if (confirm) confirm.addEventListener("click", () => changed(block));
      return;
    }
    showNotKnown(block);
    field(block, "value").addEventListener("change", () => {
      if (field(block, "value").value !== "") field(block, "not_known").checked = false;
      changed(block);
    });
    field(block, "not_known").addEventListener("change", () => {
      showNotKnown(block);
      changed(block);
    });
    field(block, "evidence").addEventListener("change", () => changed(block));
    const confirm = block.querySelector(".confirm");
    if (confirm) confirm.addEventListener("click", () => changed(block));
  });

  window.addEventListener("online", () => pending().forEach(send));
  window.addEventListener("focus", () => pending().forEach(send));

  // Restore what a closed tab, a reload or an expired session left unsaved.
  const restored = pending();
  restored.forEach((key) => {
    const block = blocks.get(key);
    const kept = JSON.parse(localStorage.getItem(storeKey(key)));
    write(block, kept);
    setState(block, t("restored_one", "Unsaved answer restored from this browser: saving…"), "waiting");
    send(key);
  });
  if (restored.length) showConnection(t("restored", "%(count)s unsaved answer(s) restored from this browser.", { count: restored.length }), "offline");
})();
