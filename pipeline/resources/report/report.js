(function () {
  "use strict";
  function setAll(open) {
    var all = document.querySelectorAll("details.ev");
    for (var i = 0; i < all.length; i++) { all[i].open = open; }
  }
  var expand = document.getElementById("expand-all");
  var collapse = document.getElementById("collapse-all");
  if (expand) { expand.addEventListener("click", function () { setAll(true); }); }
  if (collapse) { collapse.addEventListener("click", function () { setAll(false); }); }
  // Where the charts are drawn, for tools that check the rendered page.
  var boxes = [];
  var charts = document.querySelectorAll("svg.chart");
  for (var j = 0; j < charts.length; j++) {
    var r = charts[j].getBoundingClientRect();
    boxes.push({ id: charts[j].id, x: Math.round(r.left + window.scrollX), y: Math.round(r.top + window.scrollY),
                 w: Math.round(r.width), h: Math.round(r.height) });
  }
  document.documentElement.setAttribute("data-chart-boxes", JSON.stringify(boxes));
  // How wide the page is against the window: wider would mean scrolling sideways.
  var root = document.documentElement;
  root.setAttribute("data-scroll-width", String(Math.max(root.scrollWidth, document.body.scrollWidth)));
  root.setAttribute("data-inner-width", String(window.innerWidth));
  document.documentElement.setAttribute("data-ready", "1");
})();
