// Text being typed is kept in this browser (localStorage) until the server has saved it: a
// closed tab, a browser crash or a stopped server loses nothing. Nothing is loaded from the
// network; this file ships with the package.
(function () {
  "use strict";
  var form = document.getElementById("answer");
  if (!form || !window.localStorage) { return; }
  var key = "inspection:" + form.dataset.draft;
  var messages = JSON.parse(document.getElementById("messages").textContent);
  var state = document.getElementById("draft-state");

  function values() {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrf" || el.type === "hidden") { return; }
      if (el.type === "radio") { if (el.checked) { out[el.name] = el.value; } return; }
      (out[el.name] = out[el.name] || []).push(el.value);
    });
    return out;
  }
  function fill(saved) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || !(el.name in saved) || el.type === "hidden") { return; }
      if (el.type === "radio") { el.checked = saved[el.name] === el.value; return; }
    });
    Object.keys(saved).forEach(function (name) {
      if (!Array.isArray(saved[name])) { return; }
      var fields = form.querySelectorAll("[name='" + name + "']");
      saved[name].forEach(function (text, i) {
        if (i >= fields.length) { addRecommendation(); fields = form.querySelectorAll("[name='" + name + "']"); }
        fields[i].value = text;
      });
    });
  }
  function addRecommendation() {
    var recs = form.querySelectorAll(".rec");
    var last = recs[recs.length - 1];
    var copy = last.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("input, textarea"), function (el) { el.value = ""; });
    last.parentNode.appendChild(copy);
  }
  var shown = JSON.stringify(values());

  if (form.dataset.saved) { localStorage.removeItem(key); }
  var stored = localStorage.getItem(key);
  if (stored) {
    var draft = JSON.parse(stored);
    if (JSON.stringify(draft.values) !== shown) {
      var offer = document.getElementById("draft-offer").content.cloneNode(true);
      var box = offer.firstElementChild;
      form.parentNode.insertBefore(offer, form);
      box.addEventListener("click", function (event) {
        var act = event.target.dataset.act;
        if (act === "restore") { fill(draft.values); state.textContent = messages.unsaved; }
        if (act === "drop") { localStorage.removeItem(key); }
        if (act) { box.remove(); }
      });
    } else { localStorage.removeItem(key); }
  }
  form.addEventListener("input", function () {
    var now = values();
    if (JSON.stringify(now) === shown) { localStorage.removeItem(key); state.textContent = ""; return; }
    localStorage.setItem(key, JSON.stringify({base: form.dataset.base, values: now}));
    state.textContent = messages.unsaved;
    var texts = form.querySelectorAll("[name='rec_text']");
    if (texts[texts.length - 1].value.trim()) { addRecommendation(); }
  });
  // The "Recorded by" name of the page's header goes with the answer.
  form.addEventListener("submit", function () {
    var who = document.querySelector("header .who input[name='by']");
    if (who) { form.querySelector("input[type=hidden][name='by']").value = who.value; }
  });
})();
