// One replication, told as the story of a child: a care question arrives (arrivals), the child
// is placed in a tier or waits for it (placement), care starts, may be too light, ends resolved
// or not and the child goes on or leaves (care), and years, changes of policy and month ends
// pass (time). What the story leaves to others: the event encoding and when an event is stale
// (event.hpp), the tiers as stations (tier_stations.hpp), the books of each year and the time
// series (yearly_books.hpp), the checks at each year end (invariants.hpp), and where a child goes
// (decisions.hpp).
//
// Why this file is longer than ~500 lines: the story is one class, Replication, whose handlers
// call each other (an end of care starts the next child's care, which schedules its end, ...)
// on the hot path of every event. Kept in one translation unit the compiler sees and inlines all
// of them; split over files they would be calls across units (BM_DrentheReplication,
// bench/bench_youth_care.cpp, measured the same before and after the split into the headers
// above: 40.3-40.9 ms against 40.4-40.5 ms per replication).

#include "jeugdsim/models/youth_care/simulate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>

#include "child.hpp"
#include "event.hpp"
#include "invariants.hpp"
#include "jeugdsim/engine/calendar_event_queue.hpp"
#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/deferred_events.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/engine/station.hpp"
#include "jeugdsim/engine/statistics.hpp"
#include "jeugdsim/models/youth_care/decisions.hpp"
#include "jeugdsim/models/youth_care/metrics.hpp"
#include "tier_stations.hpp"
#include "yearly_books.hpp"

namespace jeugdsim::models::youth_care {
namespace {

using detail::Child;
using detail::EventStamps;
using detail::Kind;
using detail::Payload;
using detail::WaitingTurn;
using detail::Where;
using engine::EntityId;
using engine::Time;

constexpr double kAdultAgeDays = 18.0 * kDaysPerYear;

// Stream purposes. Part of every stream key: never renumber.
enum Purpose : std::uint64_t { kQuestions = 1, kChild = 2 };

// The width of the buckets in which far-off events wait (see DeferredEvents): a week, so the
// calendar holds only the coming week's events. Measured on Drenthe (bench_youth_care): 1 day
// 59 ms, 3 days 55, 7 days 54, 14 days 61, 30 days 66, 90 days 65 per replication.
constexpr double kDeferredBucketDays = 7.0;

// An index drawn in proportion to `weights` (which need not sum to 1).
template <std::size_t N>
std::size_t draw_index(const std::array<double, N>& weights, engine::RandomStream& rng) {
  double total = 0.0;
  for (double w : weights) total += w;
  return pick(weights, rng.uniform01() * total);
}

// -log(1 - u), not -log1p(-u): u is a multiple of 2^-53 in [0, 1), so 1 - u is exact and the
// two are the same number up to the last bit of the library's rounding; glibc's log takes 7.4
// ns, its log1p 18.3 (bench_draws). The outputs of the scenarios in scenarios/ were the same
// with either, but for the rounding noise (1e-15 of the mean) in the standard deviation of
// a metric that is constant, such as the occupancy of a tier that is always full.
double exponential_draw(double rate_per_day, engine::RandomStream& rng) {
  if (rate_per_day <= 0.0) return std::numeric_limits<double>::infinity();
  return -std::log(1.0 - rng.uniform01()) / rate_per_day;
}

// The containers that grow with the children in care, handed from one replication to the
// next on the same thread: a replication takes them (a move), clears them, which keeps their
// memory, and gives them back when it ends. So these containers allocate only where a
// replication goes beyond the peak of the thread's earlier ones; before, each replication grew
// them from empty, its vectors reallocating and copying as they doubled (docs/performance.md).
// Only the capacity carries over: a replication starts from empty containers, so its results
// cannot depend on the one before. The memory (the thread's peak of child records, pending
// and deferred events) stays until the thread ends, at the end of a run's replications.
struct Storage {
  engine::CalendarEventQueue<Payload> events;
  engine::DeferredEvents<Payload> deferred{kDeferredBucketDays, 0.0};
  std::vector<Child> children;
  EventStamps stamps;
  std::vector<EntityId> free;
};

Storage& thread_storage() {
  thread_local Storage storage;
  return storage;
}

class Replication {
 public:
  Replication(const YouthCareScenario& s, std::uint64_t replication, const Options& options)
      : s_(s),
        replication_(replication),
        options_(options),
        end_(day_of_year_start(s.end_year(), s.first_simulated_year())),
        params_(&s.epochs.front().parameters),
        events_(std::move(thread_storage().events)),
        deferred_(std::move(thread_storage().deferred)),
        children_(std::move(thread_storage().children)),
        stamps_(std::move(thread_storage().stamps)),
        free_(std::move(thread_storage().free)),
        child_streams_(s.seed, replication, kChild),
        stations_(params_->municipalities.size()),
        books_(s) {
    const std::size_t m = params_->municipalities.size();
    events_.clear();
    deferred_.reset(kDeferredBucketDays, end_);
    children_.clear();
    stamps_.reset(m);
    free_.clear();
    for (std::size_t i = 0; i < m; ++i) {
      question_rng_.emplace_back(engine::StreamKey{s.seed, replication, kQuestions, i});
    }
    question_rate_.assign(m, QuestionRate{});
    next_child_number_.assign(m, 0);
    occupancy_.resize(kTierCount);
    places_.resize(kTierCount);
    price_trajectories();
    apply_capacities(0.0);
  }

  Replication(const Replication&) = delete;
  Replication& operator=(const Replication&) = delete;
  ~Replication() {
    Storage& storage = thread_storage();
    storage.events = std::move(events_);
    storage.deferred = std::move(deferred_);
    storage.children = std::move(children_);
    storage.stamps = std::move(stamps_);
    storage.free = std::move(free_);
  }

  ReplicationResult run(Counters& counters) {
    for (std::size_t y = 0; y < books_.simulated_years(); ++y) {
      events_.push(
          day_of_year_start(books_.first_year() + static_cast<int>(y) + 1, books_.first_year()),
          detail::timed(Kind::kYearEnd, static_cast<std::uint32_t>(y)));
    }
    for (std::size_t e = 1; e < s_.epochs.size(); ++e) {
      // An epoch at the very end would book into a year that is not simulated.
      if (s_.epochs[e].from_day >= end_) continue;
      events_.push(s_.epochs[e].from_day,
                   detail::timed(Kind::kEpoch, static_cast<std::uint32_t>(e)));
    }
    schedule_month_ends();
    schedule_reviews();
    schedule_all_questions(0.0);

    open_deferred_bucket();
    while (!events_.empty() && events_.top().time() <= end_) {
      const auto event = events_.pop();
      prefetch_for(events_.upcoming());
      JEUGDSIM_CHECK(event.time() >= now_, "time never goes backwards", event.time(),
                     "the event before was at day " + std::to_string(now_));
      now_ = event.time();
      ++counters.events;
      dispatch(event.payload);
    }
    counters.children_created += created_;
    counters.peak_children = std::max(counters.peak_children, peak_alive_);
    counters.escalations += escalations_;
    return ReplicationResult{books_.results(now_), books_.timeseries_text(replication_)};
  }

 private:
  // --- events ---------------------------------------------------------------------------------

  void dispatch(const Payload& e) {
    if (!stamps_.due(e)) return;
    switch (e.kind) {
      case Kind::kCareQuestion:
        on_new_question(e.index);
        break;
      case Kind::kCareEnd:
        on_care_end(e.index);
        break;
      case Kind::kWaitingTurn:
        on_waiting_turn(e.index);
        break;
      case Kind::kCareWorsens:
        on_care_worsens(e.index);
        break;
      case Kind::kRelapse:
        on_relapse(e.index);
        break;
      case Kind::kAgeOut:
        on_age_out(e.index);
        break;
      case Kind::kYearEnd:
        on_year_end(e.index);
        break;
      case Kind::kEpoch:
        on_epoch(e.index);
        break;
      case Kind::kMonthEnd:
        on_month_end(e.index);
        break;
      case Kind::kReview:
        on_review();
        break;
      case Kind::kPlacesOpen:
        on_places_open(e.index);
        break;
      case Kind::kOpenDeferred:
        open_deferred_bucket();
        break;
    }
  }

  // The next event's child is, more often than not, out of the cache (its last event was
  // weeks ago): its line starts loading while this event is handled. Without a branch on the
  // kind (the kinds come in random order): an event that is not a child's prefetches slot 0.
  void prefetch_for(const engine::Event<Payload>* next) const {
    if (next == nullptr) return;
    // A mask, not ?: (which GCC compiles to a branch).
    const std::uint32_t mask = 0U - std::uint32_t{detail::is_childs(next->payload.kind)};
    const std::uint32_t child = next->payload.index & mask;
    __builtin_prefetch(children_.data() + child);
  }

  // Events that can wait in `deferred_`: those that a child's later change makes stale.
  void schedule_deferrable(Time time, const Payload& e) {
    if (deferred_.defers(time)) {
      deferred_.add(time, e);
    } else {
      events_.push(time, e);
    }
  }

  // A child's own events: an end of care, a turn while waiting, a worsening, a relapse.
  void schedule_for_child(EntityId id, Time time, const Payload& e) {
    if (time > children_[id].born + kAdultAgeDays) schedule_age_out(id);
    schedule_deferrable(time, e);
  }

  // A child still here on its 18th birthday leaves then (on_age_out). Most leave long before,
  // so the event is scheduled only once it can matter: when the child's next event would come
  // after the birthday, or when the child waits for none (schedule_for_child and the places
  // that schedule nothing call this). Until then each of the child's events comes first and
  // schedules the next, so a child here on its birthday always has the event. The children
  // and the times of leaving are those of scheduling it for every child at the start; one
  // event per child fewer is handled (measured: docs/performance.md).
  void schedule_age_out(EntityId id) {
    const Time birthday = children_[id].born + kAdultAgeDays;
    if (birthday > end_ || !stamps_.first_age_out(id)) return;
    schedule_deferrable(birthday, stamps_.life_event(id, Kind::kAgeOut));
  }

  void open_deferred_bucket() {
    deferred_.open_next([this](Time time, const Payload& e) {
      if (stamps_.due(e)) events_.push(time, e);
    });
    if (!deferred_.all_open() && deferred_.next_opening() <= end_) {
      events_.push(deferred_.next_opening(), detail::timed(Kind::kOpenDeferred, 0));
    }
  }

  // --- arrivals ---------------------------------------------------------------------------------

  // Asked at every arrival, but it changes only with the year and the epoch (a pow() each).
  double question_rate(std::size_t m, int year) {
    QuestionRate& cached = question_rate_[m];
    if (cached.year != year || cached.params != params_) {
      cached = {year, params_,
                questions_per_day(*params_, params_->municipalities[m], year, s_.start_year)};
    }
    return cached.per_day;
  }

  // Rates change at year ends and epochs: a new generation of arrival events replaces the old
  // (exponential gaps are memoryless, so redrawing from now is exact).
  void schedule_all_questions(Time now) {
    for (std::size_t m = 0; m < question_rng_.size(); ++m) {
      stamps_.new_generation(m);
      schedule_question(now, m);
    }
  }

  void schedule_question(Time now, std::size_t m) {
    const double gap = exponential_draw(question_rate(m, books_.year_at(now)), question_rng_[m]);
    if (now + gap > end_) return;
    events_.push(now + gap, stamps_.arrival(m));
  }

  void on_new_question(std::size_t m) {
    const EntityId id = admit_child(m);
    Child& c = children_[id];
    // The child's own stream decides who it is: the same child in every scenario (common
    // random numbers).
    const auto band = draw_index(params_->question_rate, c.rng);
    const double age_years = 6.0 * static_cast<double>(band) + 6.0 * c.rng.uniform01();
    c.born = now_ - age_years * kDaysPerYear;
    start_episode(id);
    schedule_question(now_, m);
  }

  void start_episode(EntityId id) {
    Child& c = children_[id];
    c.severity = static_cast<Severity>(draw_index(params_->severity_mix, c.rng));
    const auto route = static_cast<Route>(draw_index(params_->route_mix, c.rng));
    books_.at(now_).new_cases += 1.0;
    place_new_question(id, route);
  }

  EntityId admit_child(std::size_t m) {
    EntityId id;
    if (free_.empty()) {
      id = static_cast<EntityId>(children_.size());
      children_.push_back(Child{engine::RandomStream({}), 0, 0, 0, 0, 0, 0, Severity::kMild,
                                Where::kWaiting, Tier::kNetwork, WaitingTurn::kWorsens});
      stamps_.add_slot();
    } else {
      id = free_.back();
      free_.pop_back();
    }
    Child& c = children_[id];
    const std::uint64_t number = next_child_number_[m]++;
    c.rng = child_streams_.stream((std::uint64_t{m} << 40U) | number);
    c.municipality = static_cast<std::uint32_t>(m);
    stamps_.admit(id);
    c.care_year = c.ooh_year = 0;
    ++created_;
    ++alive_count_;
    peak_alive_ = std::max<std::uint64_t>(peak_alive_, alive_count_);
    return id;
  }

  void release_child(EntityId id) {
    stamps_.release(id);
    --alive_count_;
    free_.push_back(id);
  }

  // --- placement ---------------------------------------------------------------------------------

  engine::Station& station_of(const Child& c) { return stations_.station(c.tier, c.municipality); }
  // Whether a line entry (who, ticket) is still a child waiting there.
  auto still_waiting() const {
    return [this](EntityId who, std::uint32_t ticket) {
      const Child& c = children_[who];
      return stamps_.alive(who) && c.where == Where::kWaiting && c.ticket == ticket;
    };
  }

  void place_new_question(EntityId id, Route route) {
    Child& c = children_[id];
    if (c.severity == Severity::kCrisis) return admit_crisis(id);
    // A full POH (or none) means the GP decides as without one: a GP does not make a child
    // wait for the POH when it could refer at once (A, docs/model.md).
    const bool poh = stations_.station(Tier::kPoh, c.municipality).has_free_server();
    const auto tier = pick(first_tier(*params_, c.severity, route, poh), c.rng.uniform01());
    enter(id, static_cast<Tier>(tier));
  }

  void enter(EntityId id, Tier tier) {
    Child& c = children_[id];
    books_.tier_at(now_, tier).referrals += 1.0;
    c.tier = tier;
    c.since = now_;
    ++c.ticket;
    if (station_of(c).arrive(now_, id, c.ticket)) {
      start_care(id);
    } else {
      c.where = Where::kWaiting;
      schedule_waiting_turn(id);
    }
  }

  void admit_crisis(EntityId id) {
    Child& c = children_[id];
    books_.tier_at(now_, kCrisisTier).referrals += 1.0;
    c.tier = kCrisisTier;
    c.since = now_;
    station_of(c).admit_over_capacity(now_);
    start_care(id);
  }

  // While waiting, the problem may grow one level or resolve on its own: two competing
  // exponential clocks; the first to ring is scheduled.
  void schedule_waiting_turn(EntityId id) {
    Child& c = children_[id];
    const double worsen = exponential_draw(params_->worsening_per_year / kDaysPerYear, c.rng);
    const double resolve = exponential_draw(params_->resolving_per_year / kDaysPerYear, c.rng);
    const double first = std::min(worsen, resolve);
    if (!std::isfinite(first) || now_ + first > end_) return schedule_age_out(id);
    c.turn = worsen <= resolve ? WaitingTurn::kWorsens : WaitingTurn::kResolves;
    schedule_for_child(id, now_ + first, stamps_.care_event(id, Kind::kWaitingTurn));
  }

  void on_waiting_turn(EntityId id) {
    Child& c = children_[id];
    if (c.turn == WaitingTurn::kResolves) {
      leave_line(id);
      return release_child(id);
    }
    c.severity = static_cast<Severity>(index(c.severity) + 1);
    if (c.severity == Severity::kCrisis) {
      leave_line(id);
      return admit_crisis(id);
    }
    schedule_waiting_turn(id);  // new clocks for the new severity
  }

  void leave_line(EntityId id) {
    Child& c = children_[id];
    station_of(c).renege(now_);
    ++c.ticket;                // the line entry is now stale and will be skipped
    stamps_.care_changed(id);  // and so is its pending waiting-turn event
  }

  // --- care -------------------------------------------------------------------------------------

  // Care starts after a wait (possibly of zero days).
  void start_care(EntityId id) {
    Child& c = children_[id];
    c.where = Where::kInCare;
    const int year = books_.year_at(now_);
    auto& tier_year = books_.year(year).tiers[index(c.tier)];
    tier_year.wait_sum += now_ - c.since;
    tier_year.waits += 1.0;
    count_in_care(c, year);
    change_occupancy(c.tier, +1.0);
    c.since = now_;
    begin_trajectory(id);
  }

  void begin_trajectory(EntityId id) {
    Child& c = children_[id];
    stamps_.care_changed(id);
    const TierParameters& t = params_->tier(c.tier);
    books_.tier_at(now_, c.tier).cost += trajectory_cost_[index(c.tier)];
    schedule_for_child(id, now_ + t.duration.sample(c.rng), stamps_.care_event(id, Kind::kCareEnd));
    schedule_care_worsening(id);
  }

  // Help lighter than the problem needs (decisions.hpp, too_light) does not hold it: it grows
  // at the same rate as while waiting. The trajectory goes on; its outcome is drawn for the
  // severity the child has when it ends.
  void schedule_care_worsening(EntityId id) {
    Child& c = children_[id];
    if (!too_light(c.tier, c.severity)) return;
    const double worsen = exponential_draw(params_->worsening_per_year / kDaysPerYear, c.rng);
    if (!std::isfinite(worsen) || now_ + worsen > end_) return;
    schedule_for_child(id, now_ + worsen, stamps_.care_event(id, Kind::kCareWorsens));
  }

  void on_care_worsens(EntityId id) {
    Child& c = children_[id];
    c.severity = static_cast<Severity>(index(c.severity) + 1);
    if (c.severity == Severity::kCrisis) {
      end_care(id);
      return admit_crisis(id);
    }
    schedule_care_worsening(id);  // a new clock, if the help is still too light
  }

  // A child counts once a year in children_in_care and out_of_home_rate_pct, by its tier's row
  // in kTiers.
  void count_in_care(Child& c, int year) {
    auto& y = books_.year(year);
    const TierInfo& tier = info(c.tier);
    if (tier.in_care && c.care_year != year) {
      c.care_year = static_cast<std::int16_t>(year);
      y.children_in_care += 1.0;
    }
    if (tier.out_of_home && c.ooh_year != year) {
      c.ooh_year = static_cast<std::int16_t>(year);
      y.out_of_home += 1.0;
    }
  }

  void end_care(EntityId id) {
    Child& c = children_[id];
    stamps_.care_changed(id);  // whatever this care had pending (its end, its worsening) is stale
    engine::Station& st = station_of(c);
    const double stay = now_ - c.since;
    st.release(now_, stay);
    detail::TierYear& books = books_.tier_at(now_, c.tier);
    books.stays_ended += 1.0;
    if (stay < kDaysPerYear) books.stays_under_year += 1.0;
    change_occupancy(c.tier, -1.0);
    if (const auto next = st.start_next(now_, still_waiting())) start_care(*next);
  }

  void on_care_end(EntityId id) {
    Child& c = children_[id];
    const Parameters& p = *params_;
    const TierParameters& t = p.tier(c.tier);
    const Tier tier = c.tier;
    const bool resolved = c.rng.uniform01() < t.success[index(c.severity)];
    Tier next = tier;
    if (!resolved) {
      next = static_cast<Tier>(pick(after_failure(p, tier, c.severity), c.rng.uniform01()));
      if (next == tier) return begin_trajectory(id);  // care continues in place
    }
    if (tier == Tier::kPoh) book_poh_outcome(resolved, next);
    end_care(id);
    if (resolved) {
      if (tier != kTiers.front().tier && c.rng.uniform01() < t.step_down) {
        c.severity = static_cast<Severity>(std::max<int>(0, static_cast<int>(c.severity) - 1));
        return enter(id, lighter(tier));
      }
      if (c.rng.uniform01() < p.relapse_probability) {
        c.where = Where::kAwaitingRelapse;
        c.since = now_;  // the end of its last care, which reentry_pct looks back to
        stamps_.care_changed(id);
        const double delay = p.relapse_delay.sample(c.rng);
        if (now_ + delay > end_) return schedule_age_out(id);
        schedule_for_child(id, now_ + delay, stamps_.life_event(id, Kind::kRelapse));
        return;
      }
      return release_child(id);
    }
    // Not resolved: on to where the policy, or the POH's assessment, sends the child.
    if (next > tier) ++escalations_;
    enter(id, next);
  }

  // A POH trajectory ended: resolved, or referred on to `next`. Counted as the evaluations count
  // (DOMAIN.md; docs/model.md): no referral, light help (the own network or the first line: "other
  // light help" and basic GGZ), specialist GGZ (specialist or residential care).
  void book_poh_outcome(bool resolved, Tier next) {
    detail::Year& y = books_.at(now_);
    y.poh_ended += 1.0;
    if (resolved) {
      y.poh_no_referral += 1.0;
    } else if (next <= Tier::kFirstLine) {
      y.poh_to_light_help += 1.0;
    } else {
      y.poh_to_specialist += 1.0;
    }
  }

  void on_relapse(EntityId id) {
    if (now_ - children_[id].since <= kReentryYears * kDaysPerYear)
      books_.at(now_).reentries += 1.0;
    start_episode(id);
  }

  void on_age_out(EntityId id) {
    Child& c = children_[id];
    if (c.where == Where::kWaiting) leave_line(id);
    if (c.where == Where::kInCare) end_care(id);
    release_child(id);
  }

  // --- time: years, epochs, months -----------------------------------------------------------

  void change_occupancy(Tier t, double delta) { occupancy_[index(t)].add(now_, delta); }

  // Costs that run by the day (care days, fixed costs) are booked up to `now_` into `year`.
  void book_running_costs(int year) {
    const Parameters& p = *params_;
    auto& y = books_.year(year);
    const double days = now_ - costs_booked_until_;
    for (std::size_t t = 0; t < kTierCount; ++t) {
      const double child_days = occupancy_[t].mean(now_) * days;
      occupancy_[t].reset(now_);
      y.tiers[t].occupancy_area += std::isfinite(child_days) ? child_days : 0.0;
      const double place_days = places_[t].mean(now_) * days;
      places_[t].reset(now_);
      y.tiers[t].place_area += std::isfinite(place_days) ? place_days : 0.0;
      if (!stations_.places(static_cast<Tier>(t))) y.tiers[t].unlimited = true;
      double fixed = p.tiers[t].cost_fixed_per_year;
      if (kTiers[t].per_municipality) {
        for (const auto& m : p.municipalities) fixed += p.poh_fte(m) * p.poh.cost_per_fte_year;
      }
      y.tiers[t].cost += ((std::isfinite(child_days) ? child_days : 0.0) * p.tiers[t].cost_per_day +
                          fixed * days / books_.year_length(year)) *
                         p.overhead_factor();
    }
    costs_booked_until_ = now_;
  }

  void on_year_end(std::size_t slot) {
    const int year = books_.first_year() + static_cast<int>(slot);
    book_running_costs(year);
    auto& y = books_.of_slot(slot);
    for (std::size_t t = 0; t < kTierCount; ++t) {
      y.tiers[t].waiting_end = static_cast<double>(stations_.waiting(static_cast<Tier>(t)));
    }
    if (engine::kChecks || options_.check_invariants) {
      detail::check_every_child_placed({children_, stamps_, stations_, occupancy_,
                                        static_cast<std::size_t>(alive_count_), free_.size(),
                                        now_});
    }
    // Everyone in care on 1 January has care days in the new year.
    const int next = year + 1;
    if (next < s_.end_year()) {
      for (std::size_t id = 0; id < children_.size(); ++id) {
        Child& c = children_[id];
        if (stamps_.alive(static_cast<EntityId>(id)) && c.where == Where::kInCare) {
          count_in_care(c, next);
        }
      }
      schedule_all_questions(now_);  // the population changed
    }
  }

  void on_epoch(std::size_t e) {
    book_running_costs(books_.year_at(now_ - 1e-9));
    params_ = &s_.epochs[e].parameters;
    price_trajectories();
    apply_capacities(now_);
    schedule_all_questions(now_);
  }

  // What a trajectory costs in each tier, overhead included, under the parameters in force:
  // asked at every start of care, computed (the same product) when the parameters change.
  void price_trajectories() {
    for (std::size_t t = 0; t < kTierCount; ++t) {
      trajectory_cost_[t] = params_->tiers[t].cost_per_trajectory * params_->overhead_factor();
    }
  }

  void apply_capacities(Time now) {
    // Places a responsive tier contracted stay while it stays responsive (a change may alter its
    // rule); without a rule the tier has the places of its capacity.
    for (std::size_t t = 0; t < kTierCount; ++t) {
      if (!params_->tiers[t].responsive) added_[t] = 0;
    }
    stations_.set_capacities(*params_, added_);
    for (const auto& tier : kTiers) {
      places_[index(tier.tier)].set(now,
                                    static_cast<double>(stations_.places(tier.tier).value_or(0)));
    }
    // Added places are filled from the waiting lists at once.
    if (now > 0.0) {
      stations_.for_each([this](engine::Station& st) {
        while (auto next = st.start_next(now_, still_waiting())) start_care(*next);
      });
    }
  }

  void schedule_month_ends() {
    const int first = s_.start_year;
    for (int y = first; y < s_.end_year(); ++y) {
      for (unsigned mo = 1; mo <= 12; ++mo) {
        const double next_month = mo == 12 ? day_of_year_start(y + 1, books_.first_year())
                                           : day_of_month_start(y, mo + 1, books_.first_year());
        // Just before midnight, so the month's last events are in and the next month's not.
        events_.push(
            next_month - 1e-6,
            detail::timed(Kind::kMonthEnd, static_cast<std::uint32_t>((y - first) * 12) + mo - 1));
      }
    }
  }

  // --- capacity that follows demand (ResponsiveCapacity, scenario.hpp) -----------------------

  // A review at the start of every simulated month but the first, warm-up included, if any
  // epoch has a responsive tier (else none: a scenario without the rule handles the events it
  // always did).
  void schedule_reviews() {
    const bool any = std::any_of(s_.epochs.begin(), s_.epochs.end(), [](const Epoch& e) {
      return std::any_of(e.parameters.tiers.begin(), e.parameters.tiers.end(),
                         [](const TierParameters& t) { return t.responsive.has_value(); });
    });
    if (!any) return;
    orders_.reserve(static_cast<std::size_t>(s_.years + s_.warmup_years) * 12);
    std::uint32_t month = 0;
    for (int y = books_.first_year(); y < s_.end_year(); ++y) {
      for (unsigned mo = 1; mo <= 12; ++mo, ++month) {
        const double day = day_of_month_start(y, mo, books_.first_year());
        if (day > 0.0 && day < end_) events_.push(day, detail::timed(Kind::kReview, month));
      }
    }
  }

  // Each responsive tier compares the wait a child joining its list can expect with its norm
  // (docs/model.md, "Capacity that follows demand").
  void on_review() {
    for (const auto& tier : kTiers) {
      const std::size_t t = index(tier.tier);
      const TierParameters& tp = params_->tiers[t];
      if (!tp.responsive || tier.per_municipality) continue;
      const ResponsiveCapacity& rule = *tp.responsive;
      const engine::Station& st = stations_.station(tier.tier, 0);
      const double places = static_cast<double>(*tp.capacity + added_[t]);
      // Places under contract, opened or not: what the list will be served by.
      const double committed = places + on_order_[t];
      const double waiting = static_cast<double>(st.waiting());
      const double step = std::max(1.0, std::floor(rule.step_pct / 100.0 * places));
      const double mean_stay = tp.duration.mean();
      if (waiting * mean_stay > rule.wait_norm_days * committed) {
        // The places with which the list would be served within the norm, at most a step more.
        const double wanted = std::ceil(waiting * mean_stay / rule.wait_norm_days - committed);
        const auto order = static_cast<std::uint32_t>(std::min(wanted, step));
        on_order_[t] += order;
        orders_.push_back(Order{tier.tier, order});
        events_.push(
            now_ + rule.lag_days,
            detail::timed(Kind::kPlacesOpen, static_cast<std::uint32_t>(orders_.size() - 1)));
      } else if (waiting == 0.0 && added_[t] > 0) {
        // Nobody waits: added places that stand empty are given back.
        const double free = std::max(0.0, places - static_cast<double>(st.busy()));
        const auto give =
            static_cast<std::uint32_t>(std::min({static_cast<double>(added_[t]), free, step}));
        if (give == 0) continue;
        added_[t] -= give;
        apply_capacities(now_);
      }
    }
  }

  // Contracted places come into use, if the tier still follows its list.
  void on_places_open(std::uint32_t order_index) {
    const Order& order = orders_[order_index];
    const std::size_t t = index(order.tier);
    on_order_[t] -= order.places;
    if (!params_->tiers[t].responsive) return;
    added_[t] += order.places;
    apply_capacities(now_);
  }

  void on_month_end(std::uint32_t month_index) {
    for (const auto& tier : kTiers) {
      books_.read_month(month_index, tier.tier, occupancy_[index(tier.tier)].value(),
                        stations_.waiting(tier.tier));
    }
  }

  const YouthCareScenario& s_;
  const std::uint64_t replication_;
  const Options options_;
  const Time end_;
  const Parameters* params_;
  std::array<double, kTierCount> trajectory_cost_{};  // by tier (price_trajectories)
  Time now_ = 0.0;
  Time costs_booked_until_ = 0.0;

  // These five are the thread's Storage while the replication runs.
  // The coming weeks' events: a calendar, whose push and pop cost the same however many are
  // pending (it replaced a radix heap, which spent 19% of the instructions of a replication
  // spreading its buckets: docs/performance.md).
  engine::CalendarEventQueue<Payload> events_;
  // Ends of care, worsenings, relapses and age-outs are due weeks to years ahead, and many are
  // superseded before they are due (care starts, the child leaves): they wait in weekly
  // buckets and enter the calendar only if still current when their bucket opens (measured:
  // docs/performance.md).
  engine::DeferredEvents<Payload> deferred_;
  std::vector<Child> children_;
  EventStamps stamps_;  // whether each pending event is still due (event.hpp)
  std::vector<EntityId> free_;
  std::uint64_t created_ = 0, alive_count_ = 0, peak_alive_ = 0, escalations_ = 0;

  std::vector<engine::RandomStream> question_rng_;
  engine::StreamFamily child_streams_;  // the stream of child number n of municipality m
  struct QuestionRate {
    int year = 0;
    const Parameters* params = nullptr;
    double per_day = 0.0;
  };
  std::vector<QuestionRate> question_rate_;  // by municipality: the last one computed
  std::vector<std::uint64_t> next_child_number_;
  detail::TierStations stations_;
  std::vector<engine::TimeWeighted> occupancy_;  // children in care, by tier
  std::vector<engine::TimeWeighted> places_;     // places, by tier (0 while unlimited)
  // Responsive tiers (ResponsiveCapacity): places contracted above `capacity` and in use, places
  // contracted and not yet open, and every order made, which its kPlacesOpen event names.
  std::array<std::uint32_t, kTierCount> added_{};
  std::array<std::uint32_t, kTierCount> on_order_{};
  struct Order {
    Tier tier;
    std::uint32_t places;
  };
  std::vector<Order> orders_;
  detail::YearlyBooks books_;
};

}  // namespace

std::vector<outputs::MetricId> metrics(const YouthCareScenario& scenario) {
  std::vector<outputs::MetricId> out;
  for (int year = scenario.start_year; year < scenario.end_year(); ++year) {
    const std::string y = std::to_string(year);
    visit_values(YearResult{}, [&](const MetricInfo& metric, std::string_view tier, double) {
      out.push_back(outputs::MetricId{std::string(metric.id), std::string(tier), y});
    });
  }
  return out;
}

ReplicationResult simulate(const YouthCareScenario& scenario, std::uint64_t replication,
                           const Options& options, Counters& counters) {
  const engine::CheckedReplication checked(replication);
  Replication run(scenario, replication, options);
  return run.run(counters);
}

std::size_t timeseries_rows(const YouthCareScenario& scenario) {
  return static_cast<std::size_t>(scenario.years) * 12 * kTierCount;
}

std::size_t timeseries_row_bytes() {
  // At its longest: "1000000,2029-12,residential,10000000,10000000\n", with the longest tier
  // id and counts of up to eight digits.
  return std::string_view("1000000,2029-12,").size() + kLongestTierId +
         std::string_view(",10000000,10000000\n").size();
}

double peak_children_bound(const YouthCareScenario& s) {
  double most_per_year = 0.0;  // care questions in a year, for the busiest epoch and year
  for (const auto& epoch : s.epochs) {
    for (int year = s.first_simulated_year(); year < s.end_year(); ++year) {
      double per_year = 0.0;
      for (const auto& m : epoch.parameters.municipalities) {
        per_year += questions_per_day(epoch.parameters, m, year, s.start_year) * kDaysPerYear;
      }
      most_per_year = std::max(most_per_year, per_year);
    }
  }
  return most_per_year * std::min(18.0, static_cast<double>(s.years + s.warmup_years));
}

std::size_t bytes_per_child() {
  // Its slot and free-list entry, up to four pending events (its end of care or waiting turn,
  // a worsening, a relapse or its 18th birthday, and a stale one), its entry in a line (an
  // entity, a time and a ticket); twice, for the vectors' growth by doubling.
  return 2 * (sizeof(Child) + sizeof(EntityId) + 4 * sizeof(engine::Event<Payload>) + 16);
}

ReplicationResult simulate(const YouthCareScenario& scenario, std::uint64_t replication) {
  Counters ignored;
  return simulate(scenario, replication, Options{}, ignored);
}

}  // namespace jeugdsim::models::youth_care
