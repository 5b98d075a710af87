// Accessible names for what the admin's own widgets leave unnamed (axe: aria-input-field-name,
// aria-prohibited-attr). The autocomplete's combobox is named by its field's label as well as by the value
// it shows; the search icon of the two-box selector is an image. Widgets added later (a new inline row)
// are named as they appear.
(function () {
  "use strict";

  function labelFor(id) {
    var label = document.querySelector('label[for="' + id + '"]');
    if (label && !label.id) {
      label.id = id + "-label";
    }
    return label;
  }

  function nameWidgets() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var container = select.nextElementSibling;
      var box = container && container.querySelector('[role="combobox"]');
      var label = labelFor(select.id);
      if (!box || !label || box.dataset.rcmNamed) {
        return;
      }
      var shown = box.getAttribute("aria-labelledby") || "";
      box.setAttribute("aria-labelledby", (label.id + " " + shown).trim());
      // The value inside is a read-only textbox of its own: it is named by the same label.
      var value = shown && document.getElementById(shown);
      if (value) {
        value.setAttribute("aria-labelledby", label.id + " " + shown);
      }
      box.dataset.rcmNamed = "1";
    });
    document.querySelectorAll(".help-tooltip.search-label-icon:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }

  new MutationObserver(nameWidgets).observe(document.documentElement, { childList: true, subtree: true });
  document.addEventListener("DOMContentLoaded", nameWidgets);
})();
