// Starts the vendored Swagger UI on this server's own OpenAPI document (kept out of the page: the CSP
// forbids inline scripts).
window.addEventListener("load", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
