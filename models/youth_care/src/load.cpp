#include "jeugdsim/models/youth_care/load.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "jeugdsim/engine/fnv1a.hpp"
#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/io/did_you_mean.hpp"
#include "jeugdsim/io/input_error.hpp"
#include "jeugdsim/io/limits.hpp"
#include "jeugdsim/io/read_distribution.hpp"
#include "jeugdsim/io/value_reader.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "jeugdsim/models/youth_care/pathway.hpp"
#include "observed.hpp"

namespace jeugdsim::models::youth_care {
namespace {

using io::MapReader;
using io::ValueReader;

constexpr double kShareTolerance = 1e-9;

// Limits (docs/reliability.md), far above real use: Drenthe's largest municipality has about
// 20,000 children; the Netherlands about 3.4 million aged 0-17.
constexpr double kMaxChildren = 10'000'000;
constexpr std::int64_t kMaxPlaces = 10'000'000;
constexpr std::string_view kWhyMaxPlaces =
    "ten million places is three times as many as the Netherlands has children";
constexpr std::string_view kWhyMaxYears =
    "a policy question looks years to decades ahead, and the population trend compounds";

// The run's calendar, which the values of care are checked against.
struct Frame {
  int start_year;  // first reported
  int first_year;  // first simulated
  int end_year;    // after the last
  double days;     // simulated
};

// Every key a youth-care file may have at the top level (docs/scenarios.md).
std::vector<std::string> top_level_keys() {
  return {"kind",  "name",   "start_year",     "years",          "warmup_years", "replications",
          "seed",  "policy", "municipalities", "care_questions", "gp",           "triage",
          "tiers", "costs",  "changes",        "observed",       "uncertain"};
}

template <std::size_t N>
std::vector<std::string> names(const std::array<std::string_view, N>& ids) {
  return {ids.begin(), ids.end()};
}

double probability(const ValueReader& v) {
  const double p = v.as_number();
  if (p < 0.0 || p > 1.0)
    v.fail(fmt::format("'{}' must be a probability from 0 to 1, not {}", v.path(), p));
  return p;
}

// A map with exactly the keys `ids`, each a number read by `read`.
template <std::size_t N, class Read>
std::array<double, N> read_table(const ValueReader& v, const std::array<std::string_view, N>& ids,
                                 Read read) {
  const MapReader m = v.as_map(names(ids));
  std::array<double, N> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = read(m.required(std::string(ids[i])));
  return out;
}

// Shares of a whole: probabilities that sum to 1.
template <std::size_t N>
std::array<double, N> read_shares(const ValueReader& v,
                                  const std::array<std::string_view, N>& ids) {
  const auto shares = read_table(v, ids, probability);
  double total = 0.0;
  for (double s : shares) total += s;
  if (std::abs(total - 1.0) > kShareTolerance) {
    v.fail(fmt::format("the shares of '{}' sum to {:.10g}; they must sum to 1", v.path(), total));
  }
  return shares;
}

// `gp.specialist_referral`: one probability for every severity, or one each for `mild`,
// `moderate` and `severe` (a crisis goes to residential care before the GP chooses).
std::array<double, kSeverityCount> read_gp_referral(const ValueReader& v) {
  std::array<double, kSeverityCount> out{};
  if (v.is_scalar()) {
    out.fill(probability(v));
    return out;
  }
  constexpr std::array<std::string_view, 3> kChosen = {kSeverityIds[0], kSeverityIds[1],
                                                       kSeverityIds[2]};
  const auto chosen = read_table(v, kChosen, probability);
  std::copy(chosen.begin(), chosen.end(), out.begin());
  out[index(Severity::kCrisis)] = chosen.back();  // unused: never asked for a crisis
  return out;
}

std::optional<std::uint32_t> read_capacity(const ValueReader& v) {
  if (v.is_scalar() && v.node().Scalar() == "unlimited") return std::nullopt;
  if (v.is_scalar() && v.node().Scalar().find_first_not_of("+0123456789") != std::string::npos) {
    v.fail("'" + v.path() + "' must be a whole number of places (0 or more) or 'unlimited', not '" +
           v.node().Scalar() + "'");
  }
  return static_cast<std::uint32_t>(v.as_integer(0, kMaxPlaces, kWhyMaxPlaces));
}

// `responsive: {wait_norm_days, lag_days, step_pct}` of a tier with a finite capacity.
ResponsiveCapacity read_responsive(const ValueReader& v, bool unlimited) {
  if (unlimited) {
    v.fail("'" + v.path() +
           "' lets a tier's places follow its waiting list, but the tier's capacity is "
           "'unlimited': nobody waits there; give the tier a number of places or remove "
           "'responsive'");
  }
  const MapReader m = v.as_map({"wait_norm_days", "lag_days", "step_pct"});
  ResponsiveCapacity r;
  if (auto n = m.optional("wait_norm_days")) r.wait_norm_days = n->as_positive_number();
  r.lag_days = m.required("lag_days").as_non_negative_number();
  const ValueReader step = m.required("step_pct");
  r.step_pct = step.as_positive_number();
  if (r.step_pct > 100.0) {
    step.fail(
        fmt::format("'{}' is the most places added in a month, as a % of the places; "
                    "at most 100, not {}",
                    step.path(), r.step_pct));
  }
  return r;
}

void read_costs(const MapReader& tier, TierParameters& t, bool poh) {
  const auto cost = tier.optional("cost");
  if (!cost) return;
  const MapReader c = poh ? cost->as_map({"per_day", "per_trajectory", "per_fte_year"})
                          : cost->as_map({"per_day", "per_trajectory", "fixed_per_year"});
  if (auto v = c.optional("per_day")) t.cost_per_day = v->as_non_negative_number();
  if (auto v = c.optional("per_trajectory")) t.cost_per_trajectory = v->as_non_negative_number();
  if (auto v = c.optional("fixed_per_year")) t.cost_fixed_per_year = v->as_non_negative_number();
}

TierParameters read_tier(const ValueReader& v, Tier tier, PohParameters& poh, const Frame& frame) {
  // The per-municipality tier takes its places from FTE (tiers.hpp); the lightest cannot step down.
  const bool is_poh = info(tier).per_municipality;
  const bool lightest = tier == kTiers.front().tier;
  std::vector<std::string> keys = {"duration", "success", "cost"};
  if (is_poh) {
    keys.insert(keys.end(), {"fte", "caseload_per_fte", "triage_accuracy"});
  } else {
    keys.insert(keys.end(), {"capacity", "responsive"});
  }
  if (!lightest) keys.push_back("step_down");
  const MapReader m = v.as_map(keys);
  TierParameters t;
  if (is_poh) {
    poh.fte = m.required("fte").as_non_negative_number();
    poh.caseload_per_fte = m.required("caseload_per_fte").as_non_negative_number();
    poh.triage_accuracy = probability(m.required("triage_accuracy"));
    if (const auto cost = m.optional("cost")) {
      if (const auto per_fte = cost->as_map({"per_day", "per_trajectory", "per_fte_year"})
                                   .optional("per_fte_year")) {
        poh.cost_per_fte_year = per_fte->as_non_negative_number();
      }
    }
  } else {
    t.capacity = read_capacity(m.required("capacity"));
    if (auto r = m.optional("responsive")) t.responsive = read_responsive(*r, !t.capacity);
  }
  const ValueReader duration = m.required("duration");
  t.duration = io::read_distribution(duration);
  // A trajectory that is not resolved may continue in place: its time repeats.
  io::check_repeated_time(duration, t.duration, frame.days);
  t.success = read_table(m.required("success"), kSeverityIds, probability);
  if (auto s = m.optional("step_down")) t.step_down = probability(*s);
  read_costs(m, t, is_poh);
  return t;
}

// A municipality's children in every simulated year, with its trend, within kMaxChildren.
void check_population(const MapReader& m, const Municipality& muni, const Frame& frame) {
  constexpr std::string_view kWhy =
      "at most 10,000,000 children per municipality are simulated (the Netherlands has about "
      "3.4 million aged 0-17)";
  if (muni.children > kMaxChildren) {
    const ValueReader children = m.required("children");
    children.fail(fmt::format("'{}' is {:.4g}; {}", children.path(), muni.children, kWhy));
  }
  for (int year = frame.first_year; year < frame.end_year; ++year) {
    const double children = population(muni, year, frame.start_year);
    if (children <= kMaxChildren) continue;
    const ValueReader growth = m.required("growth_pct_per_year");
    growth.fail(
        fmt::format("with {}% a year from {:.6g} children in {}, '{}' would have {:.4g} "
                    "children in {}; {}",
                    muni.growth_pct_per_year, muni.children, frame.start_year, m.self().path(),
                    children, year, kWhy));
  }
}

// POH places are fte x caseload_per_fte per municipality; a tier's places at most kMaxPlaces.
// Reported at the fte that applies: the municipality's own, else the tier's.
void check_poh_places(const MapReader& top, const Parameters& p) {
  const auto municipalities = top.required("municipalities").as_list();
  for (std::size_t i = 0; i < p.municipalities.size(); ++i) {
    const Municipality& muni = p.municipalities[i];
    const double places = p.poh_fte(muni) * p.poh.caseload_per_fte;
    if (places <= static_cast<double>(kMaxPlaces)) continue;
    const ValueReader at =
        muni.poh_fte
            ? *municipalities[i].child_before_checking("poh_fte")
            : *top.required("tiers").child_before_checking("poh")->child_before_checking("fte");
    at.fail(
        fmt::format("fte x caseload_per_fte gives {:.4g} POH places in '{}'; at most "
                    "10,000,000, like any tier's capacity: {}",
                    places, muni.id, kWhyMaxPlaces));
  }
}

Parameters read_parameters(const ValueReader& root, const Frame& frame) {
  const MapReader top = root.as_map(top_level_keys());
  Parameters p;
  const std::string policy = top.required("policy").as_choice(names(kPolicyIds));
  p.policy = static_cast<Policy>(std::find(kPolicyIds.begin(), kPolicyIds.end(), policy) -
                                 kPolicyIds.begin());
  std::set<std::string> ids;
  for (const auto& node : top.required("municipalities").as_list()) {
    const MapReader m =
        node.as_map({"id", "children", "growth_pct_per_year", "demand_index", "poh_fte"});
    Municipality muni;
    const ValueReader id = m.required("id");
    muni.id = id.as_string();
    if (!ids.insert(muni.id).second) id.fail("duplicate municipality id '" + muni.id + "'");
    muni.children = m.required("children").as_positive_number();
    if (auto g = m.optional("growth_pct_per_year")) {
      muni.growth_pct_per_year = g->as_number();
      if (muni.growth_pct_per_year <= -100.0 || muni.growth_pct_per_year > 100.0) {
        g->fail("'" + g->path() + "' must be between -100 and 100 (% per year)");
      }
    }
    check_population(m, muni, frame);
    if (auto d = m.optional("demand_index")) muni.demand_index = d->as_non_negative_number();
    if (auto f = m.optional("poh_fte")) muni.poh_fte = f->as_non_negative_number();
    p.municipalities.push_back(muni);
  }

  const MapReader q = top.required("care_questions")
                          .as_map({"rate_per_child_per_year", "severity", "routes",
                                   "worsening_per_year", "resolving_per_year", "relapse"});
  p.question_rate = read_table(q.required("rate_per_child_per_year"), kAgeBandIds,
                               [](const ValueReader& v) { return v.as_non_negative_number(); });
  p.severity_mix = read_shares(q.required("severity"), kSeverityIds);
  p.route_mix = read_shares(q.required("routes"), kRouteIds);
  p.worsening_per_year = q.required("worsening_per_year").as_non_negative_number();
  p.resolving_per_year = q.required("resolving_per_year").as_non_negative_number();
  const MapReader relapse = q.required("relapse").as_map({"probability", "delay"});
  p.relapse_probability = probability(relapse.required("probability"));
  p.relapse_delay = io::read_distribution(relapse.required("delay"));

  const MapReader gp = top.required("gp").as_map({"specialist_referral"});
  p.gp_specialist_referral = read_gp_referral(gp.required("specialist_referral"));
  const MapReader triage = top.required("triage").as_map({"accuracy"});
  p.triage_accuracy = probability(triage.required("accuracy"));

  const MapReader tiers = top.required("tiers").as_map(names(kTierIds));
  for (std::size_t i = 0; i < kTierCount; ++i) {
    p.tiers[i] =
        read_tier(tiers.required(std::string(kTierIds[i])), static_cast<Tier>(i), p.poh, frame);
  }
  check_poh_places(top, p);
  if (auto costs = top.optional("costs")) {
    if (auto o = costs->as_map({"admin_overhead_pct"}).optional("admin_overhead_pct")) {
      p.admin_overhead_pct = o->as_non_negative_number();
    }
  }
  return p;
}

// What `changes:` may set: the parameters of care, not the run's frame or its population (the
// denominator of every rate).
bool may_change(const std::string& path) {
  for (const char* prefix : {"policy", "tiers.", "care_questions.", "gp.", "triage.", "costs."}) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return path.rfind("municipalities.", 0) == 0 && path.size() > 8 &&
         path.substr(path.size() - 8) == ".poh_fte";
}

std::string default_name(const std::string& source) {
  return std::filesystem::path(source).stem().string();
}

}  // namespace

namespace {

// What `uncertain:` may draw: the parameters of care, and the size and demand of a
// municipality's population, but not the run's frame (years, seed, ...), which fixes the
// metrics every replication reports.
bool may_be_uncertain(const std::string& path) {
  if (may_change(path)) return true;
  if (path.rfind("municipalities.", 0) != 0) return false;
  for (const char* key : {".children", ".growth_pct_per_year", ".demand_index"}) {
    const std::string_view k(key);
    if (path.size() > k.size() && path.compare(path.size() - k.size(), k.size(), k) == 0)
      return true;
  }
  return false;
}

bool is_drawn(const std::vector<UncertainInput>& drawn, const std::string& path) {
  return std::any_of(drawn.begin(), drawn.end(),
                     [&path](const UncertainInput& u) { return u.path == path; });
}

// The scenario as the document says it, with the `drawn` inputs at whatever values the document
// holds at their paths (their means or one replication's draws, put there as overrides).
YouthCareScenario load_frame(const io::Document& document, std::vector<std::string>& warnings,
                             const std::vector<UncertainInput>& drawn) {
  const ValueReader root = ValueReader::root(document);
  YouthCareScenario s;
  const MapReader top = root.as_map(top_level_keys());  // every top-level key checked first
  s.start_year = static_cast<int>(top.required("start_year").as_integer(1900, 2200));
  s.years = static_cast<int>(top.required("years").as_integer(1, 100, kWhyMaxYears));
  if (auto w = top.optional("warmup_years")) {
    s.warmup_years = static_cast<int>(w->as_integer(0, 100, kWhyMaxYears));
  }
  const Frame frame{s.start_year, s.first_simulated_year(), s.end_year(),
                    day_of_year_start(s.end_year(), s.first_simulated_year())};
  Parameters base = read_parameters(root, frame);
  s.name =
      top.has("name") ? top.required("name").as_string() : default_name(document.source_name());
  s.replications =
      top.has("replications") ? io::read_replications(top.required("replications")) : 100;
  s.seed = top.has("seed") ? static_cast<std::uint64_t>(top.required("seed").as_integer(
                                 0, std::numeric_limits<std::int64_t>::max()))
                           : 1;
  if (const auto observed = top.optional("observed")) {
    s.observed = read_observed(*observed, s.start_year, s.end_year() - 1, warnings);
  }
  s.epochs.push_back(
      Epoch{0.0, fmt::format("{}-01-01", s.first_simulated_year()), std::move(base)});

  // changes: each entry is an epoch; the document is re-read with the changes so far applied.
  if (const auto changes = top.optional("changes")) {
    io::Document changed = document.copy();
    double previous = 0.0;
    for (const auto& change : changes->as_list()) {
      const MapReader c = change.as_map({"from", "set"});
      const ValueReader from = c.required("from");
      const std::string date = from.as_string();
      const auto day = day_of_date(date, s.first_simulated_year());
      if (!day)
        from.fail("'" + from.path() + "' must be a date written YYYY-MM-DD, not '" + date + "'");
      if (*day <= previous) {
        from.fail(
            fmt::format("changes must be in date order and after the first simulated day "
                        "({}-01-01); '{}' is not",
                        s.first_simulated_year(), date));
      }
      previous = *day;
      // A change after the run is checked like any other but has no epoch: it never applies.
      const bool after_run = *day >= day_of_year_start(s.end_year(), s.first_simulated_year());
      if (after_run) {
        warnings.push_back(from.location() +
                           fmt::format(": warning: this change from {} comes after "
                                       "the last simulated year ({}) and has no effect",
                                       date, s.end_year() - 1));
      }
      for (const auto& [key, value] : c.required("set").as_entries()) {
        const std::string path = key.node().Scalar();
        if (!may_change(path)) {
          key.fail("'" + path +
                   "' describes the run itself or its population and cannot change "
                   "during it; changes may set policy, values inside tiers, care_questions, gp, "
                   "triage and costs (e.g. tiers.poh.fte), and municipalities.<id>.poh_fte");
        }
        if (is_drawn(drawn, path)) {
          key.fail("'" + path +
                   "' is an uncertain input (drawn once per replication, see "
                   "'uncertain'); a change cannot also set it");
        }
        // A value fixed on the command line holds for the whole run: "the same file with
        // --set tiers.poh.fte=0" means no POH at all, not "none until the change".
        if (const auto fixed = document.overridden(path)) {
          warnings.push_back(key.location() + ": warning: this change of '" + path +
                             "' is not applied: " + *fixed + " fixes it for the whole run");
          continue;
        }
        changed.assign(path, value.node(), key.location());
      }
      Parameters p = read_parameters(ValueReader::root(changed), frame);
      if (p.municipalities.size() != s.epochs[0].parameters.municipalities.size()) {
        change.fail("a change cannot add or remove municipalities");
      }
      if (!after_run) s.epochs.push_back(Epoch{*day, date, std::move(p)});
    }
  }

  check_pathways(s, top, warnings);
  return s;
}

// A stream purpose of its own (simulate.cpp uses 1 and 2), never renumbered.
constexpr std::uint64_t kUncertainInputs = 3;

// The smallest and largest value a bounded distribution can draw; none for an unbounded one.
std::vector<double> bounds(const engine::Distribution& d) {
  return std::visit(
      [](const auto& f) -> std::vector<double> {
        using F = std::decay_t<decltype(f)>;
        if constexpr (std::is_same_v<F, engine::Fixed>) {
          return {f.value};
        } else if constexpr (std::is_same_v<F, engine::Uniform>) {
          return {f.min, f.max};
        } else if constexpr (std::is_same_v<F, engine::Empirical>) {
          const auto [lo, hi] = std::minmax_element(f.values.begin(), f.values.end());
          return {*lo, *hi};
        } else {
          return {};
        }
      },
      d.family());
}

// The document with `values` at the uncertain inputs' paths. They go in as overrides, shown as
// the uncertain entries: overrides survive the copies that `changes:` makes, and an error in a
// value points at the entry that produced it.
io::Document with_values(const io::Document& document, const std::vector<UncertainInput>& inputs,
                         const std::vector<double>& values) {
  io::Document out = document.copy();
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    out.apply_override(fmt::format("{}={:.17g}", inputs[i].path, values[i]), inputs[i].location);
  }
  return out;
}

}  // namespace

YouthCareScenario load_scenario(const io::Document& document, std::vector<std::string>& warnings) {
  const MapReader top = ValueReader::root(document).as_map(top_level_keys());
  std::vector<UncertainInput> inputs;
  if (const auto u = top.optional("uncertain")) {
    for (const auto& [key, value] : u->as_entries()) {
      const std::string path = key.node().Scalar();
      if (const auto fixed = document.overridden(path)) {
        warnings.push_back(key.location() + ": warning: '" + path + "' is not drawn: " + *fixed +
                           " fixes it for the whole run");
        continue;
      }
      if (!may_be_uncertain(path)) {
        key.fail("'" + path +
                 "' cannot be uncertain: only what may change during a run (see "
                 "'changes') and a municipality's children, growth_pct_per_year and "
                 "demand_index can be drawn per replication");
      }
      inputs.push_back(UncertainInput{path, io::read_distribution(value), key.location()});
    }
  }
  if (inputs.empty()) return load_frame(document, warnings, inputs);

  // The scenario itself holds the means: what validate, cohort and the pathway check see.
  std::vector<double> means;
  for (const auto& input : inputs) means.push_back(input.distribution.mean());
  YouthCareScenario s = load_frame(with_values(document, inputs, means), warnings, inputs);

  // Where a distribution is bounded, its extremes must be valid too, so that `validate` accepts
  // only what `run` can finish (unbounded families are the user's responsibility; see
  // docs/scenarios.md).
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    for (const double extreme : bounds(inputs[i].distribution)) {
      std::vector<double> values = means;
      values[i] = extreme;
      std::vector<std::string> ignored;
      try {
        (void)load_frame(with_values(document, inputs, values), ignored, inputs);
      } catch (const io::InputError& e) {
        throw io::InputError(e.location(),
                             fmt::format("the distribution can draw {:.6g} for '{}': {}", extreme,
                                         inputs[i].path, e.message()));
      }
    }
  }
  s.uncertain = std::move(inputs);
  return s;
}

std::vector<double> draw_uncertain(const YouthCareScenario& scenario, std::uint64_t replication) {
  std::vector<double> values;
  for (const auto& input : scenario.uncertain) {
    engine::RandomStream rng(engine::StreamKey{scenario.seed, replication, kUncertainInputs,
                                               engine::fnv1a64(input.path)});
    values.push_back(input.distribution.sample(rng));
  }
  return values;
}

YouthCareScenario scenario_at(const io::Document& document, const YouthCareScenario& scenario,
                              const std::vector<double>& values) {
  std::vector<std::string> ignored;  // the same warnings were given for the means
  YouthCareScenario s =
      load_frame(with_values(document, scenario.uncertain, values), ignored, scenario.uncertain);
  s.uncertain = scenario.uncertain;
  return s;
}

DrawnScenario drawn_scenario(const io::Document& document, const YouthCareScenario& scenario,
                             std::uint64_t replication) {
  std::vector<double> values = draw_uncertain(scenario, replication);
  try {
    YouthCareScenario s = scenario_at(document, scenario, values);
    return DrawnScenario{std::move(s), std::move(values)};
  } catch (const io::InputError& e) {
    // The error is located at the uncertain entry whose draw it is (the draws go in as
    // overrides shown as their entries); say what was drawn.
    std::string drawn;
    for (std::size_t i = 0; i < values.size(); ++i) {
      drawn +=
          fmt::format("{}{} = {:.6g}", i == 0 ? "" : ", ", scenario.uncertain[i].path, values[i]);
    }
    throw io::InputError(
        e.location(), fmt::format("replication {} drew {}: {}", replication, drawn, e.message()));
  }
}

}  // namespace jeugdsim::models::youth_care
