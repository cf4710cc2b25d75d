// exosome-brochures: the one script of the site. The pages work without it; with it, a
// reader who scanned an older printed brochure (its code ends ?rev=YYYY-MM-DD) is told
// that the page has been updated since. Nothing is sent anywhere.
(function () {
  "use strict";
  var notice = document.getElementById("revision-notice");
  if (!notice || !window.URLSearchParams) {
    return;
  }
  var printed = new URLSearchParams(window.location.search).get("rev");
  var current = notice.getAttribute("data-revision");
  // ISO dates compare as text; anything else in the address is ignored.
  var date = /^\d{4}-\d{2}-\d{2}$/;
  if (printed && date.test(printed) && date.test(current) && printed < current) {
    notice.hidden = false;
  }
})();
