// Kdfm portal, device page: the page counters over time as a uPlot chart. The data comes from the page's Chart handler
// (data-src on #counter-chart): { times: [unix seconds], series: [{ name, values: [number|null] }] }. No inline script
// (the content security policy allows none): this file is loaded by the page's Scripts section.
(function () {
  "use strict";
  const palette = ["#1f6feb", "#cf222e", "#1a7f37", "#9a6700", "#8250df", "#0a7ea4", "#bf3989", "#57606a"];
  const box = document.getElementById("counter-chart");
  if (!box || typeof uPlot === "undefined") {
    return;
  }

  fetch(box.getAttribute("data-src"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then((response) => {
      if (!response.ok) {
        throw new Error("HTTP " + response.status);
      }
      return response.json();
    })
    .then((chart) => {
      if (!chart.times.length) {
        box.textContent = "No counter readings yet.";
        box.classList.add("empty");
        return;
      }

      const options = {
        width: Math.max(box.clientWidth, 320),
        height: 320,
        series: [{}].concat(chart.series.map((s, i) => ({ label: s.name, stroke: palette[i % palette.length], width: 2, spanGaps: true }))),
        axes: [{}, { size: 70 }],
      };
      const data = [chart.times].concat(chart.series.map((s) => s.values));
      const plot = new uPlot(options, data, box);
      box.setAttribute("data-points", String(chart.times.length));
      box.setAttribute("data-series", chart.series.map((s) => s.name).join(","));
      window.addEventListener("resize", () => plot.setSize({ width: Math.max(box.clientWidth, 320), height: 320 }));
    })
    .catch((error) => {
      box.textContent = "The chart could not be loaded (" + error.message + ").";
      box.classList.add("empty");
    });
})();
