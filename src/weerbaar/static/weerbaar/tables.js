// Wide tables scroll sideways on small screens. A scrolling region must be reachable with the
// keyboard (WCAG 2.1.1): make each table that overflows focusable and name it after its
// caption or the heading before it. Runs on load (and again when fonts are in), on resize and
// after htmx swaps.
(function () {
  "use strict";
  function nameOf(el) {
    var caption = el.querySelector("caption");
    if (caption && caption.textContent.trim()) return caption.textContent.trim();
    var node = el.previousElementSibling;
    while (node) {
      if (/^H[1-6]$/.test(node.tagName)) return node.textContent.trim();
      node = node.previousElementSibling;
    }
    return document.documentElement.lang === "en" ? "Table" : "Tabel";
  }
  function mark() {
    document.querySelectorAll("table.table, .table-scroll, .data-table").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1;
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("data-scroll-focus", "");
        if (el.tagName !== "TABLE") el.setAttribute("role", "region");
        if (!el.hasAttribute("aria-label")) el.setAttribute("aria-label", nameOf(el));
      } else if (!scrolls && el.hasAttribute("data-scroll-focus")) {
        el.removeAttribute("tabindex");
        el.removeAttribute("data-scroll-focus");
      }
    });
  }
  document.addEventListener("DOMContentLoaded", mark);
  // Widths change again once the web font and images have loaded.
  window.addEventListener("load", mark);
  if (document.fonts) document.fonts.ready.then(mark);
  window.addEventListener("resize", mark);
  document.addEventListener("htmx:afterSwap", mark);
})();
