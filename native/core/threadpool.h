// A fixed pool of worker threads, sized to the machine (std::thread::hardware_concurrency)
// or to RDLAB_NUM_THREADS. parallel_for splits [0, n) into chunks of at least `grain`;
// the calling thread works too. One parallel region runs at a time: a call made inside a
// region (nested, on the caller or a worker) or while another thread's region is running
// (from a worker_thread) runs inline on its caller, so nothing can deadlock.
#pragma once
#include <cstdint>
#include <functional>

namespace rdlab {

int num_threads();
// The threads a parallel_for called from here would use: 1 inside a parallel region.
int free_threads();
void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t begin, int64_t end)>& fn);

}  // namespace rdlab
