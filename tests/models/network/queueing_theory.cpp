// The closed-form queueing results of queueing_theory.hpp, solved independently of the engine.

#include "queueing_theory.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

namespace jeugdsim::theory {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument(what);
}

void require_stable(double lambda, double mean_service, std::size_t c) {
  require(std::isfinite(lambda) && lambda > 0.0, "arrival rate must be positive");
  require(std::isfinite(mean_service) && mean_service > 0.0, "mean service must be positive");
  require(c >= 1, "a queue needs at least one server");
  require(lambda * mean_service < static_cast<double>(c),
          "the queue is unstable (utilization >= 1): it has no steady state");
}

}  // namespace

QueueMetrics mm1(double lambda, double mean_service) {
  // [GH] chapter 2 (M/M/1), [K1] chapter 3 (M/M/1): with mu = 1/E[S] and rho = lambda/mu,
  //   L = rho/(1-rho), Lq = rho^2/(1-rho), W = 1/(mu-lambda), Wq = rho/(mu-lambda),
  // and an arrival waits with probability rho (PASTA: it sees the server busy w.p. rho).
  require_stable(lambda, mean_service, 1);
  const double mu = 1.0 / mean_service;
  const double rho = lambda / mu;
  return QueueMetrics{
      .wait = rho / (mu - lambda),
      .sojourn = 1.0 / (mu - lambda),
      .queue_length = rho * rho / (1.0 - rho),
      .in_system = rho / (1.0 - rho),
      .utilization = rho,
      .throughput = lambda,
      .p_wait = rho,
  };
}

double erlang_c(std::size_t c, double offered_load) {
  // [GH] chapter 2 (M/M/c), [K1] chapter 3 (M/M/m, "Erlang's C formula"):
  //   C(c, a) = (a^c/c!) / (1 - rho) / (sum_{k<c} a^k/k! + (a^c/c!) / (1 - rho)),  rho = a/c.
  // Evaluated through the Erlang B recursion B(0) = 1, B(k) = a B(k-1) / (k + a B(k-1)) and
  // C = c B / (c - a (1 - B)) (B is Erlang's loss formula, [GH] chapter 2), which never
  // forms a^c or c! and so stays accurate for any c.
  require(c >= 1, "a queue needs at least one server");
  require(std::isfinite(offered_load) && offered_load > 0.0, "offered load must be positive");
  require(offered_load < static_cast<double>(c), "Erlang C needs offered load < servers");
  double b = 1.0;
  for (std::size_t k = 1; k <= c; ++k) {
    b = offered_load * b / (static_cast<double>(k) + offered_load * b);
  }
  const auto servers = static_cast<double>(c);
  return servers * b / (servers - offered_load * (1.0 - b));
}

QueueMetrics mmc(double lambda, double mean_service, std::size_t c) {
  // [GH] chapter 2 (M/M/c), [K1] chapter 3 (M/M/m): with a = lambda E[S] and rho = a/c,
  //   Lq = C(c,a) rho / (1 - rho), Wq = Lq / lambda (Little, [L61]), W = Wq + E[S], L = Lq + a.
  require_stable(lambda, mean_service, c);
  const double a = lambda * mean_service;
  const double rho = a / static_cast<double>(c);
  const double p_wait = erlang_c(c, a);
  const double lq = p_wait * rho / (1.0 - rho);
  const double wq = lq / lambda;
  return QueueMetrics{
      .wait = wq,
      .sojourn = wq + mean_service,
      .queue_length = lq,
      .in_system = lq + a,
      .utilization = rho,
      .throughput = lambda,
      .p_wait = p_wait,
  };
}

QueueMetrics mg1(double lambda, double mean_service, double service_variance) {
  // The Pollaczek-Khinchine mean-value formula, [GH] chapter 5 (M/G/1), [K1] chapter 5:
  //   Wq = lambda E[S^2] / (2 (1 - rho)),  E[S^2] = Var[S] + E[S]^2,  rho = lambda E[S];
  // then Lq = lambda Wq (Little, [L61]), W = Wq + E[S], L = Lq + rho. P(wait) = rho as in M/M/1
  // (PASTA).
  require_stable(lambda, mean_service, 1);
  require(std::isfinite(service_variance) && service_variance >= 0.0,
          "service variance must be >= 0");
  const double rho = lambda * mean_service;
  const double second_moment = service_variance + mean_service * mean_service;
  const double wq = lambda * second_moment / (2.0 * (1.0 - rho));
  return QueueMetrics{
      .wait = wq,
      .sojourn = wq + mean_service,
      .queue_length = lambda * wq,
      .in_system = lambda * wq + rho,
      .utilization = rho,
      .throughput = lambda,
      .p_wait = rho,
  };
}

std::vector<double> solve_traffic_equations(const std::vector<double>& external_rates,
                                            const std::vector<std::vector<double>>& routing) {
  // [GH] chapter 4 (open Jackson networks), [J63]: lambda_j = gamma_j + sum_i lambda_i p_ij, i.e.
  // (I - P^T) lambda = gamma. For an open network (everyone eventually leaves) I - P^T is
  // nonsingular.
  const std::size_t n = external_rates.size();
  require(routing.size() == n, "routing must have one row per station");
  for (const auto& from : routing) require(from.size() == n, "routing must be square");
  // Row j of the augmented matrix [I - P^T | gamma] is the balance equation of station j.
  // (Built row by row: GCC 12 misreads vector(n, row) here as a huge allocation and warns.)
  std::vector<std::vector<double>> a;
  for (std::size_t j = 0; j < n; ++j) {
    std::vector<double> row;
    for (std::size_t i = 0; i < n; ++i) row.push_back((i == j ? 1.0 : 0.0) - routing[i][j]);
    row.push_back(external_rates[j]);
    a.push_back(std::move(row));
  }
  for (std::size_t col = 0; col < n; ++col) {
    std::size_t pivot = col;
    for (std::size_t r = col + 1; r < n; ++r) {
      if (std::abs(a[r][col]) > std::abs(a[pivot][col])) pivot = r;
    }
    require(std::abs(a[pivot][col]) > 1e-12, "traffic equations are singular: a closed loop?");
    std::swap(a[col], a[pivot]);
    for (std::size_t r = 0; r < n; ++r) {
      if (r == col) continue;
      const double factor = a[r][col] / a[col][col];
      for (std::size_t k = col; k <= n; ++k) a[r][k] -= factor * a[col][k];
    }
  }
  std::vector<double> lambda(n);
  for (std::size_t i = 0; i < n; ++i) lambda[i] = a[i][n] / a[i][i];
  return lambda;
}

JacksonResult jackson(const JacksonNetwork& network) {
  // Jackson's theorem ([J63], [GH] chapter 4): in an open network of exponential stations
  // with Markov routing the stationary distribution has product form, each station i behaving
  // as an independent M/M/c_i queue with arrival rate lambda_i from the traffic equations
  // (although its arrival stream need not be Poisson when there is feedback). Time-averages
  // per station are therefore the M/M/c ones, and so are per-visit waits by Little's law.
  // The mean time from entering to leaving the network follows from Little's law [L61] applied to
  // the whole network: T = (sum_i L_i) / (sum_i gamma_i).
  require(network.stations.size() == network.external_rates.size(),
          "one external rate per station");
  JacksonResult result;
  result.arrival_rates = solve_traffic_equations(network.external_rates, network.routing);
  result.in_network = 0.0;
  for (std::size_t i = 0; i < network.stations.size(); ++i) {
    const JacksonStation& s = network.stations[i];
    result.stations.push_back(mmc(result.arrival_rates[i], s.mean_service, s.servers));
    result.in_network += result.stations.back().in_system;
  }
  const double external =
      std::accumulate(network.external_rates.begin(), network.external_rates.end(), 0.0);
  require(external > 0.0, "an open network needs external arrivals");
  result.network_sojourn = result.in_network / external;
  return result;
}

}  // namespace jeugdsim::theory
