/* Live masterclass room: the Socket.IO client of namespace /live (docs/realtime.md).
 * Vanilla JS, no inline script (CSP). Texts come translated from the page (data-strings).
 * User content is only ever put in the page with textContent, never as HTML. */
(function () {
  "use strict";
  var root = document.getElementById("live-room");
  if (!root || typeof io === "undefined") { return; }

  var T = JSON.parse(root.dataset.strings || "{}");
  var eventId = parseInt(root.dataset.eventId, 10);
  var canPresent = root.dataset.canPresent === "true";
  var canModerate = root.dataset.canModerate === "true";
  var model = { me: null, questions: {}, poll: null, myChoices: [], myVotes: {}, hands: [],
                people: [], muted: {} };

  function $(sel) { return root.querySelector(sel); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function button(label, handler) {
    var b = el("button", label, "small secondary");
    b.type = "button";
    b.addEventListener("click", handler);
    return b;
  }
  function setStatus(text) { $('[data-live="status"]').textContent = text; }
  function showError(name, message) {
    var box = root.querySelector('[data-live-error="' + name + '"]') ||
              root.querySelector('[data-live-error="general"]');
    if (box) { box.textContent = message || ""; }
  }
  function timeOf(iso) {
    try { return new Date(iso).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Amsterdam" }); }
    catch (e) { return ""; }
  }

  var socket = io("/live", { auth: { event_id: eventId }, transports: ["websocket"] });

  function send(name, payload, onOk) {
    showError(name, "");
    socket.emit(name, payload || {}, function (ack) {
      if (ack && ack.ok) { if (onOk) { onOk(ack); } }
      else if (ack) { showError(name, ack.message); }
    });
  }

  // ------------------------------------------------------------ chat
  function renderMessage(m) {
    var li = el("li", null, "live-message");
    li.id = "live-msg-" + m.id;
    var time = el("time", timeOf(m.at));
    time.setAttribute("datetime", m.at);
    li.appendChild(time);
    li.appendChild(document.createTextNode(" "));
    li.appendChild(el("strong", m.user ? m.user.name : T.former));
    li.appendChild(document.createTextNode(": "));
    li.appendChild(el("span", m.body, "live-chat-body"));
    if (canModerate) {
      li.appendChild(button(T["delete"], function () { send("chat_delete", { message_id: m.id }); }));
      if (m.user && model.me && m.user.id !== model.me.id) {
        var muted = !!model.muted[m.user.id];
        li.appendChild(button(muted ? T.unmute : T.mute, function () {
          send("mute", { user_id: m.user.id, muted: !model.muted[m.user.id] });
        }));
      }
    }
    if (canPresent || canModerate) {
      li.appendChild(button(T.pin, function () { send("pin", { message_id: m.id }); }));
    }
    return li;
  }
  function addMessage(m) {
    var list = $('[data-live="chat"]');
    list.appendChild(renderMessage(m));
    while (list.children.length > 300) { list.removeChild(list.firstChild); }
    list.scrollTop = list.scrollHeight;
  }
  function renderPinned(m) {
    var box = $('[data-live="pinned"]');
    var p = box.querySelector("p");
    p.textContent = "";
    if (!m) { box.hidden = true; return; }
    p.appendChild(el("strong", (m.user ? m.user.name : T.former) + ": "));
    p.appendChild(document.createTextNode(m.body));
    if (canPresent || canModerate) {
      p.appendChild(document.createTextNode(" "));
      p.appendChild(button(T.unpin, function () { send("pin", { message_id: null }); }));
    }
    box.hidden = false;
  }

  // ------------------------------------------------------------ questions
  function renderQuestions() {
    var list = $('[data-live="questions"]');
    var items = Object.keys(model.questions).map(function (k) { return model.questions[k]; })
      .filter(function (q) { return q.status !== "hidden"; })
      .sort(function (a, b) {
        return (b.highlighted - a.highlighted) || (b.votes - a.votes) || (a.id - b.id);
      });
    list.textContent = "";
    items.forEach(function (q) {
      var li = el("li", null, "live-question" + (q.highlighted ? " highlighted" : "") +
                  (q.status === "answered" ? " answered" : ""));
      li.appendChild(el("p", q.body));
      var meta = el("p", (q.author ? q.author.name : T.former) + " · " + q.votes + " " + T.votes +
                    (q.status === "answered" ? " · " + T.answered : ""), "meta");
      li.appendChild(meta);
      if (q.answer) { li.appendChild(el("p", q.answer, "live-answer")); }
      var voted = !!model.myVotes[q.id];
      var up = button(voted ? T.upvoted : T.upvote, function () {
        send("question_vote", { question_id: q.id }, function () {
          model.myVotes[q.id] = true; renderQuestions();
        });
      });
      up.disabled = voted;
      up.setAttribute("aria-pressed", voted ? "true" : "false");
      li.appendChild(up);
      if (canPresent) {
        if (q.status !== "answered") {
          li.appendChild(button(T.mark_answered, function () {
            send("question_mark", { question_id: q.id, action: "answered" });
          }));
        }
        li.appendChild(button(q.highlighted ? T.unhighlight : T.highlight, function () {
          send("question_mark", { question_id: q.id, action: q.highlighted ? "unhighlight" : "highlight" });
        }));
      }
      if (canModerate) {
        li.appendChild(button(T.hide, function () {
          send("question_mark", { question_id: q.id, action: "hide" });
        }));
      }
      list.appendChild(li);
    });
  }

  // ------------------------------------------------------------ polls
  function renderPoll() {
    var box = $('[data-live="poll"]');
    var poll = model.poll;
    if (!poll) { return; }
    box.textContent = "";
    var form = el("form", null, "live-poll-form");
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", poll.question));
    var voted = model.myChoices.length > 0;
    poll.options.forEach(function (o) {
      var label = el("label");
      var input = document.createElement("input");
      input.type = poll.multiple ? "checkbox" : "radio";
      input.name = "option";
      input.value = o.id;
      input.checked = model.myChoices.indexOf(o.id) >= 0;
      input.disabled = voted || poll.status !== "open";
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + o.label + " "));
      var pct = poll.total ? Math.round(100 * o.votes / poll.total) : 0;
      var meter = document.createElement("meter");
      meter.min = 0; meter.max = Math.max(poll.total, 1); meter.value = o.votes;
      meter.setAttribute("aria-label", o.label);
      label.appendChild(meter);
      label.appendChild(el("span", " " + o.votes + " (" + pct + "%)", "live-poll-count"));
      fieldset.appendChild(label);
    });
    form.appendChild(fieldset);
    if (poll.status === "open" && !voted) {
      var submit = el("button", T.vote);
      submit.type = "submit";
      form.appendChild(submit);
    } else {
      form.appendChild(el("p", poll.status === "open" ? T.you_voted : T.poll_closed, "muted"));
    }
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var ids = Array.prototype.slice.call(form.querySelectorAll("input:checked"))
        .map(function (i) { return parseInt(i.value, 10); });
      send("poll_vote", { poll_id: poll.id, option_ids: ids }, function () {
        model.myChoices = ids; renderPoll();
      });
    });
    box.appendChild(form);
    if (canPresent && poll.status === "open") {
      box.appendChild(button(T.close_poll, function () { send("poll_close", { poll_id: poll.id }); }));
    }
  }

  // ------------------------------------------------------------ people and hands
  var names = {};  // user id -> name, from presence (capped), hands and chat
  function learn(people) { (people || []).forEach(function (u) { if (u) { names[u.id] = u.name; } }); }
  function nameOf(id) { return names[id] || "#" + id; }
  function renderPeople(presence) {
    model.people = presence.people;
    learn(presence.people);
    $('[data-live="presence-count"]').textContent = presence.count;
    var list = $('[data-live="people"]');
    list.textContent = "";
    presence.people.forEach(function (u) { list.appendChild(el("li", u.name)); });
    var more = presence.count - presence.people.length;
    if (more > 0) { list.appendChild(el("li", T.and_more.replace("{n}", more), "muted")); }
    renderHands();
  }
  function renderHands() {
    var list = $('[data-live="hands"]');
    list.textContent = "";
    if (!model.hands.length) { list.appendChild(el("li", T.hands_none, "muted")); }
    model.hands.forEach(function (id) {
      var li = el("li", nameOf(id));
      if ((canPresent || canModerate) && model.me && id !== model.me.id) {
        li.appendChild(document.createTextNode(" "));
        li.appendChild(button(T.lower, function () { send("hand", { raised: false, user_id: id }); }));
      }
      list.appendChild(li);
    });
    var mine = model.me && model.hands.indexOf(model.me.id) >= 0;
    var hand = $('[data-live-action="hand"]');
    hand.textContent = mine ? T.lower_hand : T.raise_hand;
    hand.setAttribute("aria-pressed", mine ? "true" : "false");
  }

  function renderSession(s) {
    $('[data-live="session"]').textContent = T[s.status] || s.status;
  }
  function renderSlide(s) {
    var p = $('[data-live="slide"]');
    var a = p.querySelector("a");
    if (s && s.url && /^https?:\/\//i.test(s.url)) {
      a.href = s.url; a.textContent = s.title || s.url; p.hidden = false;
    } else { p.hidden = true; }
    var who = $('[data-live="presenting"]');
    if (s && s.presenter) { who.textContent = T.presenting + " " + s.presenter.name; who.hidden = false; }
  }

  // ------------------------------------------------------------ server events
  socket.on("connect", function () { setStatus(T.connected); });
  socket.on("disconnect", function () { setStatus(T.disconnected); });
  socket.on("connect_error", function (err) {
    setStatus(T.refused + (err && err.message ? " (" + err.message + ")" : ""));
  });
  socket.on("state", function (s) {
    model.me = s.me;
    model.muted = {};
    (s.muted || []).forEach(function (id) { model.muted[id] = true; });
    model.myVotes = {};
    s.me.question_votes.forEach(function (id) { model.myVotes[id] = true; });
    model.myChoices = s.me.poll_choices || [];
    learn(s.hand_people);
    model.hands = s.hands;
    model.questions = {};
    s.questions.forEach(function (q) { model.questions[q.id] = q; });
    model.poll = s.poll;
    var list = $('[data-live="chat"]');
    list.textContent = "";
    s.chat.forEach(addMessage);
    renderSession(s.session);
    renderPinned(s.pinned);
    renderSlide(s.slide);
    renderQuestions();
    renderPoll();
    renderPeople(s.presence);
    if (s.me.muted) { showError("chat_send", T.muted_you); }
  });
  socket.on("chat_message", addMessage);
  socket.on("chat_deleted", function (d) {
    var li = document.getElementById("live-msg-" + d.id);
    if (li) { li.textContent = ""; li.appendChild(el("em", T.deleted)); }
  });
  socket.on("muted", function (d) {
    model.muted[d.user_id] = d.muted;
    if (model.me && d.user_id === model.me.id) { showError("chat_send", d.muted ? T.muted_you : ""); }
  });
  socket.on("question", function (q) { model.questions[q.id] = q; renderQuestions(); });
  socket.on("question_votes", function (d) {
    if (model.questions[d.id]) { model.questions[d.id].votes = d.votes; renderQuestions(); }
  });
  socket.on("poll", function (poll) {
    if (!model.poll || model.poll.id !== poll.id) { model.myChoices = []; }
    model.poll = poll; renderPoll();
  });
  socket.on("poll_results", function (r) {
    if (!model.poll || model.poll.id !== r.id) { return; }
    model.poll.total = r.total;
    model.poll.options.forEach(function (o) { o.votes = r.counts[String(o.id)] || 0; });
    renderPoll();
  });
  socket.on("presence", renderPeople);
  socket.on("hands", function (h) { learn(h.people); model.hands = h.user_ids; renderHands(); });
  socket.on("session", renderSession);
  socket.on("pinned", function (d) { renderPinned(d.message); });
  socket.on("slide", renderSlide);
  socket.on("error", function (e) { showError(e.event || "general", e.message); });

  // ------------------------------------------------------------ forms and buttons
  function onForm(name, handler) {
    var form = root.querySelector('[data-live-form="' + name + '"]');
    if (form) { form.addEventListener("submit", function (e) { e.preventDefault(); handler(form); }); }
  }
  onForm("chat", function (form) {
    var body = form.elements.body;
    send("chat_send", { body: body.value }, function () { body.value = ""; body.focus(); });
  });
  onForm("question", function (form) {
    var body = form.elements.body;
    send("question_ask", { body: body.value }, function () { body.value = ""; });
  });
  onForm("slide", function (form) {
    send("slide", { url: form.elements.url.value || null, title: form.elements.title.value || null });
  });
  onForm("poll", function (form) {
    var options = form.elements.options.value.split("\n")
      .map(function (s) { return s.trim(); }).filter(Boolean);
    send("poll_create", { question: form.elements.question.value, options: options,
                          multiple: form.elements.multiple.checked }, function () { form.reset(); });
  });
  var chatBody = document.getElementById("live-chat-body");
  if (chatBody) {
    chatBody.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); chatBody.form.requestSubmit(); }
    });
  }
  root.querySelector('[data-live-action="hand"]').addEventListener("click", function () {
    var mine = model.me && model.hands.indexOf(model.me.id) >= 0;
    send("hand", { raised: !mine });
  });
  ["start", "end"].forEach(function (action) {
    var b = root.querySelector('[data-live-action="' + action + '"]');
    if (b) { b.addEventListener("click", function () { send("session_control", { action: action }); }); }
  });
})();
