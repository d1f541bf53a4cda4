#include "jeugdsim/models/youth_care/simulate.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include <fmt/format.h>

#include "jeugdsim/engine/calendar_event_queue.hpp"
#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/deferred_events.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/engine/station.hpp"
#include "jeugdsim/engine/statistics.hpp"
#include "jeugdsim/models/youth_care/decisions.hpp"

namespace jeugdsim::models::youth_care {
namespace {

using engine::EntityId;
using engine::Time;

constexpr double kAdultAgeDays = 18.0 * kDaysPerYear;
constexpr std::size_t kSystemMetrics = 5;
constexpr std::size_t kTierMetrics = 5;

// Stream purposes. Part of every stream key: never renumber.
enum Purpose : std::uint64_t { kQuestions = 1, kChild = 2 };

enum class Kind : std::uint8_t {
  kCareQuestion,  // index: municipality; stamp: the municipality's arrival generation
  kCareEnd,       // index: child; stamp: the child's token
  kWaitingTurn,   // index: child; stamp: token -- worsening or resolving while waiting
  kCareWorsens,   // index: child; stamp: token -- worsening in care that is too light
  kRelapse,       // index: child; stamp: life
  kAgeOut,        // index: child; stamp: life
  kYearEnd,       // index: year offset from the first simulated year
  kEpoch,         // index: epoch
  kMonthEnd,      // index: month offset
  kOpenDeferred,  // the next bucket of deferred events opens
};

// Whether an event's index is a child (the kinds above marked "index: child").
constexpr bool is_childs(Kind kind) {
  constexpr auto kTable = [] {
    std::array<bool, static_cast<std::size_t>(Kind::kOpenDeferred) + 1> t{};
    for (const Kind k :
         {Kind::kCareEnd, Kind::kWaitingTurn, Kind::kCareWorsens, Kind::kRelapse, Kind::kAgeOut}) {
      t[static_cast<std::size_t>(k)] = true;
    }
    return t;
  }();
  return kTable[static_cast<std::size_t>(kind)];
}

// The width of the buckets in which far-off events wait (see DeferredEvents): a week, so the
// calendar holds only the coming week's events. Measured on Drenthe (bench_youth_care): 1 day
// 59 ms, 3 days 55, 7 days 54, 14 days 61, 30 days 66, 90 days 65 per replication.
constexpr double kDeferredBucketDays = 7.0;

struct Payload {
  std::uint32_t index;
  std::uint16_t stamp;
  Kind kind;
};
static_assert(sizeof(Payload) == 8);

enum class Where : std::uint8_t { kWaiting, kInCare, kAwaitingRelapse };
enum class WaitingTurn : std::uint8_t { kWorsens, kResolves };

// A child's state, in one cache line: most events touch one child, at a random place in
// memory, and a record across two lines cost two cache misses (measured: docs/performance.md).
// What decides whether a pending event is stale lives apart, in Stamp.
struct alignas(64) Child {
  engine::RandomStream rng;
  Time born;
  Time since;                // entered the current tier (waiting or in care)
  std::uint32_t ticket = 0;  // the current place in a waiting line; changes on leaving it
  std::uint32_t municipality;
  std::int16_t care_year = 0;  // last year counted in children_in_care / out_of_home
  std::int16_t ooh_year = 0;   // (calendar years: start_year <= 2200, warm-up <= 100)
  Severity severity;
  Where where;
  Tier tier;
  WaitingTurn turn;
};
static_assert(sizeof(Child) == 64);

// Whether a child's pending events are still current, for each child slot. Most events that
// wait in the weekly buckets are stale when their bucket opens (the child has moved on or
// left); kept apart from the Child, the check reads 6 bytes from a small array that stays in
// the cache instead of a child's line from anywhere in memory.
struct Stamp {
  std::uint16_t token = 0;  // changes when care starts or ends: older care events are stale
  std::uint16_t life = 0;   // changes when the slot is reused
  bool alive = false;
  bool age_out_scheduled = false;  // in this life
};

// Per-year, per-tier tallies for the reported metrics.
struct TierYear {
  double cost = 0.0;
  double referrals = 0.0;
  double wait_sum = 0.0;
  double waits = 0.0;
  double occupancy_area = 0.0;  // child-days in care
  double waiting_end = 0.0;
};

struct Year {
  std::array<TierYear, kTierCount> tiers{};
  double children_in_care = 0.0;
  double out_of_home = 0.0;
  double new_cases = 0.0;
};

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
  std::vector<Stamp> stamps;
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
        first_year_(s.first_simulated_year()),
        end_(day_of_year_start(s.end_year(), first_year_)),
        params_(&s.epochs.front().parameters),
        events_(std::move(thread_storage().events)),
        deferred_(std::move(thread_storage().deferred)),
        children_(std::move(thread_storage().children)),
        stamps_(std::move(thread_storage().stamps)),
        free_(std::move(thread_storage().free)),
        child_streams_(s.seed, replication, kChild),
        years_(static_cast<std::size_t>(s.years + s.warmup_years)) {
    events_.clear();
    deferred_.reset(kDeferredBucketDays, end_);
    children_.clear();
    stamps_.clear();
    free_.clear();
    // One more than the simulated years: the day the last one ends.
    for (int y = first_year_; y <= s.end_year(); ++y)
      year_start_.push_back(day_of_year_start(y, first_year_));
    const std::size_t m = params_->municipalities.size();
    for (std::size_t i = 0; i < m; ++i) {
      question_rng_.emplace_back(engine::StreamKey{s.seed, replication, kQuestions, i});
      poh_.emplace_back(engine::StationCapacity{0});
    }
    question_generation_.assign(m, 0);
    question_rate_.assign(m, QuestionRate{});
    next_child_number_.assign(m, 0);
    for (std::size_t t = 0; t < kTierCount; ++t) {
      regional_.emplace_back(engine::StationCapacity{});
      occupancy_.emplace_back();
    }
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
    for (std::size_t y = 0; y < years_.size(); ++y) {
      events_.push(day_of_year_start(first_year_ + static_cast<int>(y) + 1, first_year_),
                   Payload{static_cast<std::uint32_t>(y), 0, Kind::kYearEnd});
    }
    for (std::size_t e = 1; e < s_.epochs.size(); ++e) {
      // An epoch at the very end would book into a year that is not simulated.
      if (s_.epochs[e].from_day >= end_) continue;
      events_.push(s_.epochs[e].from_day, Payload{static_cast<std::uint32_t>(e), 0, Kind::kEpoch});
    }
    schedule_month_ends();
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
    return ReplicationResult{results(), std::move(timeseries_)};
  }

 private:
  // --- events ---------------------------------------------------------------------------------

  void dispatch(const Payload& e) {
    if (!still_due(e)) return;
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
    const std::uint32_t mask = 0U - std::uint32_t{is_childs(next->payload.kind)};
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
    Stamp& stamp = stamps_[id];
    const Time birthday = children_[id].born + kAdultAgeDays;
    if (stamp.age_out_scheduled || birthday > end_) return;
    stamp.age_out_scheduled = true;
    schedule_deferrable(birthday, Payload{id, stamp.life, Kind::kAgeOut});
  }

  void open_deferred_bucket() {
    deferred_.open_next([this](Time time, const Payload& e) {
      if (still_due(e)) events_.push(time, e);
    });
    if (!deferred_.all_open() && deferred_.next_opening() <= end_) {
      events_.push(deferred_.next_opening(), Payload{0, 0, Kind::kOpenDeferred});
    }
  }

  // Whether an event is still what it was scheduled for. A child's events go stale when the
  // child moves on (its token changes) or leaves (its life changes), arrivals when their rate
  // changed (a new generation); stale events are skipped, not removed from the queue.
  bool still_due(const Payload& e) const {
    switch (e.kind) {
      case Kind::kCareQuestion:
        return e.stamp == question_generation_[e.index];
      case Kind::kCareEnd:
      case Kind::kWaitingTurn:
      case Kind::kCareWorsens:
        return current(e);
      case Kind::kRelapse:
      case Kind::kAgeOut:
        return alive(e);
      default:
        return true;
    }
  }

  bool current(const Payload& e) const {
    const Stamp& c = stamps_[e.index];
    return c.alive && c.token == e.stamp;
  }
  bool alive(const Payload& e) const {
    const Stamp& c = stamps_[e.index];
    return c.alive && c.life == e.stamp;
  }

  // --- arrivals ---------------------------------------------------------------------------------

  // The calendar year of day `t` of the run (0 <= t <= end of the run; the end itself belongs
  // to the last year), by table: it is asked at nearly every event.
  // Time only moves forward, so the answer is nearly always the year of the previous call:
  // two comparisons with the days that year spans; else a search from there.
  int year_at(Time t) const {
    if (t >= hint_.from && t < hint_.until) return first_year_ + static_cast<int>(hint_.slot);
    const std::size_t last = year_start_.size() - 2;  // slot of the last simulated year
    std::size_t y = hint_.slot;
    while (y < last && year_start_[y + 1] <= t) ++y;
    while (y > 0 && year_start_[y] > t) --y;
    // The first year also takes what lies before it, the last what lies after it (the end).
    constexpr Time kForever = std::numeric_limits<Time>::infinity();
    hint_ = {y == 0 ? -kForever : year_start_[y], y == last ? kForever : year_start_[y + 1], y};
    return first_year_ + static_cast<int>(y);
  }
  std::size_t year_slot(int year) const { return static_cast<std::size_t>(year - first_year_); }
  bool reported(int year) const { return year >= s_.start_year && year < s_.end_year(); }

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
      ++question_generation_[m];
      schedule_question(now, m);
    }
  }

  void schedule_question(Time now, std::size_t m) {
    const double gap = exponential_draw(question_rate(m, year_at(now)), question_rng_[m]);
    if (now + gap > end_) return;
    events_.push(now + gap, Payload{static_cast<std::uint32_t>(m), question_generation_[m],
                                    Kind::kCareQuestion});
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
    const int year = year_at(now_);
    years_[year_slot(year)].new_cases += 1.0;
    place_new_question(id, route);
  }

  EntityId admit_child(std::size_t m) {
    EntityId id;
    if (free_.empty()) {
      id = static_cast<EntityId>(children_.size());
      children_.push_back(Child{engine::RandomStream({}), 0, 0, 0, 0, 0, 0, Severity::kMild,
                                Where::kWaiting, Tier::kNetwork, WaitingTurn::kWorsens});
      stamps_.emplace_back();
    } else {
      id = free_.back();
      free_.pop_back();
    }
    Child& c = children_[id];
    const std::uint64_t number = next_child_number_[m]++;
    c.rng = child_streams_.stream((std::uint64_t{m} << 40U) | number);
    c.municipality = static_cast<std::uint32_t>(m);
    Stamp& stamp = stamps_[id];
    stamp.alive = true;
    ++stamp.life;
    ++stamp.token;
    stamp.age_out_scheduled = false;
    c.care_year = c.ooh_year = 0;
    ++created_;
    ++alive_count_;
    peak_alive_ = std::max<std::uint64_t>(peak_alive_, alive_count_);
    return id;
  }

  void release_child(EntityId id) {
    Stamp& stamp = stamps_[id];
    stamp.alive = false;
    ++stamp.token;
    --alive_count_;
    free_.push_back(id);
  }

  // --- placement ---------------------------------------------------------------------------------

  engine::Station& station(Tier t, std::uint32_t municipality) {
    return t == Tier::kPoh ? poh_[municipality] : regional_[index(t)];
  }
  // Whether a line entry (who, ticket) is still a child waiting there.
  auto still_waiting() const {
    return [this](EntityId who, std::uint32_t ticket) {
      const Child& c = children_[who];
      return stamps_[who].alive && c.where == Where::kWaiting && c.ticket == ticket;
    };
  }

  void place_new_question(EntityId id, Route route) {
    Child& c = children_[id];
    if (c.severity == Severity::kCrisis) return admit_crisis(id);
    // A full POH (or none) means the GP decides as without one: a GP does not make a child
    // wait for the POH when it could refer at once (A, docs/model.md).
    const bool poh = poh_[c.municipality].has_free_server();
    const auto tier = pick(first_tier(*params_, c.severity, route, poh), c.rng.uniform01());
    enter(id, static_cast<Tier>(tier));
  }

  void enter(EntityId id, Tier tier) {
    Child& c = children_[id];
    const int year = year_at(now_);
    years_[year_slot(year)].tiers[index(tier)].referrals += 1.0;
    c.tier = tier;
    c.since = now_;
    ++c.ticket;
    if (station(tier, c.municipality).arrive(now_, id, c.ticket)) {
      start_care(id);
    } else {
      c.where = Where::kWaiting;
      schedule_waiting_turn(id);
    }
  }

  void admit_crisis(EntityId id) {
    Child& c = children_[id];
    const int year = year_at(now_);
    years_[year_slot(year)].tiers[index(Tier::kResidential)].referrals += 1.0;
    c.tier = Tier::kResidential;
    c.since = now_;
    regional_[index(Tier::kResidential)].admit_over_capacity(now_);
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
    schedule_for_child(id, now_ + first, Payload{id, stamps_[id].token, Kind::kWaitingTurn});
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
    station(c.tier, c.municipality).renege(now_);
    ++c.ticket;           // the line entry is now stale and will be skipped
    ++stamps_[id].token;  // and so is its pending waiting-turn event
  }

  // --- care -------------------------------------------------------------------------------------

  // Care starts after a wait (possibly of zero days).
  void start_care(EntityId id) {
    Child& c = children_[id];
    c.where = Where::kInCare;
    const int year = year_at(now_);
    auto& tier_year = years_[year_slot(year)].tiers[index(c.tier)];
    tier_year.wait_sum += now_ - c.since;
    tier_year.waits += 1.0;
    count_in_care(c, year);
    change_occupancy(c.tier, +1.0);
    c.since = now_;
    begin_trajectory(id);
  }

  void begin_trajectory(EntityId id) {
    Child& c = children_[id];
    const std::uint16_t token = ++stamps_[id].token;
    const TierParameters& t = params_->tier(c.tier);
    years_[year_slot(year_at(now_))].tiers[index(c.tier)].cost += trajectory_cost_[index(c.tier)];
    schedule_for_child(id, now_ + t.duration.sample(c.rng), Payload{id, token, Kind::kCareEnd});
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
    schedule_for_child(id, now_ + worsen, Payload{id, stamps_[id].token, Kind::kCareWorsens});
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

  void count_in_care(Child& c, int year) {
    auto& y = years_[year_slot(year)];
    if (c.tier != Tier::kNetwork && c.care_year != year) {
      c.care_year = static_cast<std::int16_t>(year);
      y.children_in_care += 1.0;
    }
    if (c.tier == Tier::kResidential && c.ooh_year != year) {
      c.ooh_year = static_cast<std::int16_t>(year);
      y.out_of_home += 1.0;
    }
  }

  void end_care(EntityId id) {
    Child& c = children_[id];
    ++stamps_[id].token;  // whatever this care had pending (its end, its worsening) is now stale
    engine::Station& st = station(c.tier, c.municipality);
    st.release(now_, now_ - c.since);
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
    end_care(id);
    if (resolved) {
      if (tier != Tier::kNetwork && c.rng.uniform01() < t.step_down) {
        c.severity = static_cast<Severity>(std::max<int>(0, static_cast<int>(c.severity) - 1));
        return enter(id, lighter(tier));
      }
      if (c.rng.uniform01() < p.relapse_probability) {
        c.where = Where::kAwaitingRelapse;
        ++stamps_[id].token;
        const double delay = p.relapse_delay.sample(c.rng);
        if (now_ + delay > end_) return schedule_age_out(id);
        schedule_for_child(id, now_ + delay, Payload{id, stamps_[id].life, Kind::kRelapse});
        return;
      }
      return release_child(id);
    }
    // Not resolved: on to where the policy, or the POH's assessment, sends the child.
    if (next > tier) ++escalations_;
    enter(id, next);
  }

  void on_relapse(EntityId id) { start_episode(id); }

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
    auto& y = years_[year_slot(year)];
    const double days = now_ - costs_booked_until_;
    for (std::size_t t = 0; t < kTierCount; ++t) {
      const double child_days = occupancy_[t].mean(now_) * days;
      occupancy_[t].reset(now_);
      y.tiers[t].occupancy_area += std::isfinite(child_days) ? child_days : 0.0;
      double fixed = p.tiers[t].cost_fixed_per_year;
      if (static_cast<Tier>(t) == Tier::kPoh) {
        for (const auto& m : p.municipalities) fixed += p.poh_fte(m) * p.poh.cost_per_fte_year;
      }
      y.tiers[t].cost += ((std::isfinite(child_days) ? child_days : 0.0) * p.tiers[t].cost_per_day +
                          fixed * days / year_length(year)) *
                         p.overhead_factor();
    }
    costs_booked_until_ = now_;
  }

  double year_length(int year) const {
    return year_start_[year_slot(year) + 1] - year_start_[year_slot(year)];
  }

  void on_year_end(std::size_t slot) {
    const int year = first_year_ + static_cast<int>(slot);
    book_running_costs(year);
    auto& y = years_[slot];
    for (std::size_t t = 0; t < kTierCount; ++t) {
      y.tiers[t].waiting_end = static_cast<double>(waiting(static_cast<Tier>(t)));
    }
    if (engine::kChecks || options_.check_invariants) check_invariants();
    // Everyone in care on 1 January has care days in the new year.
    const int next = year + 1;
    if (next < s_.end_year()) {
      for (std::size_t id = 0; id < children_.size(); ++id) {
        Child& c = children_[id];
        if (stamps_[id].alive && c.where == Where::kInCare) count_in_care(c, next);
      }
      schedule_all_questions(now_);  // the population changed
    }
  }

  void on_epoch(std::size_t e) {
    book_running_costs(year_at(now_ - 1e-9));
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
    const Parameters& p = *params_;
    for (std::size_t t = 0; t < kTierCount; ++t) {
      if (static_cast<Tier>(t) == Tier::kPoh) continue;
      const auto cap = p.tiers[t].capacity;
      regional_[t].set_capacity(engine::StationCapacity{cap});
    }
    for (std::size_t m = 0; m < poh_.size(); ++m) {
      poh_[m].set_capacity(engine::StationCapacity{p.poh_places(p.municipalities[m])});
    }
    // Added places are filled from the waiting lists at once.
    if (now > 0.0) {
      for (std::size_t t = 0; t < kTierCount; ++t) fill(regional_[t]);
      for (auto& st : poh_) fill(st);
    }
  }

  void fill(engine::Station& st) {
    while (auto next = st.start_next(now_, still_waiting())) start_care(*next);
  }

  std::size_t waiting(Tier t) const {
    if (t != Tier::kPoh) return regional_[index(t)].waiting();
    std::size_t n = 0;
    for (const auto& st : poh_) n += st.waiting();
    return n;
  }

  void schedule_month_ends() {
    const int first = s_.start_year;
    for (int y = first; y < s_.end_year(); ++y) {
      for (unsigned mo = 1; mo <= 12; ++mo) {
        const double next_month = mo == 12 ? day_of_year_start(y + 1, first_year_)
                                           : day_of_month_start(y, mo + 1, first_year_);
        // Just before midnight, so the month's last events are in and the next month's not.
        events_.push(
            next_month - 1e-6,
            Payload{static_cast<std::uint32_t>((y - first) * 12) + mo - 1, 0, Kind::kMonthEnd});
      }
    }
  }

  void on_month_end(std::uint32_t month_index) {
    const int year = s_.start_year + static_cast<int>(month_index / 12);
    const unsigned month = month_index % 12 + 1;
    for (std::size_t t = 0; t < kTierCount; ++t) {
      timeseries_ += fmt::format("{},{:04}-{:02},{},{},{}\n", replication_, year, month,
                                 kTierIds[t], occupancy_[t].value(), waiting(static_cast<Tier>(t)));
    }
  }

  // Every child is somewhere, and the stations agree with the children's states. On request
  // (Options, tests) a broken one throws; in a JEUGDSIM_CHECKS build it is fatal
  // (engine/check.hpp) and more is checked (check_places). The Release build compiles exactly
  // what it did before the checks existed, so that the event loop around it is unchanged.
  void check_invariants() const {
    std::array<std::size_t, kTierCount> in_care{}, in_line{};
    std::size_t alive = 0;
    for (std::size_t id = 0; id < children_.size(); ++id) {
      const Child& c = children_[id];
      if (!stamps_[id].alive) continue;
      ++alive;
      if (c.where == Where::kInCare) ++in_care[index(c.tier)];
      if (c.where == Where::kWaiting) ++in_line[index(c.tier)];
    }
    // Thrown on request; fatal, with where and when, in a JEUGDSIM_CHECKS build.
    const auto broken = [this](const auto& detail) -> const auto& {
      if constexpr (engine::kChecks) {
        engine::invariant_failed("every child is somewhere", now_, detail, __FILE__, __LINE__);
      }
      return detail;
    };
    if (alive != alive_count_)
      throw std::logic_error(broken("a child is lost: alive count disagrees"));
    for (std::size_t t = 0; t < kTierCount; ++t) {
      if (static_cast<double>(in_care[t]) != occupancy_[t].value()) {
        throw std::logic_error(broken(fmt::format("tier {}: {} children in care, occupancy says {}",
                                                  kTierIds[t], in_care[t], occupancy_[t].value())));
      }
      if (in_line[t] != waiting(static_cast<Tier>(t))) {
        throw std::logic_error(
            broken(fmt::format("tier {}: {} children waiting, the line says {}", kTierIds[t],
                               in_line[t], waiting(static_cast<Tier>(t)))));
      }
    }
    if constexpr (engine::kChecks) check_places(in_care, alive);
  }

  // The rest of check_invariants: the stations' busy places are the children in care, and
  // care, waiting and awaiting a relapse make up every child alive.
  [[gnu::cold]] void check_places(const std::array<std::size_t, kTierCount>& in_care,
                                  std::size_t alive) const {
    const auto n = [](std::size_t count) { return static_cast<double>(count); };
    std::size_t placed = 0;
    for (std::size_t id = 0; id < children_.size(); ++id) {
      placed += stamps_[id].alive && children_[id].where == Where::kAwaitingRelapse;
    }
    for (std::size_t t = 0; t < kTierCount; ++t) {
      const auto tier = static_cast<Tier>(t);
      placed += in_care[t] + waiting(tier);
      JEUGDSIM_CHECK(occupancy_[t].value() >= 0.0 && waiting(tier) <= children_.size(),
                     "no occupancy or waiting line is below 0", now_,
                     engine::describe({{"tier", n(t)},
                                       {"occupancy", occupancy_[t].value()},
                                       {"waiting", n(waiting(tier))}}));
      JEUGDSIM_CHECK(
          in_care[t] == busy(tier), "every child is somewhere", now_,
          engine::describe(
              {{"tier", n(t)}, {"in care", n(in_care[t])}, {"busy places", n(busy(tier))}}));
    }
    JEUGDSIM_CHECK(placed == alive && alive + free_.size() == children_.size(),
                   "every child is somewhere", now_,
                   engine::describe({{"in care, waiting or awaiting a relapse", n(placed)},
                                     {"alive", n(alive)},
                                     {"slots", n(children_.size())},
                                     {"free", n(free_.size())}}));
  }

  std::size_t busy(Tier t) const {
    if (t != Tier::kPoh) return regional_[index(t)].busy();
    std::size_t n = 0;
    for (const auto& st : poh_) n += st.busy();
    return n;
  }

  // --- results ----------------------------------------------------------------------------------

  std::vector<double> results() const {
    std::vector<double> out;
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (int year = s_.start_year; year < s_.end_year(); ++year) {
      const Year& y = years_[year_slot(year)];
      double children = 0.0;
      for (const auto& m : s_.epochs.front().parameters.municipalities) {
        children += population(m, year, s_.start_year);
      }
      double cost = 0.0;
      for (const auto& t : y.tiers) {
        JEUGDSIM_CHECK(std::isfinite(t.cost) && t.cost >= 0.0, "every cost is a finite amount >= 0",
                       now_,
                       engine::describe({{"year", static_cast<double>(year)}, {"cost", t.cost}}));
        cost += t.cost;
      }
      out.push_back(100.0 * y.out_of_home / children);
      out.push_back(y.children_in_care);
      out.push_back(y.new_cases);
      out.push_back(cost);
      out.push_back(y.children_in_care > 0 ? cost / y.children_in_care : nan);
      for (const auto& t : y.tiers) {
        out.push_back(t.cost);
        out.push_back(t.referrals);
        out.push_back(t.waits > 0 ? t.wait_sum / t.waits : nan);
        out.push_back(t.waiting_end);
        out.push_back(t.occupancy_area / year_length(year));
      }
      if constexpr (engine::kChecks) {
        // As a reader of summary.csv adds them up: the tiers' cost_eur make the year's.
        const std::size_t first = out.size() - kSystemMetrics - kTierCount * kTierMetrics;
        double tiers = 0.0;
        for (std::size_t t = 0; t < kTierCount; ++t)
          tiers += out[first + kSystemMetrics + t * kTierMetrics];
        JEUGDSIM_CHECK(tiers == out[first + 3], "the tiers' costs add up to the total", now_,
                       engine::describe({{"year", static_cast<double>(year)},
                                         {"tiers", tiers},
                                         {"total", out[first + 3]}}));
      }
    }
    return out;
  }

  const YouthCareScenario& s_;
  const std::uint64_t replication_;
  const Options options_;
  const int first_year_;
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
  std::vector<Stamp> stamps_;  // by child slot, as children_
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
  std::vector<std::uint16_t> question_generation_;
  std::vector<std::uint64_t> next_child_number_;
  std::vector<engine::Station> regional_;        // by tier (the POH entry is unused)
  std::vector<engine::Station> poh_;             // by municipality
  std::vector<engine::TimeWeighted> occupancy_;  // children in care, by tier
  std::vector<Year> years_;
  std::vector<Time> year_start_;  // day each simulated year starts, and the day after the last
  // The year year_at() found last: the days [from, until) it answers for, and its slot.
  struct YearHint {
    Time from = 0.0;
    Time until = 0.0;  // empty until the first call
    std::size_t slot = 0;
  };
  mutable YearHint hint_;
  std::string timeseries_;
};

}  // namespace

std::vector<io::MetricId> metrics(const YouthCareScenario& scenario) {
  std::vector<io::MetricId> out;
  for (int year = scenario.start_year; year < scenario.end_year(); ++year) {
    const std::string y = std::to_string(year);
    for (const char* m : {"out_of_home_rate_pct", "children_in_care", "new_cases", "cost_eur",
                          "cost_per_child_in_care_eur"}) {
      out.push_back(io::MetricId{m, "", y});
    }
    for (const auto tier : kTierIds) {
      for (const char* m :
           {"cost_eur", "referrals", "wait_mean", "waiting_list_end", "occupancy_mean"}) {
        out.push_back(io::MetricId{m, std::string(tier), y});
      }
    }
  }
  static_assert(kSystemMetrics == 5 && kTierMetrics == 5);
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
