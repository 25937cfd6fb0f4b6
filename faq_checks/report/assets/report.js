// faq-check report: the filters.  Inlined into the page; no libraries.
"use strict";

function versionKey(text) {
  return text.split(/[.+-]/).map(function (part) {
    var number = parseInt(part, 10);
    return isNaN(number) ? 0 : number;
  });
}

function newer(a, b) {
  var x = versionKey(a), y = versionKey(b);
  for (var i = 0; i < Math.max(x.length, y.length); i++) {
    var d = (x[i] || 0) - (y[i] || 0);
    if (d !== 0) { return d > 0; }
  }
  return false;
}

function applyFilters() {
  var failingOnly = document.getElementById("failing").checked;
  var since = document.getElementById("since").value;
  var answers = document.querySelectorAll("tbody.answer");
  var shown = 0;
  answers.forEach(function (answer) {
    var changes = (answer.dataset.changes || "").split(" ").filter(Boolean);
    var visible = (!failingOnly || answer.dataset.failing === "1") &&
      (!since || changes.some(function (release) { return newer(release, since); }));
    answer.hidden = !visible;
    if (visible) { shown++; }
  });
  document.getElementById("shown").textContent = shown + " of " + answers.length + " shown";
}

// A link can carry the filters: report.html#failing&since=24.11.0.  They are
// applied through the controls themselves, as a click would.
function filtersFromLink() {
  var wanted = new URLSearchParams(location.hash.replace(/^#/, ""));
  if (wanted.has("failing") && !document.getElementById("failing").checked) {
    document.getElementById("failing").click();
  }
  if (wanted.get("since")) {
    var select = document.getElementById("since");
    select.value = wanted.get("since");
    select.dispatchEvent(new Event("change"));
  }
}

document.getElementById("failing").addEventListener("change", applyFilters);
document.getElementById("since").addEventListener("change", applyFilters);
applyFilters();
filtersFromLink();
document.body.dataset.ready = "1";
