// Inquiry pages: caller history at intake, answer-kind fields, directory picks.
// Loaded as a file (the CSP forbids inline script); no dependencies.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function value(selector) {
    var node = document.querySelector(selector);
    return node ? node.value.trim() : "";
  }

  // --- caller history: earlier inquiries of the person at the desk -------------------------
  var history = document.querySelector("[data-caller-history]");
  if (history) {
    var url = history.getAttribute("data-caller-history");
    var last = null;
    var refresh = debounce(function () {
      var phone = value("#id_visitor_phone");
      var digits = phone.replace(/\D/g, "");
      var params = new URLSearchParams();
      if (digits.length >= 7) params.set("phone", phone);
      params.set("name", value("#id_visitor_name"));
      params.set("unit", value("#id_visitor_unit"));
      var query = params.toString();
      if (query === last) return;
      last = query;
      fetch(url + "?" + query, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          // The fragment is rendered and escaped by Django on our own origin.
          if (html && query === last) history.innerHTML = html;
        })
        .catch(function () { /* history is a help, never a blocker */ });
    }, 250);
    ["#id_visitor_phone", "#id_visitor_name", "#id_visitor_unit"].forEach(function (selector) {
      var node = document.querySelector(selector);
      if (node) node.addEventListener("input", refresh);
    });
    refresh();
  }

  // --- a matter picked at intake: fill the category only when none is chosen, and show
  // what the pick means (department, window, phone, time limit, materials) -------------------
  var lookup = document.querySelector("#id_directory_lookup");
  if (lookup) {
    lookup.addEventListener("directory:select", function (event) {
      var hit = event.detail || {};
      if (hit.kind !== "matter") return;
      var category = document.querySelector("#id_category");
      var note = document.querySelector("[data-matter-category-note]");
      if (category && hit.category) {
        if (!category.value) category.value = hit.category;
        if (note) note.hidden = category.value === hit.category;
      }
      var card = document.querySelector("[data-matter-card]");
      if (!card) return;
      var values = {
        name: hit.name || "",
        department: (hit.department && hit.department.name) || "",
        location: hit.location || "—",
        phone: hit.phone || "—",
        time_limit_days: hit.time_limit_days === null || hit.time_limit_days === undefined ? "—" : String(hit.time_limit_days),
        materials: (hit.materials || []).map(function (m) { return m.label; }).join("、") || "—",
        category_label: hit.category_label || ""
      };
      card.querySelectorAll("[data-matter-field]").forEach(function (node) {
        node.textContent = values[node.getAttribute("data-matter-field")] || "";
      });
      card.hidden = false;
    });
  }

  // --- answer form: show only the fields the chosen kind needs -----------------------------
  var kind = document.querySelector("#id_answer-kind");
  if (kind) {
    var groups = {
      outside_remit: ["agency_name", "agency_address", "agency_phone", "agency_contact"],
      materials_missing: ["missing_items"]
    };
    var toggle = function () {
      Object.keys(groups).forEach(function (k) {
        groups[k].forEach(function (name) {
          var wrapper = document.querySelector("#div_id_answer-" + name);
          if (wrapper) wrapper.hidden = kind.value !== k;
        });
      });
    };
    kind.addEventListener("change", toggle);
    toggle();
    var answerLookup = document.querySelector("#id_answer-lookup");
    if (answerLookup) {
      answerLookup.addEventListener("directory:select", function (event) {
        var hit = event.detail || {};
        if (hit.kind === "agency") {
          event.preventDefault();
          document.querySelector("#id_answer-agency_name").value = hit.name || "";
          document.querySelector("#id_answer-agency_address").value = hit.address || "";
          document.querySelector("#id_answer-agency_phone").value = hit.phone || "";
          var contact = document.querySelector("#id_answer-agency_contact");
          if (contact) contact.value = hit.contact_person || "";
          kind.value = "outside_remit";
        } else if (hit.kind === "matter") {
          kind.value = "materials_missing";
        }
        toggle();
      });
    }
  }
})();
