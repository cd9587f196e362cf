// Starts Swagger UI on /api/docs from our own static files, so the page keeps the site's
// Content-Security-Policy (no inline script). Calls made from the page send the CSRF token,
// as the staff session requires on writes.
(function () {
  "use strict";

  var body = document.body;
  if (typeof window.SwaggerUIBundle === "undefined") {
    return;
  }
  window.SwaggerUIBundle({
    url: body.dataset.openapiUrl,
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    requestInterceptor: function (request) {
      if (body.dataset.csrfToken) {
        request.headers["X-CSRFToken"] = body.dataset.csrfToken;
      }
      return request;
    },
  });
})();
