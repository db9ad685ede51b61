"use strict";
// Starts ReDoc on /redoc from a file, as the page's Content-Security-Policy allows no inline script.
// The page gives the OpenAPI URL as a data attribute.
(function () {
  const root = document.getElementById("redoc");
  document.body.style.margin = "0"; // through the CSSOM: no inline <style> needed
  Redoc.init(root.dataset.openapiUrl || "/openapi.json", {}, root);
})();
