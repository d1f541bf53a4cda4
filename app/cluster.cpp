#include "cluster.hpp"

#include <algorithm>
#include <cassert>
#include <climits>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <thread>
#include <utility>

#include "interrupt.hpp"
#include "jeugdsim/io/input_error.hpp"

#ifdef JEUGDSIM_HAVE_MPI
#include <mpi.h>
#endif

namespace jeugdsim::app {
namespace {

const Cluster* g_current = nullptr;

#ifdef JEUGDSIM_HAVE_MPI
// Launchers announce themselves in the environment: Open MPI's mpirun, PMIx (Open MPI 4+,
// Slurm's srun --mpi=pmix) and PMI (MPICH, Slurm's srun --mpi=pmi2).
bool started_by_launcher() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"}) {
    if (std::getenv(name) != nullptr) return true;
  }
  return false;
}

// A failure travels as one string: a flag character (input error, failure, signal), the location
// or the signal's number, a newline, the message.
std::string encode(const Failure& f) {
  // Appended, not `"S" + ...`: GCC 12's -Wrestrict misfires on the temporaries.
  std::string text(1, f.signal != 0 ? 'S' : f.input_error ? 'I' : 'F');
  text += f.signal != 0 ? std::to_string(f.signal) : f.location;
  text += '\n';
  text += f.message;
  return text;
}

Failure decode(const std::string& text) {
  const std::size_t newline = text.find('\n');
  Failure f;
  f.input_error = !text.empty() && text.front() == 'I';
  f.location = text.substr(1, newline - 1);
  f.message = text.substr(newline + 1);
  if (!text.empty() && text.front() == 'S') {
    f.signal = std::stoi(f.location);
    f.location.clear();
  }
  return f;
}

void check(int code, const char* what) {
  if (code != MPI_SUCCESS) throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

int to_int(std::size_t n, const char* what) {
  if (n > static_cast<std::size_t>(INT_MAX)) {
    throw std::runtime_error(std::string("MPI: ") + what + " is too large for one message");
  }
  return static_cast<int>(n);
}
#endif

}  // namespace

void Failure::rethrow() const {
  if (signal != 0) throw Interrupted(signal, message);
  if (input_error) throw io::InputError(location, message);
  throw std::runtime_error(message);
}

Failure current_failure() {
  try {
    throw;
  } catch (const io::InputError& e) {
    return Failure{true, e.location(), e.message()};
  } catch (const Interrupted& e) {
    return Failure{false, "", e.what(), e.signal()};
  } catch (const std::exception& e) {
    return Failure{false, "", e.what()};
  } catch (...) {
    return Failure{false, "", "unknown error"};
  }
}

Cluster::Cluster([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv) {
#ifdef JEUGDSIM_HAVE_MPI
  if (started_by_launcher()) {
    int provided = 0;
    // Only the main thread talks to MPI; worker threads only simulate.
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    mpi_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
  }
#endif
  g_current = this;
}

Cluster::~Cluster() {
  if (g_current == this) g_current = nullptr;
#ifdef JEUGDSIM_HAVE_MPI
  if (mpi_) MPI_Finalize();
#endif
}

const Cluster& Cluster::current() {
  static const Cluster alone;
  return g_current != nullptr ? *g_current : alone;
}

bool Cluster::built_with_mpi() noexcept {
#ifdef JEUGDSIM_HAVE_MPI
  return true;
#else
  return false;
#endif
}

unsigned Cluster::default_threads() const {
  if (!mpi_) return 0;
  const auto positive = [](const char* name) -> unsigned long {
    const char* text = std::getenv(name);
    if (text == nullptr) return 0;
    char* end = nullptr;
    const unsigned long value = std::strtoul(text, &end, 10);
    return end != text && *end == '\0' ? value : 0;
  };
  if (const unsigned long cpus = positive("SLURM_CPUS_PER_TASK"); cpus > 0) {
    return static_cast<unsigned>(std::min(cpus, 1024UL));
  }
  unsigned long local = positive("OMPI_COMM_WORLD_LOCAL_SIZE");
  if (local == 0) local = positive("MPI_LOCALNRANKS");
  if (local == 0) return 0;
  const unsigned long cores = std::max(1U, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max(1UL, cores / local));
}

std::optional<Failure> Cluster::agree(const std::optional<Failure>& mine) const {
  if (size_ == 1) return mine;
#ifdef JEUGDSIM_HAVE_MPI
  int first_failed = mine ? rank_ : size_;
  check(MPI_Allreduce(MPI_IN_PLACE, &first_failed, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD),
        "MPI_Allreduce");
  if (first_failed == size_) return std::nullopt;
  std::string text = first_failed == rank_ ? encode(*mine) : std::string();
  unsigned long length = text.size();
  check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG, first_failed, MPI_COMM_WORLD), "MPI_Bcast");
  text.resize(length);
  check(MPI_Bcast(text.data(), to_int(length, "an error message"), MPI_CHAR, first_failed,
                  MPI_COMM_WORLD),
        "MPI_Bcast");
  return decode(text);
#else
  return mine;
#endif
}

void Cluster::broadcast([[maybe_unused]] std::string& text) const {
  if (size_ == 1) return;
#ifdef JEUGDSIM_HAVE_MPI
  unsigned long length = text.size();
  check(MPI_Bcast(&length, 1, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD), "MPI_Bcast");
  text.resize(length);
  check(MPI_Bcast(text.data(), to_int(length, "a broadcast"), MPI_CHAR, 0, MPI_COMM_WORLD),
        "MPI_Bcast");
#endif
}

#ifdef JEUGDSIM_HAVE_MPI
namespace {

// Where each rank's block starts when the blocks of `counts` values are concatenated in rank
// order, and how many values they make in all.
std::pair<std::vector<int>, std::size_t> offsets_of(const std::vector<int>& counts) {
  std::vector<int> offsets(counts.size());
  std::size_t total = 0;
  for (std::size_t k = 0; k < counts.size(); ++k) {
    offsets[k] = to_int(total, "the results of one step");
    total += static_cast<std::size_t>(counts[k]);
  }
  return {offsets, total};
}

}  // namespace
#endif

std::vector<double> Cluster::gather_rows(std::span<const double> rows,
                                         [[maybe_unused]] std::size_t width) const {
  if (size_ == 1) return {rows.begin(), rows.end()};
#ifdef JEUGDSIM_HAVE_MPI
  const int mine = to_int(rows.size(), "a block of results");
  std::vector<int> counts(is_root() ? static_cast<std::size_t>(size_) : 0);
  check(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Gather");
  const auto [offsets, total] = offsets_of(counts);
  std::vector<double> all(total);
  check(MPI_Gatherv(rows.data(), mine, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                    MPI_DOUBLE, 0, MPI_COMM_WORLD),
        "MPI_Gatherv");
  assert(!is_root() || total % width == 0);  // every rank runs the same model
  return all;
#else
  return {rows.begin(), rows.end()};
#endif
}

std::vector<double> Cluster::share_rows(std::span<const double> rows,
                                        [[maybe_unused]] std::size_t width) const {
  if (size_ == 1) return {rows.begin(), rows.end()};
#ifdef JEUGDSIM_HAVE_MPI
  const int mine = to_int(rows.size(), "a block of results");
  std::vector<int> counts(static_cast<std::size_t>(size_));
  check(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD),
        "MPI_Allgather");
  const auto [offsets, total] = offsets_of(counts);
  std::vector<double> all(total);
  check(MPI_Allgatherv(rows.data(), mine, MPI_DOUBLE, all.data(), counts.data(), offsets.data(),
                       MPI_DOUBLE, MPI_COMM_WORLD),
        "MPI_Allgatherv");
  assert(total % width == 0);  // every rank runs the same model
  return all;
#else
  return {rows.begin(), rows.end()};
#endif
}

Cluster::Block Cluster::block_of(std::size_t total) const noexcept {
  const auto k = static_cast<std::size_t>(rank_);
  const auto n = static_cast<std::size_t>(size_);
  const std::size_t first = total * k / n;
  return Block{first, total * (k + 1) / n - first};
}

}  // namespace jeugdsim::app
