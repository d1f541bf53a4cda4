// Opens a jeugdsim report in headless Chromium (Debian's, driven by playwright-core) and checks
// what a reader would see: every chart rendered marks (not an empty SVG), the page logged no
// error, and it asked for nothing over the network (it must open offline, e.g. from an e-mail).
// Saves a PNG screenshot of the whole page.
//
//   node check_report.mjs --report FILE --screenshot PNG --modules NODE_MODULES
//                         [--min-charts N] [--expect TEXT]... [--chromium /usr/bin/chromium]
//                         [--height PIXELS]   (screenshot only the top of the page, for docs/)
//
// Exit code 0 if every check passed, 1 otherwise (with what failed on stderr).
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";

function parseArgs(argv) {
  const args = { expect: [], minCharts: 1, chromium: "/usr/bin/chromium" };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key}: missing value`);
    if (key === "--report") args.report = path.resolve(value);
    else if (key === "--screenshot") args.screenshot = path.resolve(value);
    else if (key === "--modules") args.modules = path.resolve(value);
    else if (key === "--min-charts") args.minCharts = Number(value);
    else if (key === "--expect") args.expect.push(value);
    else if (key === "--chromium") args.chromium = value;
    else if (key === "--height") args.height = Number(value);
    else throw new Error(`unknown option ${key}`);
  }
  for (const required of ["report", "screenshot", "modules"]) {
    if (!args[required]) throw new Error(`--${required} is required`);
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
// playwright-core lives in report/assets/node_modules, not next to this script.
const { chromium } = createRequire(path.join(args.modules, "resolve-from-here.js"))("playwright-core");

const failures = [];
const browser = await chromium.launch({
  executablePath: args.chromium,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
});
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const reportUrl = pathToFileURL(args.report).href;
  const requests = [];
  page.on("request", (request) => {
    if (request.url() !== reportUrl) requests.push(request.url());
  });
  // Anything but the report itself is refused, so a request cannot pass unnoticed by succeeding.
  await context.route("**/*", (route) =>
    route.request().url() === reportUrl ? route.continue() : route.abort());
  const consoleErrors = [];
  page.on("console", (message) => {
    if (message.type() === "error" || message.type() === "warning") {
      consoleErrors.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on("pageerror", (error) => consoleErrors.push(`uncaught: ${error.message}`));

  await page.goto(reportUrl);
  await page.waitForSelector("body[data-charts=done]", { timeout: 60000 });

  const charts = await page.$$eval("figure[data-chart]", (figures) => figures.map((figure) => ({
    title: figure.querySelector("h3")?.textContent ?? "",
    rendered: figure.dataset.rendered ?? "",
    svgs: figure.querySelectorAll(".chart svg").length,
    // Vega draws data in groups of role "mark"; axes, legends and titles have other roles.
    marks: figure.querySelectorAll(".chart svg g.role-mark > *").length,
  })));
  if (charts.length < args.minCharts) {
    failures.push(`${charts.length} charts, expected at least ${args.minCharts}`);
  }
  for (const [i, chart] of charts.entries()) {
    console.log(`chart ${i} "${chart.title}": ${chart.rendered}, ${chart.marks} marks`);
    if (chart.rendered !== "yes") failures.push(`chart ${i} "${chart.title}" did not render`);
    if (chart.svgs !== 1) failures.push(`chart ${i} "${chart.title}": ${chart.svgs} SVGs`);
    if (chart.marks === 0) failures.push(`chart ${i} "${chart.title}": no marks drawn`);
  }
  const text = await page.textContent("body");
  for (const expected of args.expect) {
    if (!text.includes(expected)) failures.push(`the page does not say "${expected}"`);
  }
  for (const error of consoleErrors) failures.push(`console ${error}`);
  for (const url of requests) failures.push(`network request: ${url}`);

  await page.screenshot(args.height
    ? { path: args.screenshot, fullPage: true, clip: { x: 0, y: 0, width: 1100, height: args.height } }
    : { path: args.screenshot, fullPage: true });
  console.log(`screenshot: ${args.screenshot}`);
} finally {
  await browser.close();
}
if (failures.length > 0) {
  for (const failure of failures) console.error(`FAILED: ${failure}`);
  process.exit(1);
}
console.log("report OK");
