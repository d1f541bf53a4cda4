#include "sweep.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

#include "cluster.hpp"
#include "command.hpp"
#include "exit_codes.hpp"
#include "interrupt.hpp"
#include "jeugdsim/engine/fnv1a.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/shell_word.hpp"
#include "jeugdsim/outputs/atomic_file.hpp"
#include "jeugdsim/outputs/files.hpp"
#include "jeugdsim/outputs/readable.hpp"
#include "jeugdsim/outputs/results.hpp"
#include "jeugdsim/outputs/sweep_output.hpp"
#include "output_folder.hpp"
#include "progress.hpp"
#include "scenario_runs.hpp"
#include "sweep_plan.hpp"

namespace jeugdsim::app {
namespace {

namespace fs = std::filesystem;

// Finished points live in outputs::kSweepPartialFolder until the whole sweep is written, one
// file each, so an interrupted sweep loses at most the points in flight.

// What identifies the sweep's work: a finished point may be reused only by the same plan.
// The fingerprints cover each point's whole scenario tree (base file, --set, the point's
// values, replications and seed); the --set list, which paths are fixed (a fixed path is not
// changed by a dated change nor drawn, even when its value is the file's); the version, what
// the program makes of it.
std::string plan_text(const SweepPlan& plan) {
  std::string text =
      fmt::format("jeugdsim {} sweep\nreplications {}\nseed {}\npoints {}\n", outputs::kVersion,
                  plan.replications, plan.seed, plan.points.size());
  for (const auto& assignment : plan.overrides) text += "set " + assignment + "\n";
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    std::string assignments;
    for (const auto& a : plan.points[p].assignments) assignments += " " + a;
    text += fmt::format("point {} {:016x}{}\n", p + 1, plan.points[p].digest, assignments);
  }
  return text;
}

fs::path point_file(const fs::path& partial, std::size_t p) {
  return partial / fmt::format("point-{:05}.csv", p + 1);
}

std::string read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return text.str();
}

// sweep.json: what `report` needs besides sweep.csv to draw and reproduce the sweep, the swept
// paths and the base scenario's values (those of point 1, but for the swept paths).
std::string manifest(const SweepPlan& plan, const std::string& sweep_file) {
  const outputs::RunInfo& base = plan.points.front().model.info;
  outputs::SweepManifest m;
  m.name = plan.name;
  m.scenario = base.scenario;
  m.kind = base.kind;
  m.sweep_file = sweep_file;
  m.base_file = plan.base_file;
  m.replications = plan.replications;
  m.seed = plan.seed;
  m.overrides = plan.overrides;
  m.drawn_from = base.drawn_from;  // the same for every point: one file, one --posterior
  m.posterior = base.posterior;
  m.swept = plan.parameters;
  m.parameters = base.parameters;
  return outputs::format_sweep_manifest(m);
}

std::string first_difference(const std::string& before, const std::string& now) {
  std::istringstream a(before), b(now);
  std::string x, y;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(a, x));
    const bool more_b = static_cast<bool>(std::getline(b, y));
    if (!more_a && !more_b) return "";
    if (!more_a || !more_b || x != y) {
      return fmt::format("line {}: '{}' then, '{}' now", line, more_a ? x : "", more_b ? y : "");
    }
  }
}

// Rank 0's view of the output folder: the rows of every point finished by an earlier,
// interrupted run of the same plan, whose text is `plan_now` ("" for points still to run).
// Starts the partial folder.
std::vector<std::string> prepare_output(const fs::path& out, const SweepPlan& plan,
                                        const std::string& plan_now, bool resume) {
  const fs::path partial = out / outputs::kSweepPartialFolder;
  const fs::path plan_file = partial / "plan.txt";
  std::vector<std::string> finished(plan.points.size());
  // Finished points are what must not be lost; a plan without any (a sweep stopped in its
  // first point) is simply replaced.
  std::size_t on_disk = 0;
  if (fs::exists(plan_file)) {
    for (std::size_t p = 0; p < plan.points.size(); ++p)
      on_disk += fs::exists(point_file(partial, p));
  }
  const bool unfinished = on_disk > 0;
  if (unfinished && !resume) {
    throw io::InputError(partial.string(),
                         fmt::format("an unfinished sweep is here ({} of its points finished); "
                                     "continue it with --resume, or delete this folder to start "
                                     "again",
                                     on_disk));
  }
  if (!unfinished) {
    fs::remove_all(partial);
    outputs::write_file_atomically(plan_file, plan_now);
    return finished;
  }
  const std::string plan_then = read_file(plan_file);
  if (plan_then != plan_now) {
    throw io::InputError(
        plan_file.string(),
        "the unfinished sweep here is not this sweep (the sweep file, the base scenario, --set, "
        "--replications, --seed or the jeugdsim version differ; first difference: " +
            first_difference(plan_then, plan_now) + "); use another --out, or delete " +
            partial.string() + " to start again");
  }
  for (std::size_t p = 0; p < plan.points.size(); ++p) {
    if (fs::exists(point_file(partial, p))) finished[p] = read_file(point_file(partial, p));
  }
  return finished;
}

// The metrics of the line printed per point: --show, else the model's headline, else every
// whole-system metric.
std::vector<std::string> headline_metrics(const std::vector<std::string>& show,
                                          const models::Model& model) {
  if (!show.empty()) return show;
  if (!model.headline.empty()) return model.headline;
  std::vector<std::string> out;
  for (const auto& id : model.metrics) {
    if (id.tier.empty() && std::find(out.begin(), out.end(), id.metric) == out.end())
      out.push_back(id.metric);
  }
  return out;
}

// "2029: cost_eur 88,120,000 +-310,000, out_of_home_rate_pct 1.402 +-0.021": the last year's
// means of the whole system with the half-width of their 95% interval; when the replications
// drew their inputs (`drawn`), where 95% of them fell instead: "1.402 (95% of runs 1.1 to 1.7)".
std::string point_headline(const std::vector<outputs::SummaryRow>& rows,
                           const std::vector<std::string>& metrics, bool drawn) {
  std::string last_year;
  for (const auto& row : rows) {
    if (row.id.tier.empty()) last_year = std::max(last_year, row.id.year);
  }
  std::string out = last_year == "all" ? "" : last_year + ":";
  for (const auto& metric : metrics) {
    for (const auto& row : rows) {
      if (!row.id.tier.empty() || row.id.year != last_year || row.id.metric != metric) continue;
      const auto& s = row.summary;
      out += fmt::format("{} {} {}", out.empty() || out.back() == ':' ? "" : ",", metric,
                         s.count > 0 ? outputs::readable(s.mean, 4) : "-");
      if (s.count >= 2 && drawn) {
        out += fmt::format(" (95% of runs {} to {})", outputs::readable(s.p025, 3),
                           outputs::readable(s.p975, 3));
      } else if (s.count >= 2) {
        out += " +-" + outputs::readable((s.ci_high - s.ci_low) / 2, 2);
      }
    }
  }
  return out;
}

// The command that continues this sweep: the same plan (file, --set, --replications, --seed),
// the same folder, --resume.
std::string resume_command(const SweepOptions& options, const fs::path& out) {
  std::string command = "jeugdsim sweep " + io::shell_word(options.file);
  if (options.replications) command += " --replications " + std::to_string(*options.replications);
  if (options.seed) command += " --seed " + std::to_string(*options.seed);
  for (const auto& assignment : options.overrides)
    command += " --set " + io::shell_word(assignment);
  if (!options.posterior.empty()) command += " --posterior " + io::shell_word(options.posterior);
  return command + " --out " + io::shell_word(out.string()) + " --resume";
}

std::string point_name(const SweepPlan& plan, std::size_t p) {
  std::string out = fmt::format("[{}/{}]", p + 1, plan.points.size());
  for (const auto& a : plan.points[p].assignments) out += " " + a;
  return out;
}

// A point's results travel to rank 0 in one MPI message, whose size MPI counts in an int. Checked
// on every rank from the plan alone, before anything runs.
void check_message_size(const SweepPlan& plan) {
  const std::size_t values = plan.replications * plan.points.front().model.metrics.size();
  if (values > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw io::InputError(
        "--replications",
        fmt::format(
            "{} replications x {} metrics per point is more than one MPI message can carry "
            "(2^31 - 1 values); split the replications over several sweeps with different seeds",
            plan.replications, plan.points.front().model.metrics.size()));
  }
}

// One point, on every rank: its replications spread over the ranks (a contiguous block each)
// and their threads, the values gathered on rank 0, which returns their summary (the other
// ranks return nothing).
std::vector<outputs::SummaryRow> run_point(const Cluster& cluster, const models::Model& model,
                                           unsigned threads,
                                           const engine::ProgressCallback& report) {
  const std::size_t n = model.info.replications;
  const Cluster::Block block = cluster.block_of(n);
  Replications mine;
  together(cluster, [&] { mine = run_all(model, threads, block.first, block.count, report); });
  const std::size_t width = model.metrics.size();
  std::vector<double> flat;
  flat.reserve(mine.values.size() * width);
  for (const auto& values : mine.values) flat.insert(flat.end(), values.begin(), values.end());
  const std::vector<double> all = cluster.gather_rows(flat, width);
  std::vector<outputs::SummaryRow> summary;
  together(cluster, [&] {
    if (!cluster.is_root()) return;
    std::vector<std::vector<double>> values(n);
    for (std::size_t r = 0; r < n; ++r) {
      values[r].assign(all.begin() + static_cast<std::ptrdiff_t>(r * width),
                       all.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
    }
    summary = outputs::summarize_replications(model.metrics, values);
  });
  return summary;
}

}  // namespace

int sweep_command(const SweepOptions& options) {
  const Cluster& cluster = Cluster::current();
  const bool speak = cluster.is_root() && !options.quiet;
  // Every rank reads the files itself. They should reach the same plan, or the same error;
  // a rank that cannot read them (no shared file system) or reads other contents (a file
  // edited while the ranks started) stops all ranks, instead of leaving them waiting.
  SweepPlan plan;
  std::string plan_now;  // plan_text(plan), the same on every rank (checked below)
  together(cluster, [&] {
    plan = read_sweep(options.file, options.overrides,
                      named(options.replications, "--replications"), named(options.seed, "--seed"));
    // --posterior wins over the sweep file's `posterior:`.
    const std::string& posterior_file =
        options.posterior.empty() ? plan.posterior : options.posterior;
    if (const auto posterior = read_posterior_if(posterior_file)) {
      // The same parameter sets in the same replications at every point (use_posterior); and a
      // point is another point over another posterior, so that --resume does not mix them.
      const std::uint64_t digest = engine::fnv1a64(read_file(posterior_file));
      for (auto& point : plan.points) {
        models::use_posterior(point.model, *posterior, posterior_file);
        point.digest ^= digest;
      }
    }
    check_shown_metrics(options.show, plan.points.front().model.metrics);
    check_reportable(options.report, plan.points.front().model.info);
    check_message_size(plan);
  });
  together(cluster, [&] {
    plan_now = plan_text(plan);
    std::string root = plan_now;
    cluster.broadcast(root);
    if (plan_now != root) {
      throw std::runtime_error(fmt::format(
          "rank {} read a different sweep than rank 0 from {} and {}: all ranks must see the same "
          "files",
          cluster.rank(), options.file, plan.base_file));
    }
  });
  if (cluster.is_root()) {
    for (const auto& w : plan.warnings) fmt::print(stderr, "{}\n", w);
  }
  const fs::path out = output_folder(options.out_dir, "sweep-", plan.name);
  const fs::path partial = out / outputs::kSweepPartialFolder;

  // The outermost folder of `out` that does not exist yet ("" if `out` exists).
  fs::path made;
  for (fs::path f = out; !f.empty() && !fs::exists(f); f = f.parent_path()) made = f;

  // Rank 0 looks at the folder; every rank learns which points are finished.
  std::vector<std::string> rows(plan.points.size());
  together(cluster, [&] {
    if (cluster.is_root()) rows = prepare_output(out, plan, plan_now, options.resume);
  });
  std::string finished_flags(plan.points.size(), '0');
  for (std::size_t p = 0; p < rows.size(); ++p) finished_flags[p] = rows[p].empty() ? '0' : '1';
  cluster.broadcast(finished_flags);

  const std::size_t n = plan.replications;
  const std::size_t to_run =
      static_cast<std::size_t>(std::count(finished_flags.begin(), finished_flags.end(), '0'));
  if (speak) {
    fmt::print("sweep '{}' of {}: {} points x {} replications, seed {}, {} rank{}{}\n", plan.name,
               plan.base_file, plan.points.size(), n, plan.seed, cluster.size(),
               cluster.size() == 1 ? "" : "s",
               to_run < plan.points.size() ? fmt::format("; resuming: {} points finished earlier",
                                                         plan.points.size() - to_run)
                                           : "");
    std::fflush(stdout);
  }
  const unsigned threads = options.threads > 0 ? options.threads : cluster.default_threads();
  Progress progress(
      "sweep: replications",
      engine::resolve_thread_count(threads, n) * static_cast<std::size_t>(cluster.size()),
      !options.quiet);
  std::size_t ran = 0;      // points run in this session
  std::size_t current = 0;  // the point being run
  // A sweep that fails before any point is finished leaves nothing behind: not its partial
  // folder, nor the folders made for it.
  const auto discard_if_nothing_finished = [&] {
    const bool any =
        std::any_of(rows.begin(), rows.end(), [](const auto& r) { return !r.empty(); });
    if (!cluster.is_root() || any) return;
    std::error_code ignored;
    fs::remove_all(made.empty() ? partial : made, ignored);
  };
  try {
    for (std::size_t p = 0; p < plan.points.size(); ++p) {
      current = p;
      if (finished_flags[p] == '1') {
        if (speak) fmt::print("{}: finished earlier\n", point_name(plan, p));
        continue;
      }
      const models::Model& model = plan.points[p].model;
      progress.relabel(fmt::format("sweep: point {}/{}; replications", p + 1, plan.points.size()));
      const auto start = std::chrono::steady_clock::now();
      engine::ProgressCallback report;
      if (cluster.is_root()) {
        // Rank 0 sees only its own block; the others progress at about the same pace.
        report = [&](std::size_t done, std::size_t) {
          progress.update(ran * n + done * static_cast<std::size_t>(cluster.size()), to_run * n);
        };
      }
      const std::vector<outputs::SummaryRow> summary = run_point(cluster, model, threads, report);
      together(cluster, [&] {
        if (!cluster.is_root()) return;
        rows[p] = outputs::format_summary_rows(
            outputs::format_sweep_leading_cells(p + 1, plan.points[p].values), summary);
        outputs::write_file_atomically(point_file(partial, p), rows[p]);
        if (speak) {
          progress.clear();
          const double seconds =
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
          fmt::print("{}: {} ({} replications, {})\n", point_name(plan, p),
                     point_headline(summary, headline_metrics(options.show, model),
                                    !model.info.drawn_from.empty()),
                     n, duration_text(seconds));
          std::fflush(stdout);
        }
      });
      ++ran;
    }
  } catch (const Interrupted& e) {
    // Every rank stops here together (run_point agrees on it); rank 0 alone prints the note.
    progress.clear();
    discard_if_nothing_finished();
    const auto kept = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const auto& r) { return !r.empty(); }));
    const std::string where = fmt::format("interrupted by {} in point {} of {}",
                                          signal_name(e.signal()), current + 1, plan.points.size());
    if (kept == 0)
      throw Interrupted(e.signal(), where + ": no point was finished, nothing was kept");
    throw Interrupted(e.signal(),
                      fmt::format("{}: {} kept in {}; this continues the sweep: {}", where,
                                  kept == 1 ? std::string("the finished point is")
                                            : fmt::format("the {} finished points are", kept),
                                  partial.string(), resume_command(options, out)));
  } catch (...) {
    progress.clear();
    discard_if_nothing_finished();
    throw;
  }
  progress.clear();

  together(cluster, [&] {
    if (!cluster.is_root()) return;
    std::string csv = outputs::format_sweep_header(plan.parameters);
    for (const auto& point_rows : rows) csv += point_rows;
    outputs::write_all({{out / outputs::kSweepJson, manifest(plan, options.file)},
                        {out / outputs::kSweepCsv, csv}});
    fs::remove_all(partial);  // the sweep is whole: nothing left to resume
    const std::optional<fs::path> report = write_report_if(options.report, out);
    if (speak) {
      fmt::print("wrote {} ({} points, {} rows) and {}\n", (out / outputs::kSweepCsv).string(),
                 plan.points.size(), std::count(csv.begin(), csv.end(), '\n') - 1,
                 (out / outputs::kSweepJson).string());
      if (report) fmt::print("report: {}\n", report->string());
    }
  });
  return kExitOk;
}

Command add_sweep(CLI::App& cli) {
  auto options = std::make_shared<SweepOptions>();
  CLI::App* app = cli.add_subcommand(
      "sweep",
      "Run many variants of a base scenario (a grid or a list of overrides in SWEEP.yaml), all\n"
      "with the same seed and replications, into sweep.csv and sweep.json (and report.html with\n"
      "--report). Resumable (--resume); under mpirun\n"
      "or srun the replications are spread over the ranks (docs/cluster.md).\n"
      "Example: jeugdsim sweep scenarios/sweeps/drenthe-poh.yaml --replications 100");
  app->add_option("file", options->file, "Sweep file (YAML): base, grid or points")->required();
  add_run_frame(app, options->replications, options->seed, options->threads, " of every point",
                "the sweep file's, else the base's");
  app->add_option("--out,-o", options->out_dir,
                  "Output folder (default: results/sweep-<sweep name>)");
  app->add_option("--set", options->overrides,
                  "Override a value in every point: PATH=VALUE (repeatable)");
  app->add_option("--show", options->show,
                  "Metrics in the line printed per point (comma-separated; default: cost_eur "
                  "and out_of_home_rate_pct)")
      ->delimiter(',');
  app->add_flag("--resume", options->resume,
                "Continue an interrupted sweep in the same --out: finished points are kept");
  app->add_flag("--quiet,-q", options->quiet, "Print only errors and warnings");
  add_posterior_option(app, options->posterior);
  add_report_request(app, options->report);
  return {app, [options] { return sweep_command(*options); }, /*stoppable=*/true,
          /*spreads_over_ranks=*/true};
}

}  // namespace jeugdsim::app
