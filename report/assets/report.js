// jeugdsim report: draws the charts of the page from the data jeugdsim wrote into it.
//
// jeugdsim (app/report.cpp) decides what is charted and writes every word and number of the
// page; this script only turns each chart's values into a Vega-Lite specification and renders
// it as SVG. It runs offline: vega and vega-lite are inlined in the same file, and nothing is
// fetched. When every chart has rendered (or failed), <body data-charts="done"> tells the
// browser test (tests/browser/check_report.mjs) that it may look.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  // Axis numbers in the report's language (1.234,5 in Dutch).
  vega.formatLocale(data.locale);

  const width = 560;
  const height = 260;
  const tooltip = (fields) => fields.map((f) => ({ field: f.field, title: f.title, type: f.type || "nominal", format: f.format }));

  // Means as lines with their 95% interval as a band; observed figures as black points.
  function bandSpec(chart) {
    const x = { field: "x", type: "quantitative", title: chart.x_title, axis: { format: chart.x_format, tickMinStep: 1 }, scale: { zero: false } };
    const y = { type: "quantitative", title: chart.y_title, scale: { zero: chart.zero } };
    // Legend symbols drawn as solid lines: from the bands' pale fill they would be hard to tell apart.
    const color = { field: "series", type: "nominal", title: chart.series_title, sort: null, legend: { symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 } };
    const layers = [
      { mark: { type: "area", opacity: 0.2 }, encoding: { x, y: { ...y, field: "lo" }, y2: { field: "hi" }, color } },
      {
        mark: { type: "line", point: true },
        encoding: {
          x, y: { ...y, field: "mean" }, color,
          tooltip: tooltip([{ field: "series", title: chart.series_title }, { field: "x", title: chart.x_title, type: "quantitative", format: chart.x_format },
            { field: "mean", title: chart.y_title, type: "quantitative", format: ",.3~f" },
            { field: "lo", title: "95% -", type: "quantitative", format: ",.3~f" }, { field: "hi", title: "95% +", type: "quantitative", format: ",.3~f" }]),
        },
      },
    ];
    const spec = { data: { values: chart.values }, layer: layers };
    if (chart.observed && chart.observed.length > 0) {
      return {
        layer: [
          spec,
          {
            data: { values: chart.observed },
            // In the scenario's colour, outlined in black: observed, not simulated.
            mark: { type: "point", shape: "diamond", filled: true, size: 110, stroke: "black", strokeWidth: 1.5, opacity: 1 },
            encoding: {
              x, y: { ...y, field: "value" }, color,
              tooltip: tooltip([{ field: "series", title: chart.observed_title }, { field: "value", title: chart.y_title, type: "quantitative", format: ",.3~f" }]),
            },
          },
        ],
      };
    }
    return spec;
  }

  // Amounts per year stacked by part (cost by tier), one panel per scenario.
  function stackedSpec(chart) {
    return {
      data: { values: chart.values },
      mark: "bar",
      encoding: {
        x: { field: "x", type: "ordinal", title: chart.x_title },
        y: { field: "value", type: "quantitative", title: chart.y_title, stack: "zero" },
        color: { field: "part", type: "nominal", title: chart.series_title, sort: chart.parts },
        order: { field: "order", type: "quantitative" },
        tooltip: tooltip([{ field: "facet", title: chart.facet_title }, { field: "x", title: chart.x_title }, { field: "part", title: chart.series_title },
          { field: "value", title: chart.y_title, type: "quantitative", format: ",.3~f" }]),
      },
    };
  }

  // A difference per year with its paired 95% interval, against a line at zero.
  function differenceSpec(chart) {
    const x = { field: "x", type: "ordinal", title: chart.x_title };
    const y = { type: "quantitative", title: chart.y_title, scale: { zero: chart.zero_rule !== false } };
    return {
      layer: [
        ...(chart.zero_rule === false ? [] : [{ data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#888" }, encoding: { y: { field: "zero", type: "quantitative" } } }]),
        {
          data: { values: chart.values },
          encoding: { x, xOffset: { field: "series", type: "nominal" }, color: { field: "series", type: "nominal", title: chart.series_title } },
          layer: [
            { mark: { type: "rule", strokeWidth: 2 }, encoding: { y: { ...y, field: "lo" }, y2: { field: "hi" } } },
            {
              mark: { type: "point", filled: true, size: 60 },
              encoding: {
                y: { ...y, field: "mean" },
                tooltip: tooltip([{ field: "series", title: chart.series_title }, { field: "x", title: chart.x_title },
                  { field: "mean", title: chart.y_title, type: "quantitative", format: ",.3~f" },
                  { field: "lo", title: "95% -", type: "quantitative", format: ",.3~f" }, { field: "hi", title: "95% +", type: "quantitative", format: ",.3~f" }]),
              },
            },
          ],
        },
      ],
    };
  }

  // Horizontal bars with their 95% interval (which uncertain inputs drive a result).
  function barsSpec(chart) {
    // Values come strongest first (jeugdsim sorts them); sort: null keeps that order.
    const y = { field: "label", type: "nominal", title: null, sort: null };
    const x = { type: "quantitative", title: chart.x_title, scale: { domain: [-1, 1] } };
    return {
      data: { values: chart.values },
      layer: [
        { mark: "bar", encoding: { y, x: { ...x, field: "value" }, color: { condition: { test: "datum.value < 0", value: "#c0504d" }, value: "#4f81bd" },
          tooltip: tooltip([{ field: "label", title: chart.series_title }, { field: "value", title: chart.x_title, type: "quantitative", format: ".2f" },
            { field: "lo", title: "95% -", type: "quantitative", format: ".2f" }, { field: "hi", title: "95% +", type: "quantitative", format: ".2f" }]) } },
        { mark: { type: "rule", color: "black" }, encoding: { y, x: { ...x, field: "lo" }, x2: { field: "hi" } } },
      ],
    };
  }

  const builders = { band: bandSpec, stacked: stackedSpec, difference: differenceSpec, bars: barsSpec };

  // A chart with a `facet` field in its values gets one panel per facet value.
  function withFacets(chart, spec) {
    const hasFacets = chart.values.some((v) => v.facet !== undefined);
    if (!hasFacets) return { ...spec, width, height };
    // Up to three panels side by side, together about as wide as one chart.
    const across = Math.min(3, chart.facets);
    const panelWidth = Math.max(170, Math.floor((width - 60 * (across - 1)) / across));
    const inner = chart.type === "bars" ? { ...spec, width, height: 24 * chart.rows_per_facet } : { ...spec, width: panelWidth, height };
    const values = inner.data ? inner.data.values : chart.values;
    delete inner.data;
    const header = { title: null, labelFontSize: 13, labelFontWeight: "bold" };
    const field = { field: "facet", type: "nominal", header, sort: null };
    const facet = chart.type === "bars" ? { facet: { row: field } } : { facet: field, columns: 3 };
    return { data: { values }, ...facet, spec: inner, resolve: { scale: { y: chart.type === "bars" ? "independent" : "shared" } } };
  }

  async function render(figure) {
    const chart = data.charts[Number(figure.dataset.chart)];
    const spec = withFacets(chart, builders[chart.type](chart));
    spec.$schema = "https://vega.github.io/schema/vega-lite/v6.json";  // an identifier, never fetched
    spec.config = { font: "system-ui, sans-serif", axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } };
    const compiled = vegaLite.compile(spec).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: "svg", container: figure.querySelector(".chart"), hover: true });
    await view.runAsync();
    figure.dataset.rendered = "yes";
  }

  const figures = Array.from(document.querySelectorAll("figure[data-chart]"));
  Promise.all(figures.map((figure) => render(figure).catch((error) => {
    figure.dataset.rendered = "failed";
    figure.querySelector(".chart").textContent = String(error);
    console.error("jeugdsim report: chart " + figure.dataset.chart + ": " + error);
  }))).then(() => { document.body.dataset.charts = "done"; });
})();
