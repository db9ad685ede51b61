"use strict";
// Starts Swagger UI on /docs from a file, as the page's Content-Security-Policy allows no inline script.
// The settings are FastAPI's defaults; the page gives the OpenAPI and OAuth2 redirect URLs as data attributes.
(function () {
  const root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.dataset.openapiUrl || "/openapi.json",
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    oauth2RedirectUrl: window.location.origin + (root.dataset.oauth2RedirectUrl || "/docs/oauth2-redirect"),
    validatorUrl: null, // never ask the public validator service about our description
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
