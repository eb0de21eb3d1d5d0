// The two backends. Each owns its parts in construction order.
#include "cli/job_backend.h"

#include <unistd.h>

#include <boost/json.hpp>

#include "jobs/job_queue.h"
#include "jobs/redis_cache_index.h"
#include "jobs/redis_chunk_pool.h"
#include "jobs/redis_chunk_taker.h"
#include "jobs/redis_events.h"
#include "jobs/redis_flight_lock.h"
#include "jobs/redis_job_service.h"
#include "jobs/redis_job_store.h"
#include "jobs/redis_keys.h"
#include "jobs/redis_worker.h"
#include "jobs/render_pipeline.h"
#include "jobs/sqlite_cache_index.h"
#include "jobs/sqlite_job_store.h"

namespace manimd::cli {
namespace {

std::unique_ptr<jobs::RenderPipeline> MakePipeline(sandbox::Runner* runner,
                                                   const VideoStorage& storage,
                                                   const core::Clock* clock,
                                                   metrics::Metrics* metrics,
                                                   jobs::SplitRenderer* split = nullptr) {
  return std::make_unique<jobs::RenderPipeline>(runner, storage.videos, storage.staging.string(),
                                                storage.unstored.string(), clock, metrics, split);
}

class LocalBackend : public JobBackend {
 public:
  LocalBackend(std::unique_ptr<jobs::SqliteJobStore> store,
               std::unique_ptr<jobs::RenderPipeline> pipeline, const core::Config& c,
               const core::Clock* clock, std::string path, jobs::JobListener* listener)
      : store_(std::move(store)),
        pipeline_(std::move(pipeline)),
        queue_({c.max_concurrent_renders, c.max_queue}, pipeline_.get(), store_.get(), clock,
               listener),
        path_(std::move(path)) {}
  jobs::JobService* service() override { return &queue_; }
  jobs::JobStore* store() override { return store_.get(); }
  core::Result<int> Start() override { return queue_.Recover(); }
  void Shutdown(std::chrono::milliseconds grace) override { queue_.Shutdown(grace); }
  std::string Describe() const override { return "sqlite:" + path_; }
  void SetCache(jobs::ResultCache* cache) override { pipeline_->SetCache(cache); }
  core::Result<std::unique_ptr<cache::CacheIndex>> OpenCacheIndex() override {
    auto index = jobs::SqliteCacheIndex::Open(path_);
    if (!index.ok()) return index.status();
    return std::unique_ptr<cache::CacheIndex>(std::move(*index));
  }

 private:
  std::unique_ptr<jobs::SqliteJobStore> store_;
  std::unique_ptr<jobs::RenderPipeline> pipeline_;
  jobs::JobQueue queue_;
  std::string path_;
};

class RedisBackend : public JobBackend {
 public:
  RedisBackend(const core::Config& c, redis::RedisAddress address, const VideoStorage& storage,
               sandbox::Runner* runner, const core::Clock* clock, bool renders,
               metrics::Metrics* metrics, jobs::JobListener* listener, jobs::SplitRenderer* split)
      : address_(address),
        client_(redis::RedisClient::Lazy(address, {})),
        store_(client_.get()),
        events_(address, &store_),
        service_(&store_, &events_, client_.get(), clock, c.max_queue, listener),
        lease_(std::chrono::seconds(c.worker_lease_s)),
        cache_ttl_(std::chrono::seconds(c.job_ttl_s)),
        flight_lock_(client_.get()) {
    if (!renders) return;
    pipeline_ = MakePipeline(runner, storage, clock, metrics, split);
    jobs::RedisWorkerOptions o;
    o.address = address;
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    o.host = host;
    o.id = c.worker_id.empty() ? o.host + "-" + std::to_string(getpid()) : c.worker_id;
    o.slots = c.max_concurrent_renders;
    o.lease = lease_;
    o.max_deliveries = c.worker_max_deliveries;
    worker_ = std::make_unique<jobs::RedisWorker>(o, &store_, &events_, pipeline_.get(),
                                                  storage.videos, clock, listener);
    // Chunks of split jobs travel between workers (docs/split.md); every key of a job's
    // chunks outlives the longest split render: each chunk one after the other, dry run
    // and join besides.
    std::chrono::milliseconds ttl =
        std::chrono::seconds(static_cast<std::int64_t>(c.render_timeout_s) *
                             (c.split_max_chunks + 2)) +
        lease_;
    taker_ = std::make_unique<jobs::RedisChunkTaker>(
        jobs::RedisChunkTakerOptions{address, o.id, lease_, ttl, storage.staging.string()}, &store_,
        runner, storage.videos);
    worker_->SetChunkTaker(taker_.get());
    if (split != nullptr) {
      pool_ = std::make_unique<jobs::RedisChunkPool>(
          jobs::RedisChunkPoolOptions{address, o.id, lease_, ttl}, storage.videos);
      split_ = split;
      split_->SetPool(pool_.get());
    }
  }
  ~RedisBackend() override {
    Shutdown(std::chrono::milliseconds(0));
    if (split_ != nullptr) split_->SetPool(nullptr);  // the renderer outlives the backend
  }
  jobs::JobService* service() override { return &service_; }
  jobs::JobStore* store() override { return &store_; }
  core::Result<int> Start() override {
    events_.Start();
    if (worker_) worker_->Start();
    return 0;  // nothing to recover: unfinished jobs wait in Redis for any worker
  }
  void Shutdown(std::chrono::milliseconds grace) override {
    if (worker_) worker_->Stop(grace);
    events_.Stop();
  }
  std::string Describe() const override { return address_.Describe(); }
  boost::json::array Workers() override;
  core::Result<std::unique_ptr<cache::CacheIndex>> OpenCacheIndex() override {
    return std::unique_ptr<cache::CacheIndex>(
        std::make_unique<jobs::RedisCacheIndex>(client_.get(), cache_ttl_));
  }
  cache::ClusterLock* cluster_lock() override { return &flight_lock_; }
  void SetCache(jobs::ResultCache* cache) override {
    if (pipeline_) pipeline_->SetCache(cache);
  }

 private:
  redis::RedisAddress address_;
  std::unique_ptr<redis::RedisClient> client_;
  jobs::RedisJobStore store_;
  jobs::RedisEvents events_;
  jobs::RedisJobService service_;
  std::chrono::milliseconds lease_;
  std::chrono::milliseconds cache_ttl_;  // JOB_TTL: cache entries live no longer than jobs
  jobs::RedisFlightLock flight_lock_;
  std::unique_ptr<jobs::RenderPipeline> pipeline_;
  std::unique_ptr<jobs::RedisChunkPool> pool_;    // this worker's split jobs' chunks
  std::unique_ptr<jobs::RedisChunkTaker> taker_;  // other workers' chunks, in idle slots
  jobs::SplitRenderer* split_ = nullptr;
  std::unique_ptr<jobs::RedisWorker> worker_;
};

boost::json::array RedisBackend::Workers() {
  boost::json::array out;
  core::Result<redis::RedisReply> all = client_->Command({"HGETALL", jobs::redis_keys::kWorkers});
  if (!all.ok()) return out;
  std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  for (size_t i = 0; i + 1 < all->elements.size(); i += 2) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(all->elements[i + 1].str, ec);
    if (ec || !v.is_object()) continue;
    boost::json::object w = v.get_object();
    std::int64_t beat =
        w.contains("heartbeatMs") ? w.at("heartbeatMs").to_number<std::int64_t>(ec) : 0;
    double age = static_cast<double>(now - beat) / 1000.0;
    if (age * 1000.0 > 10.0 * static_cast<double>(lease_.count())) {
      // Gone for ten leases (killed, never stopped cleanly): forgotten, not listed forever.
      (void)client_->Command({"HDEL", jobs::redis_keys::kWorkers, all->elements[i].str});
      continue;
    }
    w.erase("heartbeatMs");
    w.erase("leaseMs");
    w["id"] = all->elements[i].str;
    w["heartbeatAgeS"] = static_cast<std::int64_t>(age);
    // Not heard of for a whole lease: dead or cut off; its jobs go to others.
    w["stale"] = age * 1000.0 > static_cast<double>(lease_.count());
    out.push_back(std::move(w));
  }
  return out;
}

}  // namespace

core::Result<std::unique_ptr<JobBackend>> OpenJobBackend(
    const core::Config& c, const VideoStorage& storage, sandbox::Runner* runner,
    const core::Clock* clock, bool renders, metrics::Metrics* metrics, jobs::JobListener* listener,
    jobs::SplitRenderer* split) {
  if (!c.redis_url.empty()) {
    core::Result<redis::RedisAddress> address = redis::ParseRedisUrl(c.redis_url);
    if (!address.ok()) return address.status();
    return std::unique_ptr<JobBackend>(
        new RedisBackend(c, *address, storage, runner, clock, renders, metrics, listener, split));
  }
  // Jobs survive restarts in one SQLite file; the only state besides the videos.
  std::string path = JobDatabasePath(storage);
  core::Result<std::unique_ptr<jobs::SqliteJobStore>> store = jobs::SqliteJobStore::Open(path);
  if (!store.ok()) return store.status();
  return std::unique_ptr<JobBackend>(
      new LocalBackend(std::move(*store), MakePipeline(runner, storage, clock, metrics, split), c,
                       clock, path, listener));
}

std::string JobDatabasePath(const VideoStorage& storage) {
  return (storage.data_dir / "jobs.sqlite").string();
}

}  // namespace manimd::cli
