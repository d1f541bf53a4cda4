#include "jeugdsim/models/network/simulate.hpp"

#include <limits>

#include "jeugdsim/engine/check.hpp"
#include "jeugdsim/engine/event_queue.hpp"
#include "jeugdsim/engine/random.hpp"
#include "jeugdsim/engine/station.hpp"
#include "jeugdsim/engine/statistics.hpp"

namespace jeugdsim::models::network {
namespace {

using engine::EntityId;
using engine::Time;

// What each random stream is for. Part of the stream key: changing these values changes every
// result, so they are fixed forever.
enum Purpose : std::uint64_t { kInterarrival = 1, kService = 2, kRouting = 3 };

// 8 bytes, so that an event (time, sequence, payload) is 24 bytes.
struct Payload {
  enum class Kind : std::uint8_t { kArrival, kServiceEnd };
  EntityId customer;    // kServiceEnd: who finishes
  std::uint16_t index;  // kArrival: arrival stream; kServiceEnd: station
  Kind kind;
};
static_assert(sizeof(Payload) == 8);

struct Customer {
  Time entered_network;
  Time entered_station;
};

// Customers live in a pool whose slots are reused, so memory follows the number in the
// network, not the number that ever came.
class CustomerPool {
 public:
  EntityId admit(Time now) {
    if (free_.empty()) {
      customers_.push_back(Customer{now, now});
      return static_cast<EntityId>(customers_.size() - 1);
    }
    const EntityId id = free_.back();
    free_.pop_back();
    customers_[id] = Customer{now, now};
    return id;
  }
  void release(EntityId id) { free_.push_back(id); }
  Customer& operator[](EntityId id) { return customers_[id]; }

 private:
  std::vector<Customer> customers_;
  std::vector<EntityId> free_;
};

class Replication {
 public:
  Replication(const NetworkScenario& scenario, std::uint64_t replication)
      : scenario_(scenario), end_(scenario.warmup_days + scenario.horizon_days) {
    const auto key = [&](Purpose purpose, std::size_t entity) {
      return engine::RandomStream(engine::StreamKey{scenario.seed, replication, purpose, entity});
    };
    for (std::size_t i = 0; i < scenario.arrivals.size(); ++i) {
      arrival_rng_.push_back(key(kInterarrival, i));
    }
    for (std::size_t i = 0; i < scenario.stations.size(); ++i) {
      stations_.emplace_back(scenario.stations[i].capacity);
      service_rng_.push_back(key(kService, i));
      routing_rng_.push_back(key(kRouting, i));
    }
  }

  void run(RunCounters& counters) {
    for (std::size_t i = 0; i < scenario_.arrivals.size(); ++i) schedule_arrival(0.0, i);
    // Two phases, so that the measured one does not test for the end of warm-up at every event:
    // the warm-up runs to the first event at or after its end, then statistics restart.
    const Time warmup = scenario_.warmup_days;
    if (warmup > 0.0) {
      run_until([warmup](Time t) { return t < warmup; }, counters);
      start_measuring(warmup);
    }
    const Time end = end_;
    run_until([end](Time t) { return t <= end; }, counters);
  }

  std::vector<double> results() const {
    std::vector<double> out;
    out.reserve(stations_.size() * 6 + 1);
    for (std::size_t i = 0; i < stations_.size(); ++i) {
      const auto& stats = stations_[i].statistics();
      const double queue = stats.queue_length.mean(end_);
      const double busy = stats.busy_servers.mean(end_);
      out.push_back(stats.wait.mean());
      out.push_back(stats.sojourn.mean());
      out.push_back(queue);
      out.push_back(queue + busy);
      if (const auto servers = stations_[i].capacity().servers) {
        out.push_back(busy / static_cast<double>(*servers));
      }
      out.push_back(static_cast<double>(stats.departures) / scenario_.horizon_days);
    }
    out.push_back(network_sojourn_.mean());
    return out;
  }

 private:
  // Handles events while `before(time of the next event)` holds. The counts are kept in locals
  // and added once: a store through `counters` at every event cannot be kept in a register.
  template <class Before>
  void run_until(Before before, RunCounters& counters) {
    std::uint64_t events = 0, customers = 0;
    [[maybe_unused]] Time previous = 0.0;  // only the checks read it
    while (!events_.empty() && before(events_.top().time())) {
      const auto event = events_.pop();
      const Time now = event.time();
      JEUGDSIM_CHECK(now >= previous, "time never goes backwards", now,
                     "the event before was at day " + std::to_string(previous));
      if constexpr (engine::kChecks) previous = now;
      ++events;
      if (event.payload.kind == Payload::Kind::kArrival) {
        ++customers;
        on_external_arrival(now, event.payload.index);
      } else {
        on_service_end(now, event.payload.index, event.payload.customer);
      }
    }
    counters.events += events;
    counters.customers += customers;
  }

  void schedule_arrival(Time now, std::size_t stream) {
    const double gap = scenario_.arrivals[stream].interarrival.sample(arrival_rng_[stream]);
    events_.push(now + gap,
                 Payload{0, static_cast<std::uint16_t>(stream), Payload::Kind::kArrival});
  }

  void on_external_arrival(Time now, std::size_t stream) {
    const EntityId who = customers_.admit(now);
    enter_station(now, scenario_.arrivals[stream].to, who);
    schedule_arrival(now, stream);
  }

  void enter_station(Time now, std::size_t station, EntityId who) {
    customers_[who].entered_station = now;
    if (stations_[station].arrive(now, who)) start_service(now, station, who);
  }

  void start_service(Time now, std::size_t station, EntityId who) {
    const double duration = scenario_.stations[station].service.sample(service_rng_[station]);
    events_.push(now + duration,
                 Payload{who, static_cast<std::uint16_t>(station), Payload::Kind::kServiceEnd});
  }

  void on_service_end(Time now, std::size_t station, EntityId who) {
    Customer& customer = customers_[who];
    if (const auto next = stations_[station].depart(now, now - customer.entered_station)) {
      start_service(now, station, *next);
    }
    const Route& route = scenario_.stations[station].route;
    const std::size_t to = route.targets.size() == 1
                               ? route.targets[0]
                               : route.targets[route.choose(routing_rng_[station])];
    if (to == scenario_.exit_index()) {
      network_sojourn_.add(now - customer.entered_network);
      customers_.release(who);
    } else {
      enter_station(now, to, who);
    }
  }

  void start_measuring(Time now) {
    for (auto& station : stations_) station.reset_statistics(now);
    network_sojourn_.reset();
  }

  const NetworkScenario& scenario_;
  const Time end_;
  engine::EventQueue<Payload> events_;
  std::vector<engine::Station> stations_;
  std::vector<engine::RandomStream> arrival_rng_, service_rng_, routing_rng_;
  CustomerPool customers_;
  engine::Tally network_sojourn_;
};

}  // namespace

std::vector<outputs::MetricId> metrics(const NetworkScenario& scenario) {
  std::vector<outputs::MetricId> out;
  for (const auto& station : scenario.stations) {
    for (const char* name : {"wait_mean", "sojourn_mean", "queue_length_mean", "in_system_mean",
                             "utilization", "throughput_per_day"}) {
      if (std::string_view(name) == "utilization" && station.capacity.unlimited()) continue;
      out.push_back(outputs::MetricId{name, station.id, "all"});
    }
  }
  out.push_back(outputs::MetricId{"network_sojourn_mean", "", "all"});
  return out;
}

std::vector<double> simulate(const NetworkScenario& scenario, std::uint64_t replication,
                             RunCounters& counters) {
  const engine::CheckedReplication checked(replication);
  Replication run(scenario, replication);
  run.run(counters);
  return run.results();
}

std::size_t bytes_per_customer() {
  // Its slot and free-list entry, its pending end of service, its entry in a line (an entity,
  // a time and a ticket); twice, for the vectors' growth by doubling.
  return 2 * (sizeof(Customer) + sizeof(EntityId) + sizeof(engine::Event<Payload>) + 16);
}

std::vector<double> simulate(const NetworkScenario& scenario, std::uint64_t replication) {
  RunCounters ignored;
  return simulate(scenario, replication, ignored);
}

}  // namespace jeugdsim::models::network
