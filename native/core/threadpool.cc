#include "threadpool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace rdlab {
namespace {

thread_local bool in_region = false;  // this thread is running chunks of a parallel region

// Marks the current thread as inside a region for its lifetime.
struct RegionMark {
  RegionMark() { in_region = true; }
  ~RegionMark() { in_region = false; }
};

class Pool {
 public:
  explicit Pool(int n) : size_(n) {
    for (int i = 1; i < n; ++i) workers_.emplace_back([this] { loop(); });
  }
  ~Pool() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
  }
  int size() const { return size_; }

  void run(int64_t n, int64_t chunk, const std::function<void(int64_t, int64_t)>& fn) {
    std::unique_lock<std::mutex> region(region_, std::try_to_lock);
    if (!region.owns_lock() || size_ == 1) {
      fn(0, n);
      return;
    }
    RegionMark mark;
    {
      std::lock_guard<std::mutex> lk(mu_);
      fn_ = &fn;
      n_ = n;
      chunk_ = chunk;
      next_.store(0);
      open_ = true;
      joined_ = 0;
      error_ = nullptr;
      ++generation_;
    }
    cv_.notify_all();
    work();
    // Close the region: a worker that wakes from here on (on a busy machine that can be
    // milliseconds later) skips it, so the caller waits only for chunks already started,
    // never for a thread the scheduler has not run yet.
    std::unique_lock<std::mutex> lk(mu_);
    open_ = false;
    if (joined_ > 0) {
      lk.unlock();
      await_joined();
      lk.lock();
    }
    done_cv_.wait(lk, [this] { return joined_ == 0; });
    fn_ = nullptr;
    if (error_) std::rethrow_exception(error_);
  }

 private:
  void work() {
    for (;;) {
      int64_t begin = next_.fetch_add(chunk_);
      if (begin >= n_) return;
      try {
        (*fn_)(begin, std::min(n_, begin + chunk_));
      } catch (...) {
        std::lock_guard<std::mutex> lk(mu_);
        if (!error_) error_ = std::current_exception();
      }
    }
  }
  // The workers still in the region are running chunks they have started, so they are
  // likely to finish within a chunk's time: watch for that a little before sleeping on the
  // condition variable, since waking a sleeping caller costs tens of microseconds on an
  // idle virtual CPU (40 us measured here: most of a small forward pass's saving). The
  // bound keeps a worker preempted mid-chunk from holding this core for long.
  void await_joined() const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(kJoinSpinUs);
    while (joined_.load(std::memory_order_acquire) > 0 && std::chrono::steady_clock::now() < until) {
#if defined(__x86_64__) || defined(__i386__)
      __builtin_ia32_pause();
#endif
    }
  }
  void loop() {
    uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lk(mu_);
        cv_.wait(lk, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (!open_) continue;
        ++joined_;
      }
      {
        RegionMark mark;
        work();
      }
      std::lock_guard<std::mutex> lk(mu_);
      if (--joined_ == 0) done_cv_.notify_one();
    }
  }

  int size_;
  std::vector<std::thread> workers_;
  std::mutex region_, mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int64_t, int64_t)>* fn_ = nullptr;
  int64_t n_ = 0, chunk_ = 1;
  std::atomic<int64_t> next_{0};
  static constexpr int kJoinSpinUs = 50;
  std::atomic<int> joined_{0};  // workers inside the open region (changed under mu_)
  uint64_t generation_ = 0;
  bool open_ = false, stop_ = false;
  std::exception_ptr error_;
};

int configured_threads() {
  if (const char* env = std::getenv("RDLAB_NUM_THREADS")) {
    int n = std::atoi(env);
    if (n >= 1 && n <= 1024) return n;
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

Pool& pool() {
  static Pool p(configured_threads());
  return p;
}

}  // namespace

int num_threads() { return pool().size(); }

int free_threads() { return in_region ? 1 : num_threads(); }

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(1, grain);
  int threads = free_threads();
  if (threads == 1 || n <= grain) {
    fn(0, n);
    return;
  }
  // About four chunks per thread balances uneven chunks without much scheduling cost.
  int64_t chunk = std::max(grain, (n + threads * 4 - 1) / (threads * 4));
  pool().run(n, chunk, fn);
}

}  // namespace rdlab
