"use strict";
(function () {
  var S = JSON.parse(document.getElementById("strings").textContent);
  var api = location.pathname.replace(/\/?$/, "/") + "api/";
  var storeKey = "cjm-room:" + location.pathname;
  var plurals = new Intl.PluralRules(S.lang);
  var saved = {};
  try { saved = JSON.parse(localStorage.getItem(storeKey) || "{}"); } catch (e) { saved = {}; }
  var state = null;
  var persona = null;
  var discussed = null;
  var forms = {};  // touchpoint id -> its note form, kept (open, with what is typed) across renders
  var $ = function (id) { return document.getElementById(id); };

  // The server puts English under any key the room's language lacks; a key no catalog has
  // shows as itself, so a missing string is visible and never stops the page.
  function t(key, params) {
    params = params || {};
    var text = S[key];
    if (typeof text !== "string" && params.count !== undefined) {
      text = S[key + "." + plurals.select(params.count)];
      if (typeof text !== "string") { text = S[key + ".other"]; }
    }
    if (typeof text !== "string") { return key; }
    Object.keys(params).forEach(function (name) { text = text.split("{" + name + "}").join(String(params[name])); });
    return text;
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function status(text, isError) {
    var line = $("status");
    line.textContent = text;
    line.className = isError ? "status error" : "status";
  }
  function call(method, path, body) {
    var headers = { "Content-Type": "application/json" };
    if (saved.token) { headers.Authorization = "Bearer " + saved.token; }
    return fetch(api + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined,
      credentials: "omit", cache: "no-store" })
      .then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          if (!response.ok) {
            var error = new Error(data.error || String(response.status));
            error.status = response.status;
            throw error;
          }
          return data;
        });
      });
  }
  // Three refusals share 403: the room's own "closed" (its message is the catalog's) shows
  // the closed room; the server refusing the page's origin ("Origin refused", handlers.py's
  // ORIGIN_REFUSED), which asking again cannot change, says how to reach the room and asks
  // nothing more; any other (a full room) shows the server's message.
  function failed(error) {
    if (error.status === 401) { saved = {}; localStorage.removeItem(storeKey); showJoin(); return; }
    if (error.status === 403 && error.message === S["room.error.closed"]) {
      if (state) { state.room.open = false; render(); } else { showClosed(); }
      status(t("room.page.not_saved", { message: error.message }), true);
      return;
    }
    var refusedOrigin = error.status === 403 && error.message === "Origin refused";
    var message = refusedOrigin ? t("room.page.bad_origin") : error.message;
    status(t("room.page.not_saved", { message: message }), true);
  }

  function showJoin() {
    $("room").hidden = true;
    $("closed").hidden = true;
    $("join").hidden = false;
    $("budget").hidden = true;
  }
  function showClosed() {
    $("room").hidden = $("join").hidden = $("budget").hidden = true;
    $("closed").textContent = t("room.page.closed");
    $("closed").hidden = false;
  }

  function scale(values, current, labels, onPick) {
    var row = el("div", null, "scale");
    values.forEach(function (value) {
      var button = el("button", labels[value]);
      button.type = "button";
      button.title = labels.title ? labels.title(value) : String(value);
      button.setAttribute("aria-label", button.title);
      button.setAttribute("aria-pressed", current === value ? "true" : "false");
      button.addEventListener("click", function () { onPick(value); });
      row.appendChild(button);
    });
    return row;
  }
  var ONE_TO_FIVE = [1, 2, 3, 4, 5];
  var faceLabels = { title: function (v) { return v + " " + t("emotion." + v); } };
  ONE_TO_FIVE.forEach(function (v) { faceLabels[v] = S.faces[String(v)] + " " + v; });
  var numberLabels = { title: null };
  ONE_TO_FIVE.forEach(function (v) { numberLabels[v] = String(v); });

  function rate(target, field, value) {
    call("PUT", "ratings", { target_id: target, field: field, value: value }).then(function () {
      var mine = state.mine.ratings[target] || (state.mine.ratings[target] = {});
      mine[field] = value;
      render();
      status(t("room.page.saved"));
    }, failed);
  }

  // A touchpoint's note form is made once and moved into each new render, so a form a
  // participant opened (its kind, its text) stays as it was when the page refreshes.
  function noteForm(touchpoint) {
    if (forms[touchpoint]) { return forms[touchpoint]; }
    var details = el("details");
    details.appendChild(el("summary", t("room.page.add_note")));
    var form = el("form");
    var kind = el("select");
    kind.setAttribute("aria-label", t("room.page.note_kind"));
    S.note_kinds.forEach(function (name) {
      var option = el("option", t("room.page.kind." + name));
      option.value = name;
      kind.appendChild(option);
    });
    var text = el("textarea");
    text.maxLength = 500;
    text.rows = 3;
    text.placeholder = t("room.page.note_placeholder");
    text.setAttribute("aria-label", t("room.page.note_placeholder"));
    var add = el("button", t("room.page.add"), "primary");
    add.type = "submit";
    form.appendChild(kind); form.appendChild(text); form.appendChild(add);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!text.value.trim()) { status(t("room.error.empty"), true); text.focus(); return; }
      call("POST", "notes", { touchpoint_id: touchpoint, kind: kind.value, text: text.value }).then(function (note) {
        state.mine.notes.push(note);
        text.value = "";
        details.open = false;
        render();
        status(t("room.page.saved"));
      }, failed);
    });
    details.appendChild(form);
    forms[touchpoint] = details;
    return details;
  }

  function touchpointCard(tp) {
    var card = el("div", null, "card");
    card.dataset.touchpoint = tp.id;
    card.appendChild(el("h4", tp.title));
    card.appendChild(el("p", t("room.page.emotion_question"), "scale-label"));
    var mine = (state.mine.ratings[tp.id] || {}).emotion;
    card.appendChild(scale(ONE_TO_FIVE, mine, faceLabels, function (v) { rate(tp.id, "emotion", v); }));
    var notes = state.mine.notes.filter(function (n) { return n.touchpoint_id === tp.id; });
    if (notes.length) {
      var list = el("ul", null, "notes");
      notes.forEach(function (n) {
        var item = el("li");
        item.appendChild(el("span", t("room.page.kind." + n.kind), "kind"));
        item.appendChild(document.createTextNode(n.text));
        list.appendChild(item);
      });
      card.appendChild(list);
    }
    card.appendChild(noteForm(tp.id));
    return card;
  }

  function vote(idea, add) {
    var request = add ? call("POST", "votes", { idea_id: idea }) : call("DELETE", "votes/" + encodeURIComponent(idea));
    request.then(function (answer) {
      if (answer.votes > 0) { state.mine.votes[idea] = answer.votes; } else { delete state.mine.votes[idea]; }
      state.mine.votes_left = answer.votes_left;
      render();
      status(t("room.page.saved"));
    }, failed);
  }

  function ideaCard(idea) {
    var card = el("div", null, "card");
    card.dataset.idea = idea.id;
    card.appendChild(el("h4", idea.text));
    var dots = state.mine.votes[idea.id] || 0;
    var row = el("div", null, "votes");
    var minus = el("button", "\u2212");
    minus.type = "button";
    minus.setAttribute("aria-label", t("room.page.unvote"));
    minus.disabled = dots === 0;
    minus.addEventListener("click", function () { vote(idea.id, false); });
    var plus = el("button", "+");
    plus.type = "button";
    plus.setAttribute("aria-label", t("room.page.vote"));
    plus.disabled = state.mine.votes_left <= 0;
    plus.addEventListener("click", function () { vote(idea.id, true); });
    row.appendChild(minus);
    row.appendChild(el("span", t("room.page.your_votes", { count: dots }), "dots"));
    row.appendChild(plus);
    card.appendChild(row);
    ["effort", "impact"].forEach(function (field) {
      card.appendChild(el("p", t("room.page." + field), "scale-label"));
      var mine = (state.mine.ratings[idea.id] || {})[field];
      card.appendChild(scale(ONE_TO_FIVE, mine, numberLabels, function (v) { rate(idea.id, field, v); }));
    });
    return card;
  }

  // Votes on ideas the page no longer offers (rejected or deleted since): shown apart, so
  // they can still be taken back from the phone.
  function goneCard(id) {
    var card = el("div", null, "card gone");
    card.dataset.goneIdea = id;
    card.appendChild(el("h4", (state.mine.gone_ideas || {})[id] || t("room.page.gone_idea")));
    var row = el("div", null, "votes");
    row.appendChild(el("span", t("room.page.your_votes", { count: state.mine.votes[id] }), "dots"));
    var back = el("button", t("room.page.take_back"));
    back.type = "button";
    back.addEventListener("click", function () { vote(id, false); });
    row.appendChild(back);
    card.appendChild(row);
    return card;
  }

  function render() {
    var focused = document.activeElement;
    var caret = focused && focused.tagName === "TEXTAREA" ? [focused.selectionStart, focused.selectionEnd] : null;
    $("join").hidden = true;
    var open = state.room.open;
    $("closed").hidden = open;
    $("closed").textContent = t("room.page.closed");
    $("room").hidden = !open;
    $("budget").hidden = !open;
    $("budget").textContent = t("room.page.votes_left", { count: state.mine.votes_left });
    var select = $("persona");
    var journeys = state.journeys;
    if (state.room.persona && state.room.persona !== discussed) {
      discussed = persona = state.room.persona;  // the facilitator moved on to another journey
    }
    if (persona === null || !journeys.some(function (j) { return (j.persona && j.persona.id) === persona; })) {
      persona = journeys.length && journeys[0].persona ? journeys[0].persona.id : null;
    }
    select.hidden = $("persona-label").hidden = journeys.length < 2;
    select.replaceChildren();
    journeys.forEach(function (j) {
      var option = el("option", j.persona ? j.persona.name : "");
      option.value = j.persona ? j.persona.id : "";
      option.selected = (j.persona && j.persona.id) === persona;
      select.appendChild(option);
    });
    var journey = journeys.filter(function (j) { return (j.persona && j.persona.id) === persona; })[0] || journeys[0];
    var box = $("journey");
    box.replaceChildren();
    if (!journey || !journey.stages.length) { box.appendChild(el("p", t("room.page.nothing"))); }
    (journey ? journey.stages : []).forEach(function (stage) {
      box.appendChild(el("h3", stage.name));
      stage.touchpoints.forEach(function (tp) { box.appendChild(touchpointCard(tp)); });
    });
    var ideas = $("ideas");
    ideas.replaceChildren();
    $("ideas-title").hidden = !state.ideas.length;
    state.ideas.forEach(function (idea) { ideas.appendChild(ideaCard(idea)); });
    var offered = {};
    state.ideas.forEach(function (idea) { offered[idea.id] = true; });
    var gone = Object.keys(state.mine.votes).filter(function (id) { return !offered[id]; });
    var goneBox = $("gone");
    goneBox.replaceChildren();
    $("gone-title").hidden = !gone.length;
    gone.forEach(function (id) { goneBox.appendChild(goneCard(id)); });
    if (focused && focused !== document.activeElement && focused.isConnected) {
      focused.focus({ preventScroll: true });  // a kept form moved into the new render
      if (caret) { focused.setSelectionRange(caret[0], caret[1]); }
    }
  }

  function load() {
    if (!saved.token) { showJoin(); return Promise.resolve(); }
    return call("GET", "state").then(function (answer) { state = answer; render(); }, failed);
  }

  $("join-intro").textContent = t("room.page.join_intro");
  $("join-name-label").textContent = t("room.page.name");
  $("join-button").textContent = t("room.page.join");
  $("join-button").className = "primary";
  $("persona-label").textContent = t("room.page.persona");
  $("ideas-title").textContent = t("room.page.ideas");
  $("gone-title").textContent = t("room.page.gone_title");
  $("persona").addEventListener("change", function (event) { persona = event.target.value; render(); });
  $("join-form").addEventListener("submit", function (event) {
    event.preventDefault();
    call("POST", "join", { name: $("join-name").value }).then(function (answer) {
      saved = { token: answer.token, participant_id: answer.participant_id };
      localStorage.setItem(storeKey, JSON.stringify(saved));
      return load();
    }, failed);
  });
  document.addEventListener("visibilitychange", function () { if (!document.hidden && saved.token) { load(); } });
  setInterval(function () {
    var typing = document.activeElement && document.activeElement.tagName === "TEXTAREA";
    if (!document.hidden && saved.token && !typing) { load(); }
  }, 15000);
  load();
})();
