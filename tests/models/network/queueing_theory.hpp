#pragma once
// Closed-form results of queueing theory: the "right answers" against which the simulation
// engine is checked (tests/models/network/test_theory.cpp, docs/validation.md).
//
// Everything here is independent of the engine on purpose: it takes plain rates and moments,
// not scenario objects, and solves its own equations, so a bug in the engine cannot hide by
// being repeated on the theory side.
//
// Conventions: `lambda` is an arrival rate (customers per unit of time), `mean_service` the mean
// service time of one server, `c` the number of identical servers. All results are long-run
// (stationary) values and exist only for a stable queue (utilization < 1); the functions throw
// std::invalid_argument otherwise.
//
// References (cited per formula in queueing_theory.cpp):
//  [GH]  Gross, Shortle, Thompson & Harris, "Fundamentals of Queueing Theory", 4th ed., Wiley
//        2008 (the "Gross & Harris" textbook).
//  [K1]  Kleinrock, "Queueing Systems, Volume 1: Theory", Wiley 1975.
//  [J63] Jackson, "Jobshop-like queueing systems", Management Science 10(1), 1963.
//  [L61] Little, "A proof for the queuing formula: L = lambda W", Operations Research 9(3), 1961.

#include <cstddef>
#include <vector>

namespace jeugdsim::theory {

// The long-run metrics of one station, named like the simulator's metrics.
struct QueueMetrics {
  double wait;          // Wq: mean time in queue (per visit)
  double sojourn;       // W: mean time in the station (per visit), Wq + E[S]
  double queue_length;  // Lq: time-average number waiting
  double in_system;     // L: time-average number present, Lq + offered load
  double utilization;   // rho: time-average fraction of servers busy
  double throughput;    // departures per unit of time, = lambda when stable
  double p_wait;        // probability that an arrival has to wait
};

// M/M/1.
QueueMetrics mm1(double lambda, double mean_service);

// The Erlang C formula: the probability that an arrival to an M/M/c queue with offered load
// a = lambda x mean_service (in Erlangs, a < c) finds all c servers busy.
double erlang_c(std::size_t c, double offered_load);

// M/M/c, through Erlang C.
QueueMetrics mmc(double lambda, double mean_service, std::size_t c);

// M/G/1 by the Pollaczek-Khinchine mean-value formula: only the first two moments of the
// service time matter. service_variance = 0 is M/D/1; = mean^2 is M/M/1.
QueueMetrics mg1(double lambda, double mean_service, double service_variance);

// An open Jackson network: Poisson external arrivals, exponential service, Markov (fixed
// probability) routing, M/M/c stations.
struct JacksonStation {
  std::size_t servers;
  double mean_service;
};

struct JacksonNetwork {
  std::vector<JacksonStation> stations;
  std::vector<double> external_rates;        // gamma_i: arrivals from outside to station i
  std::vector<std::vector<double>> routing;  // routing[i][j]: P(go to j after service at i)
};

struct JacksonResult {
  std::vector<double> arrival_rates;  // lambda_i, from the traffic equations
  std::vector<QueueMetrics> stations;
  double in_network;       // total time-average number of customers in the network
  double network_sojourn;  // mean time from entering to leaving the network
};

JacksonResult jackson(const JacksonNetwork& network);

// The traffic equations lambda = gamma + P^T lambda, solved by Gaussian elimination with partial
// pivoting (the engine solves them with Eigen; this is an independent solution).
std::vector<double> solve_traffic_equations(const std::vector<double>& external_rates,
                                            const std::vector<std::vector<double>>& routing);

}  // namespace jeugdsim::theory
