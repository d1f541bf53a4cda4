#!/usr/bin/python3
"""The M/M/8 station of bench/mm8_scenario.hpp in SimPy, the peer a Python user would pick:
arrivals at 1.7 a day, 8 servers (a simpy.Resource, FIFO), exponential service with mean 4
days. Written the way SimPy's documentation writes such models (one process per customer), and
collecting the same statistics as the engine's run (waits, sojourns, time-average queue length
and busy servers). Prints one line: days, customers, seconds, customers/s, mean wait.

    /usr/bin/python3 bench/peers/mm8_simpy.py [DAYS]      (default 200000)

Debian's python3-simpy3 (scripts/install-deps installs it) is for Debian's /usr/bin/python3.
"""
import random
import sys
import time

import simpy

ARRIVALS_PER_DAY = 1.7
MEAN_SERVICE_DAYS = 4.0
SERVERS = 8


class Statistics:
    def __init__(self):
        self.customers = 0
        self.served = 0
        self.wait_sum = 0.0
        self.sojourn_sum = 0.0
        self.queue_area = 0.0
        self.busy_area = 0.0
        self.last = 0.0

    def observe(self, now, clinic):
        # Areas under the queue length and busy servers, before they change at `now`.
        elapsed = now - self.last
        self.queue_area += len(clinic.queue) * elapsed
        self.busy_area += clinic.count * elapsed
        self.last = now


def customer(env, clinic, stats, rng):
    arrived = env.now
    stats.observe(env.now, clinic)
    with clinic.request() as request:
        yield request
        stats.observe(env.now, clinic)
        stats.served += 1
        stats.wait_sum += env.now - arrived
        yield env.timeout(rng.expovariate(1.0 / MEAN_SERVICE_DAYS))
        stats.observe(env.now, clinic)
    stats.sojourn_sum += env.now - arrived


def arrivals(env, clinic, stats, rng):
    while True:
        yield env.timeout(rng.expovariate(ARRIVALS_PER_DAY))
        stats.customers += 1
        env.process(customer(env, clinic, stats, rng))


def main():
    days = float(sys.argv[1]) if len(sys.argv) > 1 else 200_000.0
    rng = random.Random(7)
    env = simpy.Environment()
    clinic = simpy.Resource(env, capacity=SERVERS)
    stats = Statistics()
    env.process(arrivals(env, clinic, stats, rng))
    start = time.perf_counter()
    env.run(until=days)
    seconds = time.perf_counter() - start
    print(f"days {days:.0f} customers {stats.customers} seconds {seconds:.3f} "
          f"customers_per_s {stats.customers / seconds:.1f} "
          f"wait_mean {stats.wait_sum / max(stats.served, 1):.5f}")


if __name__ == "__main__":
    main()
