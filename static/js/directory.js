// Directory type-ahead: matters, outside agencies and answer templates at intake.
// Loaded as a file (the CSP forbids inline script); no dependencies.
//
// Markup contract (see docs/directory.md):
//   <input data-directory-search="/directory/search/"        search matters + agencies
//          data-directory-kind="matter|agency"               optional: only one kind
//          data-target-department="#id_department"           matter → its department id
//          data-target-matter="#id_matter"                   matter → its id
//          data-target-materials="#materials"                matter → checklist / lines
//          data-target-agency="#id_directed_to"              agency → "name, address…"
//          data-navigate>                                    open the hit's page
//   <input data-directory-templates="/directory/templates/"  search answer templates
//          data-directory-matter="#id_matter"                optional: that matter first
//          data-target-text="#id_answer">                    template → its text
// On a pick the input receives a bubbling, cancelable
//   CustomEvent("directory:select", {detail: hit})
// where hit is one object of the endpoint's "results" (hit.kind is "matter", "agency" or
// "template"). Calling event.preventDefault() skips the data-target-* fills and navigation.
(function () {
  "use strict";

  var DEBOUNCE_MS = 150;
  var CACHE_SIZE = 50;
  var instances = 0;

  function $(selector) {
    return selector ? document.querySelector(selector) : null;
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;  // never innerHTML
    return node;
  }

  function fire(node, type) {
    node.dispatchEvent(new Event(type, { bubbles: true }));
  }

  function setValue(node, value) {
    if (!node) return;
    if ("value" in node && node.tagName !== "BUTTON") {
      node.value = value;
      fire(node, "input");
      fire(node, "change");
    } else {
      node.textContent = value;
    }
  }

  function Combobox(input) {
    this.input = input;
    this.source = input.hasAttribute("data-directory-templates") ? "templates" : "directory";
    this.url = input.getAttribute(
      this.source === "templates" ? "data-directory-templates" : "data-directory-search"
    ) || (this.source === "templates" ? "/directory/templates/" : "/directory/search/");
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.controller = null;
    this.sequence = 0;
    this.composing = false;
    this.cache = new Map();
    this.build();
    this.bind();
  }

  Combobox.prototype.build = function () {
    instances += 1;
    var id = this.input.id || "directory-search-" + instances;
    this.input.id = id;
    this.listId = id + "-listbox";
    var anchor = this.input.closest(".input-group") || this.input;
    anchor.parentElement.classList.add("position-relative");

    this.list = el("ul", "dropdown-menu w-100 shadow-sm directory-listbox");
    this.list.id = this.listId;
    this.list.setAttribute("role", "listbox");
    var label = this.input.labels && this.input.labels[0];
    if (label) {
      if (!label.id) label.id = id + "-label";
      this.list.setAttribute("aria-labelledby", label.id);
    }
    this.status = el("div", "visually-hidden");
    this.status.setAttribute("role", "status");
    this.status.setAttribute("aria-live", "polite");
    anchor.after(this.list, this.status);

    this.input.setAttribute("role", "combobox");
    this.input.setAttribute("aria-autocomplete", "list");
    this.input.setAttribute("aria-expanded", "false");
    this.input.setAttribute("aria-controls", this.listId);
    this.input.setAttribute("autocomplete", "off");
  };

  Combobox.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () {
      if (!self.composing) self.schedule();
    });
    // Chinese is typed through an IME: wait for the characters, not the pinyin keystrokes.
    this.input.addEventListener("compositionstart", function () {
      self.composing = true;
    });
    this.input.addEventListener("compositionend", function () {
      self.composing = false;
      self.schedule();
    });
    this.input.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    this.input.addEventListener("blur", function () {
      window.setTimeout(function () {
        self.close();
      }, 120);
    });
    this.list.addEventListener("mousedown", function (event) {
      event.preventDefault();  // keep focus in the input
      var option = event.target.closest("[role='option']");
      if (option) self.pick(Number(option.getAttribute("data-index")));
    });
  };

  Combobox.prototype.query = function () {
    return this.input.value.trim();
  };

  Combobox.prototype.matterId = function () {
    var source = $(this.input.getAttribute("data-directory-matter"));
    return source ? String(source.value || "").trim() : "";
  };

  Combobox.prototype.requestUrl = function () {
    var params = new URLSearchParams({ q: this.query() });
    var kind = this.input.getAttribute("data-directory-kind");
    if (kind) params.set("kind", kind);
    if (this.source === "templates" && this.matterId()) params.set("matter", this.matterId());
    return this.url + (this.url.indexOf("?") === -1 ? "?" : "&") + params.toString();
  };

  Combobox.prototype.canSearch = function () {
    return this.query() !== "" || (this.source === "templates" && this.matterId() !== "");
  };

  Combobox.prototype.schedule = function () {
    var self = this;
    window.clearTimeout(this.timer);
    if (!this.canSearch()) {
      this.abort();
      this.close();
      return;
    }
    this.timer = window.setTimeout(function () {
      self.fetch();
    }, DEBOUNCE_MS);
  };

  Combobox.prototype.abort = function () {
    if (this.controller) this.controller.abort();
    this.controller = null;
    this.sequence += 1;  // any answer still on its way is stale
  };

  Combobox.prototype.fetch = function () {
    var self = this;
    var url = this.requestUrl();
    if (this.cache.has(url)) {
      this.show(this.cache.get(url));
      return;
    }
    this.abort();
    var sequence = this.sequence;
    this.controller = new AbortController();
    window.fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-Requested-With": "XMLHttpRequest" },
      signal: this.controller.signal,
    })
      .then(function (response) {
        // A session that timed out is redirected to the login page (HTML): stay quiet.
        if (!response.ok || response.redirected) throw new Error("directory search failed");
        return response.json();
      })
      .then(function (data) {
        if (sequence !== self.sequence) return;
        if (self.cache.size >= CACHE_SIZE) self.cache.delete(self.cache.keys().next().value);
        self.cache.set(url, data);
        self.show(data);
      })
      .catch(function (error) {
        if (error.name !== "AbortError" && sequence === self.sequence) self.close();
      });
  };

  Combobox.prototype.describe = function (hit) {
    if (hit.kind === "matter") {
      return [hit.department.name, hit.location, hit.phone].filter(Boolean).join(" · ");
    }
    if (hit.kind === "agency") {
      return [hit.address, hit.phone].filter(Boolean).join(" · ");
    }
    var text = hit.text || "";
    return text.length > 60 ? text.slice(0, 60) + "…" : text;
  };

  Combobox.prototype.show = function (data) {
    var labels = data.labels || {};
    this.results = data.results || [];
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    this.list.replaceChildren();
    var kind = null;
    for (var i = 0; i < this.results.length; i += 1) {
      var hit = this.results[i];
      if (hit.kind !== kind) {
        kind = hit.kind;
        var header = el("li", null);
        header.setAttribute("role", "presentation");
        header.appendChild(el("h6", "dropdown-header", labels[kind] || kind));
        this.list.appendChild(header);
      }
      var option = el("li", "dropdown-item text-wrap");
      option.id = this.listId + "-" + i;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", "false");
      option.setAttribute("data-index", String(i));
      option.appendChild(el("div", "fw-semibold", hit.name));
      var detail = this.describe(hit);
      if (detail) option.appendChild(el("div", "small text-body-secondary", detail));
      this.list.appendChild(option);
    }
    if (!this.results.length) {
      var empty = el("li", "dropdown-item-text text-body-secondary", labels.empty || "—");
      empty.setAttribute("role", "presentation");
      this.list.appendChild(empty);
    }
    this.status.textContent = this.results.length
      ? (labels.results || "%(count)s").replace("%(count)s", String(this.results.length))
      : labels.empty || "";
    this.open();
  };

  Combobox.prototype.open = function () {
    this.list.classList.add("show");
    this.input.setAttribute("aria-expanded", "true");
  };

  Combobox.prototype.close = function () {
    window.clearTimeout(this.timer);
    this.list.classList.remove("show");
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Combobox.prototype.isOpen = function () {
    return this.list.classList.contains("show");
  };

  Combobox.prototype.move = function (step) {
    if (!this.results.length) return;
    var count = this.results.length;
    this.active = this.active < 0 && step < 0 ? count - 1 : (this.active + step + count) % count;
    var options = this.list.querySelectorAll("[role='option']");
    for (var i = 0; i < options.length; i += 1) {
      var selected = i === this.active;
      options[i].classList.toggle("active", selected);
      options[i].setAttribute("aria-selected", selected ? "true" : "false");
      if (selected) {
        this.input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      }
    }
  };

  Combobox.prototype.onKey = function (event) {
    if (event.isComposing || event.keyCode === 229) return;  // the IME owns these keys
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!this.isOpen()) {
          if (this.results.length) this.open();
          else if (this.canSearch()) this.fetch();
          return;
        }
        this.move(1);
        break;
      case "ArrowUp":
        if (!this.isOpen()) return;
        event.preventDefault();
        this.move(-1);
        break;
      case "Enter":
        if (!this.isOpen() || !this.results.length) return;
        event.preventDefault();  // pick, don't submit the surrounding form
        this.pick(this.active < 0 ? 0 : this.active);
        break;
      case "Escape":
        if (!this.isOpen()) return;
        event.preventDefault();
        this.close();
        break;
      case "Tab":
        this.close();
        break;
      default:
        break;
    }
  };

  Combobox.prototype.pick = function (index) {
    var hit = this.results[index];
    if (!hit) return;
    this.input.value = hit.name;
    this.close();
    var event = new CustomEvent("directory:select", {
      detail: hit,
      bubbles: true,
      cancelable: true,
    });
    if (!this.input.dispatchEvent(event)) return;
    this.fill(hit);
    if (this.input.hasAttribute("data-navigate") && hit.url) window.location.assign(hit.url);
  };

  Combobox.prototype.target = function (name) {
    return $(this.input.getAttribute("data-target-" + name));
  };

  Combobox.prototype.fill = function (hit) {
    if (hit.kind === "matter") {
      setValue(this.target("department"), String(hit.department.id));
      setValue(this.target("matter"), String(hit.id));
      this.fillMaterials(this.target("materials"), hit.materials || []);
    } else if (hit.kind === "agency") {
      setValue(this.target("agency"), hit.summary || hit.name);
    } else if (hit.kind === "template") {
      var text = this.target("text");
      if (text && "value" in text && text.value.trim()) {
        setValue(text, text.value.replace(/\s+$/, "") + "\n" + hit.text);
      } else {
        setValue(text, hit.text);
      }
    }
  };

  // A textarea/input gets one material per line; any other element becomes a checklist
  // of checkboxes named after its data-materials-name (default "materials").
  Combobox.prototype.fillMaterials = function (node, materials) {
    if (!node) return;
    if ("value" in node) {
      setValue(node, materials.map(function (m) { return m.label; }).join("\n"));
      return;
    }
    var name = node.getAttribute("data-materials-name") || "materials";
    node.replaceChildren();
    materials.forEach(function (material, i) {
      var id = (node.id || "directory-materials") + "-" + i;
      var row = el("div", "form-check");
      var box = el("input", "form-check-input");
      box.type = "checkbox";
      box.name = name;
      box.value = material.label;
      box.id = id;
      var label = el("label", "form-check-label", material.label);
      label.htmlFor = id;
      row.append(box, label);
      node.appendChild(row);
    });
    fire(node, "change");
  };

  function init(root) {
    var selector = "input[data-directory-search], input[data-directory-templates]";
    (root || document).querySelectorAll(selector).forEach(function (input) {
      if (!input.directoryCombobox) input.directoryCombobox = new Combobox(input);
    });
  }

  // Forms added later (e.g. a modal) can call window.firstaskDirectory.init(container).
  window.firstaskDirectory = { init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(); });
  } else {
    init();
  }
})();
