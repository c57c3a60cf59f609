#include "instances.h"

namespace tsproxylib {

Instance::Instance(uint64_t id, ModuleParams params, std::string node_id)
    : id_(id), params_(std::move(params)), node_id_(std::move(node_id)), access_log_(params_.get(kAccessLogPath)) {
  std::string file = params_.get(kAccessLogFile);
  if (!file.empty()) file_log_ = std::make_unique<FileLogSink>(file);
}

bool Instance::needsControlPlane() const {
  for (const char* key : {kXdsPath, kPolicyFile, kParserBundle, kAdminSocket})
    if (!params_.get(key).empty()) return true;
  return false;
}

void Instance::markControlReady() {
  std::lock_guard<std::mutex> g(ready_mu_);
  control_ready_ = true;
  ready_cv_.notify_all();
}

bool Instance::waitControlReady(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> g(ready_mu_);
  return ready_cv_.wait_for(g, timeout, [this] { return control_ready_; });
}

uint64_t Instance::policy(std::string* json) const {
  std::lock_guard<std::mutex> g(policy_mu_);
  *json = policy_json_;
  return policy_seq_.load(std::memory_order_relaxed);
}

uint64_t Instance::publishPolicy(std::string json) {
  std::lock_guard<std::mutex> g(policy_mu_);
  policy_json_ = std::move(json);
  return policy_seq_.fetch_add(1, std::memory_order_acq_rel) + 1;
}

uint64_t InstanceTable::open(ModuleParams params, bool* created) {
  std::lock_guard<std::mutex> g(mu_);
  for (auto& [id, inst] : open_) {
    if (params.shareableWith(inst->params(), inst->nodeId())) {
      inst->open_count_++;
      *created = false;
      return id;
    }
  }
  uint64_t id = ++last_id_;
  std::string node = params.get(kNodeId);
  if (node.empty()) node = "host~127.0.0.2~libcilium-" + std::to_string(id) + "~localdomain";
  open_[id] = std::make_shared<Instance>(id, std::move(params), std::move(node));
  *created = true;
  return id;
}

bool InstanceTable::close(uint64_t id) {
  std::lock_guard<std::mutex> g(mu_);
  auto it = open_.find(id);
  if (it == open_.end()) return false;
  if (--it->second->open_count_ > 0) return false;
  retired_[id] = it->second;
  open_.erase(it);
  for (auto r = retired_.begin(); r != retired_.end();) r = r->second.expired() ? retired_.erase(r) : std::next(r);
  return true;
}

std::shared_ptr<Instance> InstanceTable::findOpen(uint64_t id) {
  std::lock_guard<std::mutex> g(mu_);
  auto it = open_.find(id);
  return it == open_.end() ? nullptr : it->second;
}

std::shared_ptr<Instance> InstanceTable::find(uint64_t id) {
  std::lock_guard<std::mutex> g(mu_);
  auto it = open_.find(id);
  if (it != open_.end()) return it->second;
  auto r = retired_.find(id);
  return r == retired_.end() ? nullptr : r->second.lock();
}

}  // namespace tsproxylib
