/* The dashboard's long sections are closed <details> that htmx fills when opened. A link
   to one (the menu of sections, an address ending in #act, the way back from a section's
   own page) opens it, so it loads and shows instead of leaving a closed line on screen.
   Plain ES5; without JavaScript each section links to a page of its own. */
(function () {
  "use strict";

  function open(id) {
    var target = id && document.getElementById(id);
    if (!target || target.tagName !== "DETAILS" || target.open) {
      return;
    }
    // The page was too short to bring a closed section to the top: once it has loaded,
    // bring it there.
    target.addEventListener("htmx:afterSettle", function settled(event) {
      if (event.target === target || target.contains(event.target)) {
        target.removeEventListener("htmx:afterSettle", settled);
        target.scrollIntoView({block: "start"});
      }
    });
    target.open = true;  // fires "toggle": htmx loads the section
  }

  // After htmx has set up the page (its own DOMContentLoaded listener comes first).
  document.addEventListener("DOMContentLoaded", function () {
    open(window.location.hash.slice(1));
  });
  window.addEventListener("hashchange", function () {
    open(window.location.hash.slice(1));
  });
  // The same link clicked twice changes no hash: open on the click too.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest('a[href^="#"]');
    if (link) {
      open(link.getAttribute("href").slice(1));
    }
  });
})();
