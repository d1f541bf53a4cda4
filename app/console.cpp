#include "console.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "jeugdsim/outputs/readable.hpp"

namespace jeugdsim::app {
namespace {

std::string label(const outputs::MetricId& id) {
  return id.tier.empty() ? id.metric : id.tier + " " + id.metric;
}

}  // namespace

std::string intervals_note(const outputs::RunInfo& info) {
  const std::string inputs =
      info.drawn_from == "posterior"
          ? fmt::format(
                "its parameter set from the posterior {} (what the observed figures leave "
                "open)",
                info.posterior)
          : "its uncertain inputs drawn from the priors (what the file says we do not know)";
  return fmt::format(
      "95% of runs: where 95% of the replications fell, each with {}, and chance; this is the "
      "interval to report. 95% interval of the mean: how precisely the mean is known after {} "
      "replications (Monte Carlo error only; more replications narrow it).",
      inputs, info.replications);
}

void print_yearly_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                        const std::vector<std::string>& headline) {
  std::vector<std::string> years, labels;
  std::map<std::pair<std::string, std::string>, const outputs::SummaryRow*> cell;
  for (const auto& row : rows) {
    if (std::find(years.begin(), years.end(), row.id.year) == years.end())
      years.push_back(row.id.year);
    const std::string l = label(row.id);
    if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
    cell[{l, row.id.year}] = &row;
  }
  std::map<std::pair<std::string, std::string>, double> observed;
  for (const auto& o : info.observed) observed[{label(o.id), o.id.year}] = o.value;

  fmt::print("{:<34}", "mean per year");
  for (const auto& y : years) fmt::print("{:>12}", y);
  fmt::print("\n");
  for (const auto& l : labels) {
    fmt::print("{:<34}", l);
    for (const auto& y : years) {
      const auto* row = cell[{l, y}];
      fmt::print("{:>12}",
                 row && row->summary.count > 0 ? outputs::readable(row->summary.mean, 4) : "-");
    }
    fmt::print("\n");
    if (std::find(headline.begin(), headline.end(), l) != headline.end()) {
      if (!info.drawn_from.empty()) {  // two rows, from and to: a cost interval is wide
        const std::string from = "  95% of runs (" + info.drawn_from + "), from";
        for (const auto& [title, bound] :
             {std::pair{from, &engine::Summary::p025},
              std::pair{std::string(from.size() - 4, ' ') + "to", &engine::Summary::p975}}) {
          fmt::print("{:<34}", title);
          for (const auto& y : years) {
            const auto* row = cell[{l, y}];
            fmt::print("{:>12}", row && row->summary.count >= 2
                                     ? outputs::readable(row->summary.*bound, 3)
                                     : "");
          }
          fmt::print("\n");
        }
      }
      fmt::print("{:<34}", "  95% interval of the mean +-");
      for (const auto& y : years) {
        const auto* row = cell[{l, y}];
        fmt::print("{:>12}",
                   row && row->summary.count >= 2
                       ? outputs::readable((row->summary.ci_high - row->summary.ci_low) / 2, 2)
                       : "");
      }
      fmt::print("\n");
    }
    bool any = false;
    for (const auto& y : years) any = any || observed.count({l, y}) > 0;
    if (any) {
      fmt::print("{:<34}", "  observed");
      for (const auto& y : years) {
        const auto it = observed.find({l, y});
        fmt::print("{:>12}", it == observed.end() ? "" : outputs::readable(it->second, 4));
      }
      fmt::print("\n");
    }
  }
  if (!info.drawn_from.empty()) fmt::print("\n{}\n", intervals_note(info));
}

void print_table(const outputs::RunInfo& info, const std::vector<outputs::SummaryRow>& rows,
                 const std::vector<std::string>& headline, unsigned threads) {
  fmt::print("{} ({}): {} replications, seed {}, {} threads\n\n", info.scenario, info.kind,
             info.replications, info.seed, threads);
  const bool yearly = std::any_of(rows.begin(), rows.end(),
                                  [](const outputs::SummaryRow& r) { return r.id.year != "all"; });
  if (yearly) return print_yearly_table(info, rows, headline);
  fmt::print("{:<16} {:<22} {:>14}  {}\n", "tier", "metric", "mean", "95% interval");
  for (const auto& row : rows) {
    const auto& s = row.summary;
    const std::string interval =
        s.count >= 2 ? fmt::format("[{:.6g}, {:.6g}]", s.ci_low, s.ci_high) : "";
    const std::string mean = s.count > 0 ? fmt::format("{:.6g}", s.mean) : "(no value)";
    fmt::print("{:<16} {:<22} {:>14}  {}\n", row.id.tier.empty() ? "(all)" : row.id.tier,
               row.id.metric, mean, interval);
  }
}

std::optional<std::string> missing_values_note(const std::vector<outputs::SummaryRow>& rows,
                                               std::size_t replications,
                                               const std::string& scenario) {
  std::vector<std::string> missing;
  for (const auto& row : rows) {
    if (row.summary.count >= replications) continue;
    std::string what = row.id.metric;
    if (!row.id.tier.empty()) what += " of " + row.id.tier;
    if (row.id.year != "all") what += " in " + row.id.year;
    missing.push_back(fmt::format("{} ({} of {})", what, row.summary.count, replications));
  }
  if (missing.empty()) return std::nullopt;
  constexpr std::size_t kNamed = 3;
  std::string list = fmt::format(
      "{}",
      fmt::join(missing.begin(),
                missing.begin() + static_cast<std::ptrdiff_t>(std::min(kNamed, missing.size())),
                ", "));
  if (missing.size() > kNamed) list += fmt::format(" and {} more", missing.size() - kNamed);
  return fmt::format(
      "note: {}{} of {} results have no value in some replications, which had nothing to "
      "average (e.g. nobody started care or service): {}. Their mean is over the replications "
      "with a value (the `replications` column of summary.csv counts them); a result without "
      "any is an empty cell (null in summary.json), never 0.",
      scenario.empty() ? "" : scenario + ": ", missing.size(), rows.size(), list);
}

std::vector<outputs::SummaryRow> shown(const std::vector<outputs::SummaryRow>& rows,
                                       const std::vector<std::string>& show) {
  if (show.empty()) return rows;
  std::vector<outputs::SummaryRow> out;
  for (const auto& row : rows) {
    if (std::find(show.begin(), show.end(), row.id.metric) != show.end()) out.push_back(row);
  }
  return out;
}

Replications run_with_progress(const models::Model& model, unsigned threads, Progress& progress,
                               std::size_t offset, std::size_t total, std::size_t first) {
  return run_all(model, threads, first, model.info.replications,
                 [&](std::size_t done, std::size_t) { progress.update(offset + done, total); });
}

}  // namespace jeugdsim::app
