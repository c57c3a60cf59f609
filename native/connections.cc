#include "connections.h"

#include <mutex>

namespace tsproxylib {

std::shared_ptr<ConnectionRecord> ConnectionTable::insert(uint64_t id, std::shared_ptr<ConnectionRecord> rec) {
  std::unique_lock<std::shared_mutex> g(mu_);
  auto& slot = map_[id];
  std::shared_ptr<ConnectionRecord> old = std::move(slot);
  slot = std::move(rec);
  return old;
}

std::shared_ptr<ConnectionRecord> ConnectionTable::find(uint64_t id) const {
  std::shared_lock<std::shared_mutex> g(mu_);
  auto it = map_.find(id);
  return it == map_.end() ? nullptr : it->second;
}

std::shared_ptr<ConnectionRecord> ConnectionTable::erase(uint64_t id) {
  std::unique_lock<std::shared_mutex> g(mu_);
  auto it = map_.find(id);
  if (it == map_.end()) return nullptr;
  auto rec = std::move(it->second);
  map_.erase(it);
  return rec;
}

size_t ConnectionTable::size() const {
  std::shared_lock<std::shared_mutex> g(mu_);
  return map_.size();
}

}  // namespace tsproxylib
