#include "jeugdsim/models/youth_care/cohort.hpp"

#include <cmath>
#include <map>

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>  // MatrixBase::exp

#include "jeugdsim/models/youth_care/decisions.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"

namespace jeugdsim::models::youth_care {
namespace {

constexpr Eigen::Index kCareStates = static_cast<Eigen::Index>(kTierCount * kSeverityCount);
constexpr Eigen::Index kRelapse = kCareStates;  // awaiting a relapse
constexpr Eigen::Index kStates = kCareStates + 1;

constexpr Eigen::Index state(Tier t, Severity s) {
  return static_cast<Eigen::Index>(index(t) * kSeverityCount + index(s));
}
constexpr Eigen::Index kSeverities = static_cast<Eigen::Index>(kSeverityCount);
constexpr Tier tier_of(Eigen::Index i) { return static_cast<Tier>(i / kSeverities); }

// The rates of one epoch for one kind of municipality (with or without a POH).
struct Rates {
  Eigen::MatrixXd a;                // dx/dt = a x + lambda * entry
  Eigen::VectorXd entry;            // where one new care question goes
  Eigen::MatrixXd into_tier;        // (tier x state): entries into a tier per unit of occupancy
  Eigen::VectorXd entry_into_tier;  // ... per new care question
  Eigen::MatrixXd trajectories;     // (tier x state): trajectory starts
  Eigen::RowVectorXd relapse_questions;  // new episodes per unit of occupancy
  // Entries that make a child count as "in care" (not network) coming from network or outside.
  Eigen::RowVectorXd into_care_from_outside;
};

Eigen::VectorXd entry_vector(const Parameters& p, bool poh) {
  Eigen::VectorXd e = Eigen::VectorXd::Zero(kStates);
  for (std::size_t s = 0; s < kSeverityCount; ++s) {
    for (std::size_t r = 0; r < kRouteCount; ++r) {
      const auto d = first_tier(p, static_cast<Severity>(s), static_cast<Route>(r), poh);
      for (std::size_t t = 0; t < kTierCount; ++t) {
        e(state(static_cast<Tier>(t), static_cast<Severity>(s))) +=
            p.severity_mix[s] * p.route_mix[r] * d[t];
      }
    }
  }
  return e;
}

Rates make_rates(const Parameters& p, bool poh) {
  Rates r;
  r.entry = entry_vector(p, poh);
  // flow(j, i): rate from state i to state j per child in i.
  Eigen::MatrixXd flow = Eigen::MatrixXd::Zero(kStates, kStates);
  Eigen::MatrixXd restarts = Eigen::MatrixXd::Zero(kTierCount, kStates);
  for (Eigen::Index i = 0; i < kCareStates; ++i) {
    const Tier t = tier_of(i);
    const auto s = static_cast<Severity>(i % kSeverities);
    const TierParameters& tp = p.tier(t);
    const double mu = 1.0 / tp.duration.mean();
    const double success = tp.success[index(s)];
    const double down = t == Tier::kNetwork ? 0.0 : tp.step_down;
    const auto milder = static_cast<Severity>(std::max<int>(0, static_cast<int>(s) - 1));
    flow(state(lighter(t), milder), i) += mu * success * down;
    flow(kRelapse, i) += mu * success * (1.0 - down) * p.relapse_probability;
    // (the rest of the resolved leave care for good)
    // Not resolved: on to another tier, or a new trajectory in place (no change of state).
    const auto next = after_failure(p, t, s);
    const double stay = (1.0 - success) * next[index(t)];
    restarts(static_cast<Eigen::Index>(index(t)), i) += mu * stay;
    for (std::size_t k = 0; k < kTierCount; ++k) {
      if (k != index(t)) flow(state(static_cast<Tier>(k), s), i) += mu * (1.0 - success) * next[k];
    }
    flow(i, i) -= mu * (1.0 - stay);  // every outcome but the restart leaves the state
    // Too light help: the problem grows (simulate.cpp, schedule_care_worsening); a crisis goes
    // to kCrisisTier at once.
    if (too_light(t, s)) {
      const double w = p.worsening_per_year / kDaysPerYear;
      const auto worse = static_cast<Severity>(index(s) + 1);
      const Eigen::Index to =
          worse == Severity::kCrisis ? state(kCrisisTier, worse) : state(t, worse);
      flow(to, i) += w;
      flow(i, i) -= w;
    }
  }
  const double relapse_rate = 1.0 / p.relapse_delay.mean();
  for (Eigen::Index j = 0; j < kStates; ++j) flow(j, kRelapse) += relapse_rate * r.entry(j);
  flow(kRelapse, kRelapse) -= relapse_rate;
  r.a = flow;

  r.into_tier = Eigen::MatrixXd::Zero(kTierCount, kStates);
  r.entry_into_tier = Eigen::VectorXd::Zero(kTierCount);
  r.into_care_from_outside = Eigen::RowVectorXd::Zero(kStates);
  for (Eigen::Index j = 0; j < kCareStates; ++j) {
    const auto tj = static_cast<Eigen::Index>(index(tier_of(j)));
    r.entry_into_tier(tj) += r.entry(j);
    for (Eigen::Index i = 0; i < kStates; ++i) {
      if (i == j || flow(j, i) <= 0.0) continue;
      const bool from_other_tier = i == kRelapse || tier_of(i) != tier_of(j);
      if (from_other_tier) r.into_tier(tj, i) += flow(j, i);
      const bool from_outside_care = i == kRelapse || !info(tier_of(i)).in_care;
      if (info(tier_of(j)).in_care && from_outside_care) r.into_care_from_outside(i) += flow(j, i);
    }
  }
  r.trajectories = r.into_tier + restarts;
  r.relapse_questions = Eigen::RowVectorXd::Zero(kStates);
  r.relapse_questions(kRelapse) = relapse_rate;
  return r;
}

// One step of length dt with a constant inflow lambda * e, from the exponentials of two
// augmented matrices (Van Loan): exp([[A, I], [0, 0]] dt) holds phi = e^{A dt} and
// psi1 = int_0^dt e^{As} ds; exp([[A, e, 0], [0, 0, 1], [0, 0, 0]] dt) holds psi1 e and
// psi2 e = int_0^dt (dt - s) e^{As} e ds. Then x1 = phi x0 + lambda psi1 e and the integral of
// x over the step is psi1 x0 + lambda psi2 e. Two exponentials of sizes 2n and n + 2 cost about
// a third of one of size 3n with identity blocks for a general inflow, and the inflow's
// direction e is fixed per rate set.
struct Step {
  Eigen::MatrixXd phi, psi1;
  Eigen::VectorXd psi1_entry, psi2_entry;
};

Step make_step(const Eigen::MatrixXd& a, const Eigen::VectorXd& entry, double dt) {
  const Eigen::Index n = a.rows();
  Eigen::MatrixXd m1 = Eigen::MatrixXd::Zero(2 * n, 2 * n);
  m1.block(0, 0, n, n) = a * dt;
  m1.block(0, n, n, n) = Eigen::MatrixXd::Identity(n, n) * dt;
  const Eigen::MatrixXd e1 = m1.exp();
  Eigen::MatrixXd m2 = Eigen::MatrixXd::Zero(n + 2, n + 2);
  m2.block(0, 0, n, n) = a * dt;
  m2.block(0, n, n, 1) = entry * dt;
  m2(n, n + 1) = dt;
  const Eigen::MatrixXd e2 = m2.exp();
  // The blocks integrate over [0, dt] with dt folded in.
  return Step{e1.block(0, 0, n, n), e1.block(0, n, n, n), e2.block(0, n, n, 1),
              e2.block(0, n + 1, n, 1)};
}

double days_in(int year, int first_year) {
  return day_of_year_start(year + 1, first_year) - day_of_year_start(year, first_year);
}

struct YearTotals {
  std::array<double, kTierCount> child_days{}, referrals{}, cost{};
  // Place-days of each tier with a capacity (a tier that is unlimited at any time that year is
  // marked unlimited).
  std::array<double, kTierCount> place_days{};
  std::array<bool, kTierCount> unlimited{};
  // A tier whose places follow its list at some time in the year (ResponsiveCapacity): its
  // places are not fixed, so demand above them is no overload.
  std::array<bool, kTierCount> responsive{};
  double new_cases = 0.0;
  double in_care_jan1 = 0.0, ooh_jan1 = 0.0, care_entries = 0.0, ooh_entries = 0.0;
};

// The cohort over every simulated year, warm-up included: years[y - first_simulated_year()].
std::vector<YearTotals> cohort_years(const YouthCareScenario& s) {
  const int first_year = s.first_simulated_year();
  const std::size_t n_muni = s.epochs.front().parameters.municipalities.size();

  // Breakpoints: every month start and every change date; rates are constant in between.
  std::vector<double> breaks;
  for (int y = first_year; y < s.end_year(); ++y) {
    for (unsigned m = 1; m <= 12; ++m) breaks.push_back(day_of_month_start(y, m, first_year));
  }
  const double end = day_of_year_start(s.end_year(), first_year);
  breaks.push_back(end);
  for (const auto& e : s.epochs) {
    if (e.from_day < end) breaks.push_back(e.from_day);  // the loader keeps none after the run
  }
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());

  std::map<std::pair<std::size_t, bool>, Rates> rates_cache;
  std::map<std::tuple<std::size_t, bool, double>, Step> step_cache;
  std::vector<Eigen::VectorXd> x(n_muni, Eigen::VectorXd::Zero(kStates));
  std::vector<YearTotals> years(static_cast<std::size_t>(s.end_year() - first_year));

  std::size_t epoch = 0;
  int year = first_year;
  for (std::size_t k = 0; k + 1 < breaks.size(); ++k) {
    const double t0 = breaks[k], dt = breaks[k + 1] - breaks[k];
    while (epoch + 1 < s.epochs.size() && s.epochs[epoch + 1].from_day <= t0) ++epoch;
    while (day_of_year_start(year + 1, first_year) <= t0) ++year;
    const Parameters& p = s.epochs[epoch].parameters;
    YearTotals& totals = years[static_cast<std::size_t>(year - first_year)];
    const double year_days = days_in(year, first_year);
    const bool new_year = t0 == day_of_year_start(year, first_year);

    for (std::size_t m = 0; m < n_muni; ++m) {
      const Municipality& muni = p.municipalities[m];
      const bool poh = p.poh_places(muni) > 0;
      const Rates& r = rates_cache.try_emplace({epoch, poh}, make_rates(p, poh)).first->second;
      auto step_it = step_cache.find({epoch, poh, dt});
      if (step_it == step_cache.end())
        step_it = step_cache.emplace(std::tuple{epoch, poh, dt}, make_step(r.a, r.entry, dt)).first;
      const Step& step = step_it->second;

      if (new_year) {
        for (Eigen::Index i = 0; i < kCareStates; ++i) {
          if (info(tier_of(i)).in_care) totals.in_care_jan1 += x[m](i);
          if (info(tier_of(i)).out_of_home) totals.ooh_jan1 += x[m](i);
        }
      }
      const double lambda = questions_per_day(p, muni, year, s.start_year);
      const Eigen::VectorXd integral = step.psi1 * x[m] + lambda * step.psi2_entry;
      x[m] = step.phi * x[m] + lambda * step.psi1_entry;

      const Eigen::VectorXd referrals = r.into_tier * integral + r.entry_into_tier * lambda * dt;
      const Eigen::VectorXd trajectories =
          r.trajectories * integral + r.entry_into_tier * lambda * dt;
      for (std::size_t t = 0; t < kTierCount; ++t) {
        double days = 0.0;
        for (std::size_t sv = 0; sv < kSeverityCount; ++sv) {
          days += integral(state(static_cast<Tier>(t), static_cast<Severity>(sv)));
        }
        const auto ti = static_cast<Eigen::Index>(t);
        totals.child_days[t] += days;
        totals.referrals[t] += referrals(ti);
        const TierParameters& tp = p.tiers[t];
        totals.cost[t] += (days * tp.cost_per_day + trajectories(ti) * tp.cost_per_trajectory) *
                          p.overhead_factor();
      }
      double entry_into_care = 0.0;
      for (Eigen::Index j = 0; j < kCareStates; ++j) {
        if (info(tier_of(j)).in_care) entry_into_care += r.entry(j);
      }
      totals.new_cases += lambda * dt + r.relapse_questions.dot(integral);
      totals.care_entries += r.into_care_from_outside.dot(integral) + lambda * dt * entry_into_care;
      for (const auto& tier : kTiers) {
        if (tier.out_of_home)
          totals.ooh_entries += referrals(static_cast<Eigen::Index>(index(tier.tier)));
      }
      totals.cost[index(Tier::kPoh)] +=
          p.poh_fte(muni) * p.poh.cost_per_fte_year * dt / year_days * p.overhead_factor();
    }
    for (std::size_t t = 0; t < kTierCount; ++t) {
      totals.cost[t] += p.tiers[t].cost_fixed_per_year * dt / year_days * p.overhead_factor();
      if (p.tiers[t].responsive) totals.responsive[t] = true;
      if (p.tiers[t].capacity) {
        totals.place_days[t] += *p.tiers[t].capacity * dt;
      } else {
        totals.unlimited[t] = true;
      }
    }
  }
  return years;
}

}  // namespace

std::vector<CohortValue> cohort(const YouthCareScenario& s) {
  const int first_year = s.first_simulated_year();
  const std::vector<YearTotals> years = cohort_years(s);
  std::vector<CohortValue> out;
  for (int y = s.start_year; y < s.end_year(); ++y) {
    const YearTotals& t = years[static_cast<std::size_t>(y - first_year)];
    double people = 0.0;
    for (const auto& m : s.epochs.front().parameters.municipalities)
      people += population(m, y, s.start_year);
    double cost = 0.0;
    for (double c : t.cost) cost += c;
    const double in_care = t.in_care_jan1 + t.care_entries;
    const std::string ys = std::to_string(y);
    const double days = days_in(y, first_year);
    YearResult r;
    r[SystemMetric::kOutOfHomeRatePct] = 100.0 * (t.ooh_jan1 + t.ooh_entries) / people;
    r[SystemMetric::kChildrenInCare] = in_care;
    r[SystemMetric::kNewCases] = t.new_cases;
    r[SystemMetric::kCostEur] = cost;
    r[SystemMetric::kCostPerChildInCareEur] = cost / in_care;
    r[SystemMetric::kWithStayPct] = 100.0 * (t.ooh_jan1 + t.ooh_entries) / in_care;
    for (const auto& tier : kTiers) {
      const std::size_t k = index(tier.tier);
      r.at(tier.tier, TierMetric::kCostEur) = t.cost[k];
      r.at(tier.tier, TierMetric::kReferrals) = t.referrals[k];
      r.at(tier.tier, TierMetric::kOccupancyMean) = t.child_days[k] / days;
    }
    // What the table says the cohort gives, in the order of the outputs (metrics.hpp).
    visit_values(r, [&](const MetricInfo& metric, std::string_view tier, double value) {
      if (metric.cohort == FromCohort::kNone) return;
      out.push_back({{std::string(metric.id), std::string(tier), ys},
                     value,
                     metric.cohort == FromCohort::kApproximate});
    });
  }
  return out;
}

std::vector<Overload> overloads(const YouthCareScenario& s) {
  const int first_year = s.first_simulated_year();
  const std::vector<YearTotals> years = cohort_years(s);
  std::vector<Overload> out;
  for (const auto& tier : kTiers) {
    const std::size_t t = index(tier.tier);
    // The POH's places are per municipality and a full POH queues nobody (the GP refers as
    // without one), so there is nothing to overload.
    if (tier.tier == Tier::kPoh) continue;
    for (int y = first_year; y < s.end_year(); ++y) {
      const YearTotals& totals = years[static_cast<std::size_t>(y - first_year)];
      if (totals.unlimited[t] || totals.responsive[t]) continue;
      const double days = days_in(y, first_year);
      const double demand = totals.child_days[t] / days;
      const double places = totals.place_days[t] / days;
      if (demand > places) out.push_back(Overload{tier.tier, y, demand, places});
    }
  }
  return out;
}

}  // namespace jeugdsim::models::youth_care
