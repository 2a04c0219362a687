// SPDX-License-Identifier: ISC
// swagger-init.js: Swagger UI on the site's own openapi.json, nothing external.
"use strict";
window.addEventListener("DOMContentLoaded", function () {
	window.ui = SwaggerUIBundle({
		url: new URL("../openapi.json", document.baseURI).href,
		dom_id: "#swagger-ui",
		deepLinking: true,
		validatorUrl: null,
		tryItOutEnabled: false,
	});
});
