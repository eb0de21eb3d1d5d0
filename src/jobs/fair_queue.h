// FairQueue: the waiting jobs of JobQueue, one lane per tenant, taken round-robin over
// the tenants that have jobs waiting, skipping a tenant whose running jobs are at its
// limit. So one tenant's hundred jobs do not hold back another's one, and a key's
// --concurrency holds its jobs back without holding a worker. Within a lane, first come
// first served. Anonymous jobs (auth off) share the lane "" with no limit, so without
// keys this is the plain FIFO it replaced. Not thread-safe: JobQueue's mutex guards it.
#pragma once

#include <algorithm>
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace manimd::jobs {

template <typename T>
class FairQueue {
 public:
  // Queues `item` for `tenant`, whose items may run `limit` at once (0: no limit).
  void Push(const std::string& tenant, int limit, T item) {
    Lane& lane = lanes_[tenant];
    lane.limit = limit;
    if (lane.items.empty()) turns_.push_back(tenant);
    lane.items.push_back(std::move(item));
    ++size_;
  }

  // Whether Pop would hand out an item now.
  bool HasRunnable() const {
    return std::any_of(turns_.begin(), turns_.end(),
                       [&](const std::string& t) { return MayRun(lanes_.at(t)); });
  }

  // The next item: from the first tenant in turn that may run one more, which then goes
  // to the back of the turns and counts one more running (until Finished). Nothing when
  // every tenant with waiting items is at its limit.
  std::optional<T> Pop() {
    for (auto it = turns_.begin(); it != turns_.end(); ++it) {
      Lane& lane = lanes_.at(*it);
      if (!MayRun(lane)) continue;
      std::string tenant = *it;
      T item = std::move(lane.items.front());
      lane.items.pop_front();
      --size_;
      ++lane.running;
      turns_.erase(it);
      if (!lane.items.empty()) turns_.push_back(tenant);
      return item;
    }
    return std::nullopt;
  }

  // An item of `tenant` that Pop handed out is done (or was never run).
  void Finished(const std::string& tenant) {
    auto it = lanes_.find(tenant);
    if (it == lanes_.end()) return;
    if (it->second.running > 0) --it->second.running;
    DropIfIdle(it);
  }

  // Takes a waiting item out; false when it is not waiting here.
  bool Remove(const std::string& tenant, const T& item) {
    auto it = lanes_.find(tenant);
    if (it == lanes_.end()) return false;
    std::deque<T>& items = it->second.items;
    auto found = std::find(items.begin(), items.end(), item);
    if (found == items.end()) return false;
    items.erase(found);
    --size_;
    if (items.empty()) turns_.erase(std::find(turns_.begin(), turns_.end(), tenant));
    DropIfIdle(it);
    return true;
  }

  // Every waiting item, lane by lane; the queue keeps only its running counts.
  std::vector<T> TakeAll() {
    std::vector<T> all;
    for (auto& [tenant, lane] : lanes_) {
      for (T& item : lane.items) all.push_back(std::move(item));
      lane.items.clear();
    }
    turns_.clear();
    size_ = 0;
    return all;
  }

  std::size_t size() const { return size_; }
  int running(const std::string& tenant) const {
    auto it = lanes_.find(tenant);
    return it == lanes_.end() ? 0 : it->second.running;
  }

 private:
  struct Lane {
    std::deque<T> items;
    int limit = 0;
    int running = 0;
  };
  static bool MayRun(const Lane& lane) {
    return !lane.items.empty() && (lane.limit <= 0 || lane.running < lane.limit);
  }
  void DropIfIdle(typename std::map<std::string, Lane>::iterator it) {
    if (it->second.items.empty() && it->second.running == 0) lanes_.erase(it);
  }

  std::map<std::string, Lane> lanes_;
  std::deque<std::string> turns_;  // tenants with waiting items, whose turn comes first
  std::size_t size_ = 0;
};

}  // namespace manimd::jobs
