// Applies the reader's theme before the page paints (no flash): '?theme=dark|light' in the address, else the
// choice kept in this browser, else the system's (`prefers-color-scheme`, handled by the style sheet alone).
"use strict";
(function () {
  const asked = new URLSearchParams(location.search).get("theme");
  let kept = null;
  try {
    kept = localStorage.getItem("theme");
  } catch (_) {
    kept = null;  // storage blocked: follow the system
  }
  const theme = asked === "dark" || asked === "light" ? asked : kept;
  if (theme === "dark" || theme === "light") document.documentElement.dataset.theme = theme;
})();
