/* Kunskapshubben's embeddable cards: include this once on a page with cards,
   and every card iframe (data-kunskapshubben-card) takes the height of its
   card. Without it the iframe keeps the height in the embed code. */
(function () {
  "use strict";
  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.kunskapshubben !== "card-height") { return; }
    var frames = document.querySelectorAll("iframe[data-kunskapshubben-card]");
    for (var i = 0; i < frames.length; i += 1) {
      var frame = frames[i];
      if (frame.contentWindow !== event.source) { continue; }
      if (new URL(frame.src, document.baseURI).origin !== event.origin) { return; }
      var height = Math.ceil(Number(data.height));
      if (height > 0 && height < 5000) { frame.style.height = height + "px"; }
      return;
    }
  });
})();
