#include "scratch.h"

#include <memory>

namespace rdlab::cpu {
namespace {

struct Buffer {
  std::unique_ptr<float[]> data;
  int64_t size = 0;
  float* get(int64_t n) {
    if (n > size) {
      data.reset(new float[n]);
      size = n;
    }
    return data.get();
  }
};

}  // namespace

float* scratch(Scratch kind, int64_t n) {
  thread_local Buffer call, worker, pass;
  return (kind == Scratch::Call ? call : kind == Scratch::Worker ? worker : pass).get(n);
}

}  // namespace rdlab::cpu
