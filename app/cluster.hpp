#pragma once
// The processes that share one command: a single process normally, the ranks of `mpirun` or
// `srun` when the binary is built with MPI and started by such a launcher. `sweep` and
// `calibrate` spread work over ranks; every rank reads the same files and reaches the same
// decisions, and rank 0 alone prints and writes.
//
// MPI is initialised only when a launcher started the process (its environment says so): a
// plain `jeugdsim run` never pays MPI's start-up (~0.6 s as a singleton here) and never depends
// on a working MPI installation.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace jeugdsim::app {

// An error one rank met, in a form every rank can rethrow identically.
struct Failure {
  bool input_error = false;  // io::InputError (exit 2) rather than another failure (exit 1)
  std::string location;      // for an input error
  std::string message;
  int signal = 0;  // an Interrupted (interrupt.hpp): stopped by this signal

  [[noreturn]] void rethrow() const;
};

// The failure of the current exception, for Cluster::agree.
Failure current_failure();

class Cluster {
 public:
  // A cluster of one, without MPI (what current() is when main() did not join one: tests and
  // benchmarks calling the commands directly).
  Cluster() = default;
  // Joins the launcher's ranks if there are any; otherwise a cluster of one. At most one per
  // process, created first in main() and destroyed last (it finalises MPI).
  Cluster(int& argc, char**& argv);
  ~Cluster();
  Cluster(const Cluster&) = delete;
  Cluster& operator=(const Cluster&) = delete;

  // The process's cluster (the one main() created).
  static const Cluster& current();

  [[nodiscard]] int rank() const noexcept { return rank_; }
  [[nodiscard]] int size() const noexcept { return size_; }
  [[nodiscard]] bool is_root() const noexcept { return rank_ == 0; }
  // Whether this build can join MPI ranks at all.
  static bool built_with_mpi() noexcept;

  // Worker threads per rank when --threads is not given: 0 (all cores) for a single process;
  // under a launcher Slurm's --cpus-per-task if set, else the node's cores shared among the
  // ranks on the node, so ranks on one machine do not fight over its cores.
  [[nodiscard]] unsigned default_threads() const;

  // Collective. Every rank passes what it met (nothing, or a failure); every rank gets the
  // failure of the lowest-numbered rank that failed, so all stop together with the same error.
  [[nodiscard]] std::optional<Failure> agree(const std::optional<Failure>& mine) const;

  // Collective. Rank 0's `text` on every rank.
  void broadcast(std::string& text) const;

  // Collective. The rows of every rank, concatenated in rank order, on rank 0 (empty
  // elsewhere). Each rank's `rows` is a block of `width` values per row.
  [[nodiscard]] std::vector<double> gather_rows(std::span<const double> rows,
                                                std::size_t width) const;
  // Collective. The same, on every rank.
  [[nodiscard]] std::vector<double> share_rows(std::span<const double> rows,
                                               std::size_t width) const;

  // The block [first, first + count) of `total` work items that rank `rank` takes: contiguous
  // and balanced, so items come back in order when blocks are concatenated in rank order.
  struct Block {
    std::size_t first;
    std::size_t count;
  };
  [[nodiscard]] Block block_of(std::size_t total) const noexcept;

 private:
  int rank_ = 0;
  int size_ = 1;
  bool mpi_ = false;  // MPI was initialised here and is finalised on destruction
};

// Every rank calls it: a failure anywhere stops all ranks with the same error (Cluster::agree).
template <class Work>
void together(const Cluster& cluster, Work&& work) {
  std::optional<Failure> failure;
  try {
    work();
  } catch (...) {
    failure = current_failure();
  }
  if (const auto agreed = cluster.agree(failure)) agreed->rethrow();
}

}  // namespace jeugdsim::app
