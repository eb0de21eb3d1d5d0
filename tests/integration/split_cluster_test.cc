// Split renders across a Redis cluster (docs/split.md): an API node that does not render,
// two `manimd worker`s with one render slot each, a real redis-server and S3 (moto). The
// worker that takes a job renders one chunk, the other worker's idle slot the other one,
// which travels through the bucket; the joined video is compared with the whole render.
// Also: a chunk failing on the other worker, cancel reaching the other worker, and the
// chunk of a worker killed mid-render rendered again by the coordinator.
#include <gtest/gtest.h>

#include <iostream>
#include <regex>

#include "cluster_fixture.h"
#include "storage/s3_storage.h"
#include "video_compare.h"

namespace manimd::testing_support {
namespace {

class SplitClusterTest : public ClusterFixture {
 protected:
  void SetUp() override {
    ClusterFixture::SetUp();
    api_ = Api();
    // SPLIT=on with no frame threshold: any scene of two animations or more is split.
    Vars split = {{"SPLIT", "on"}, {"SPLIT_MIN_FRAMES", "0"}, {"SPLIT_MAX_CHUNKS", "2"}};
    split["WORKER_ID"] = "w1";
    workers_.push_back(Worker(split));
    split["WORKER_ID"] = "w2";
    workers_.push_back(Worker(split));
    ASSERT_TRUE(BothIdle());
  }

  // Both workers' last heartbeats say they are idle: a job's coordinator counts the other
  // one's slot (heartbeats come every WORKER_LEASE_S / 3, so a worker that just finished a
  // job may still look busy for a second).
  bool BothIdle() {
    return WaitFor(
        [&] {
          HttpReply r = Http(api_->port(), "GET", "/ready");
          if (!r.json.contains("workers")) return false;
          const boost::json::array& workers = r.json.at("workers").as_array();
          int idle = 0;
          for (const boost::json::value& w : workers) {
            if (w.at("busy").to_number<std::int64_t>() == 0) ++idle;
          }
          return workers.size() == 2 && idle == 2;
        },
        30);
  }

  storage::S3Storage Bucket() const {
    storage::S3StorageOptions o;
    o.s3.bucket = moto_.bucket();
    o.s3.endpoint = moto_.endpoint();
    o.s3.credentials = {moto_.access_key_id(), moto_.secret_access_key(), ""};
    return storage::S3Storage(o);
  }
  // POSTs `scene` as a job to the API node; its id, or "" (a failed expectation).
  std::string Submit(const std::string& scene, const std::string& quality, bool split) {
    HttpReply r =
        Http(api_->port(), "POST", "/api/jobs", RenderBody(scene, quality, {{"split", split}}),
             {{"Content-Type", "application/json"}});
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? std::string(r.json.at("jobId").as_string()) : "";
  }
  // POSTs `scene` as a job and waits for its end.
  HttpReply Run(const std::string& scene, const std::string& quality, bool split, std::string* id) {
    *id = Submit(scene, quality, split);
    return id->empty() ? HttpReply{} : WaitForJob(api_->port(), *id, 240);
  }
  // Whether each worker has started a chunk of job `id` (its log says so).
  bool BothWorkersTookAChunk(const std::string& id) {
    return workers_[0]->LogShows("render.chunk job_id=" + id, 0) &&
           workers_[1]->LogShows("render.chunk job_id=" + id, 0);
  }
  // The job's video, fetched from the bucket into the test's directory.
  std::string Fetch(const HttpReply& job, const std::string& name) {
    std::string path = env_.dir() + "/" + name;
    core::Status s = Bucket().Get(std::string(job.json.at("s3Key").as_string()), path);
    EXPECT_TRUE(s.ok()) << s.message();
    return path;
  }
  // The worker whose log says it split `id` (the coordinator), and the other one.
  std::pair<ServeProcess*, ServeProcess*> Roles(const std::string& id) {
    bool first = workers_[0]->LogShows("render.split job_id=" + id, 1);
    return first ? std::make_pair(workers_[0].get(), workers_[1].get())
                 : std::make_pair(workers_[1].get(), workers_[0].get());
  }
  // Keys of objects under chunks/ in the bucket (a listing's <Key> elements).
  int ChunkObjects() const {
    storage::S3Storage bucket = Bucket();
    storage::S3Reply list =
        bucket.client().SendOnce({"GET", "", {{"list-type", "2"}, {"prefix", "chunks"}}, {}, {}});
    EXPECT_TRUE(list.ok()) << list.http_status << " " << list.body;
    int n = 0;
    for (size_t at = list.body.find("<Key>chunks/"); at != std::string::npos;
         at = list.body.find("<Key>chunks/", at + 1)) {
      ++n;
    }
    return n;
  }

  std::unique_ptr<ServeProcess> api_;
  std::vector<std::unique_ptr<ServeProcess>> workers_;
};

int Chunks(const HttpReply& job) {
  const boost::json::value* c = job.json.if_contains("chunks");
  return c && c->is_int64() ? static_cast<int>(c->as_int64()) : 0;
}

std::int64_t CpuMs(const HttpReply& job) {
  return job.json.at("usage").at("cpuMs").to_number<std::int64_t>();
}

TEST_F(SplitClusterTest, TheChunksOfOneJobRenderOnTwoWorkers) {
  std::string whole_id, split_id;
  HttpReply whole = Run("split/many.py", "-qm", false, &whole_id);
  ASSERT_EQ(whole.json.at("status"), "succeeded") << whole.body;
  EXPECT_EQ(Chunks(whole), 1);
  ASSERT_TRUE(BothIdle());
  HttpReply split = Run("split/many.py", "-qm", true, &split_id);
  ASSERT_EQ(split.json.at("status"), "succeeded") << split.body;
  EXPECT_EQ(Chunks(split), 2) << split.body;
  // Each worker rendered one chunk of it: its coordinator one, the other worker one.
  auto [coordinator, other] = Roles(split_id);
  EXPECT_TRUE(coordinator->LogShows("render.chunk job_id=" + split_id)) << coordinator->Log();
  EXPECT_TRUE(other->LogShows("render.chunk job_id=" + split_id)) << other->Log();
  EXPECT_TRUE(coordinator->LogShows("render.chunk_remote job_id=" + split_id))
      << coordinator->Log();
  ExpectSameVideo(env_, Fetch(whole, "whole.mp4"), Fetch(split, "split.mp4"), "many.py");
  // usage.cpuMs counts both chunks: more than the remote one alone, which the coordinator
  // logged as it collected it.
  std::smatch m;
  std::string log = coordinator->Log();
  ASSERT_TRUE(std::regex_search(
      log, m, std::regex("render\\.chunk_remote job_id=" + split_id + ".* cpu_ms=([0-9]+)")))
      << log;
  std::int64_t remote_ms = std::stoll(m[1]);
  EXPECT_GT(remote_ms, 0);
  EXPECT_GT(CpuMs(split), remote_ms) << split.body;
  // For the record, never asserted (bench/ measures): the two renders' wall and CPU times.
  std::cout << "[ info     ] whole wallMs=" << whole.json.at("usage").at("wallMs")
            << " cpuMs=" << CpuMs(whole)
            << "; split over two workers wallMs=" << split.json.at("usage").at("wallMs")
            << " cpuMs=" << CpuMs(split) << " (remote chunk cpuMs=" << remote_ms << ")\n";
  // Nothing of the chunks is left: no temporary object, no key in Redis.
  EXPECT_EQ(ChunkObjects(), 0);
  EXPECT_EQ(redis_.Command({"KEYS", "manimd:chunks:*"}), "*0") << "keys left";
}

TEST_F(SplitClusterTest, AChunkFailingOnTheOtherWorkerFailsTheJobWithTheUsersLine) {
  std::string id;
  HttpReply r = Run("split/fails_late.py", "-ql", true, &id);
  ASSERT_EQ(r.json.at("status"), "failed") << r.body;
  EXPECT_EQ(Chunks(r), 2);
  auto [coordinator, other] = Roles(id);
  // The second chunk (the one that fails) went to the other worker.
  EXPECT_TRUE(coordinator->LogShows("render.chunk_remote job_id=" + id + " chunk=2"))
      << coordinator->Log();
  EXPECT_TRUE(other->LogShows("render.chunk job_id=" + id + " chunk=2")) << other->Log();
  const boost::json::object& error = r.json.at("error").as_object();
  EXPECT_EQ(error.at("kind"), "python_error") << r.body;
  std::string message(error.at("message").as_string());
  EXPECT_NE(message.find("chunk 2 of 2"), std::string::npos) << message;
  EXPECT_NE(message.find("exploded mid-animation"), std::string::npos) << message;
  EXPECT_EQ(error.at("location").at("line"), 9) << r.body;  // the raise
  EXPECT_EQ(ChunkObjects(), 0);
}

TEST_F(SplitClusterTest, CancelStopsTheChunkOnTheOtherWorker) {
  std::string id = Submit("split/long.py", "-ql", true);
  ASSERT_FALSE(id.empty());
  // Both chunks under way (the other worker's included), some frames done: then cancel.
  ASSERT_TRUE(WaitFor(
      [&] {
        HttpReply j = Http(api_->port(), "GET", "/api/jobs/" + id);
        return j.json.contains("progress") &&
               j.json.at("progress").at("percent").to_number<double>() > 0 &&
               BothWorkersTookAChunk(id);
      },
      120))
      << workers_[0]->Log() << workers_[1]->Log();
  EXPECT_EQ(Http(api_->port(), "DELETE", "/api/jobs/" + id).status, 200);
  HttpReply done = WaitForJob(api_->port(), id, 60);
  EXPECT_EQ(done.json.at("status"), "cancelled") << done.body;
  EXPECT_EQ(done.json.at("error").at("kind"), "cancelled");
  auto [coordinator, other] = Roles(id);
  EXPECT_TRUE(other->LogShows("render.chunk_cancelled job_id=" + id)) << other->Log();
  EXPECT_EQ(ChunkObjects(), 0);
  EXPECT_TRUE(WaitFor([&] { return redis_.Command({"KEYS", "manimd:chunks:*"}) == "*0"; }, 10));
}

// A worker killed mid-chunk: its claim lapses after WORKER_LEASE_S (3 s here) and the
// coordinator renders that chunk itself; the job still succeeds, whole and in order.
TEST_F(SplitClusterTest, AChunkOfAWorkerThatDiedIsRenderedByTheCoordinator) {
  std::string id = Submit("split/long.py", "-ql", true);
  ASSERT_FALSE(id.empty());
  ASSERT_TRUE(WaitFor([&] { return BothWorkersTookAChunk(id); }, 120))
      << workers_[0]->Log() << workers_[1]->Log();
  auto [coordinator, other] = Roles(id);
  other->Stop(SIGKILL);
  HttpReply done = WaitForJob(api_->port(), id, 240);
  ASSERT_EQ(done.json.at("status"), "succeeded") << done.body << coordinator->Log();
  EXPECT_EQ(Chunks(done), 2);
  EXPECT_TRUE(coordinator->LogShows("render.chunk_retaken job_id=" + id)) << coordinator->Log();
  EXPECT_EQ(Probe(Fetch(done, "retaken.mp4")).frames, 8 * 2 * 15);  // 8 plays of 2 s at 15 fps
  EXPECT_EQ(ChunkObjects(), 0);
  EXPECT_EQ(redis_.Command({"KEYS", "manimd:chunks:*"}), "*0");
}

}  // namespace
}  // namespace manimd::testing_support
