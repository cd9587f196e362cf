// Draws the insights charts with Chart.js. The numbers come from a JSON data block the server
// renders next to the tables (no inline script); every chart repeats a table that stays on the
// page, so screen readers and keyboard users read the table and the canvas is a picture of it.
(function () {
  "use strict";

  var data = document.getElementById("insights-charts");
  if (!data || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(data.textContent);
  var language = document.documentElement.lang || "nl";
  var percent = new Intl.NumberFormat(language, { style: "percent", maximumFractionDigits: 0 });
  var number = new Intl.NumberFormat(language, { maximumFractionDigits: 1 });
  // Colours from the Utrecht palette that keep 3:1 contrast against white and between neighbours.
  var colours = ["#24578f", "#cc0000", "#2d7f52", "#6e3f97", "#8a5a00", "#1b6e8a"];
  var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = charts[canvas.dataset.chart];
    if (!spec || !spec.labels.length) {
      return;
    }
    canvas.closest("figure").hidden = false;
    var format = function (value) {
      return spec.percent ? percent.format(value) : number.format(value);
    };
    var scales = {};
    scales[spec.horizontal ? "x" : "y"] = {
      beginAtZero: true,
      max: spec.percent ? 1 : undefined,
      ticks: { callback: format },
    };
    new window.Chart(canvas, {
      type: spec.type,
      data: {
        labels: spec.labels,
        datasets: spec.datasets.map(function (dataset, index) {
          return {
            label: dataset.label,
            data: dataset.data,
            backgroundColor: colours[index % colours.length],
            borderColor: colours[index % colours.length],
            tension: 0.2,
          };
        }),
      },
      options: {
        animation: reduceMotion ? false : undefined,
        indexAxis: spec.horizontal ? "y" : "x",
        maintainAspectRatio: false,
        plugins: {
          legend: { display: spec.datasets.length > 1 },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = spec.horizontal ? context.parsed.x : context.parsed.y;
                return context.dataset.label + ": " + format(value);
              },
            },
          },
        },
        scales: scales,
      },
    });
  });
})();
