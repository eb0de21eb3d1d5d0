#include "storage/local_storage.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "storage/object_key.h"

namespace manimd::storage {
namespace {

namespace fs = std::filesystem;

class LocalStorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string t = (fs::temp_directory_path() / "manimd-storage-XXXXXX").string();
    ASSERT_NE(mkdtemp(t.data()), nullptr);
    dir_ = t;
    storage_ = LocalStorage::Open(dir_ + "/objects").value();
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name) << text;
    return dir_ + "/" + name;
  }
  std::string dir_;
  std::unique_ptr<LocalStorage> storage_;
};

TEST_F(LocalStorageTest, PutMovesTheFileUnderItsKey) {
  std::string src = Write("out.mp4", "video");
  ASSERT_TRUE(storage_->Put(src, "videos/u1/A.mp4", "video/mp4").ok());
  EXPECT_FALSE(fs::exists(src));
  core::Result<core::UniqueFd> fd = storage_->OpenObject("videos/u1/A.mp4");
  ASSERT_TRUE(fd.ok());
  char buf[16] = {};
  EXPECT_EQ(read(fd->get(), buf, sizeof buf), 5);
  EXPECT_EQ(*storage_->Url("videos/u1/A.mp4"), "/files/videos/u1/A.mp4");
  EXPECT_TRUE(storage_->Check().ok());
  ASSERT_TRUE(storage_->Delete("videos/u1/A.mp4").ok());
  EXPECT_TRUE(storage_->Delete("videos/u1/A.mp4").ok());  // already gone: fine
  EXPECT_FALSE(fs::exists(dir_ + "/objects/videos/u1"));
}

TEST_F(LocalStorageTest, GetCopiesTheObjectToAFile) {
  ASSERT_TRUE(storage_->Put(Write("c.mp4", "chunk bytes"), "chunks/j/0.mp4", "video/mp4").ok());
  std::string dest = dir_ + "/fetched.mp4";
  ASSERT_TRUE(storage_->Get("chunks/j/0.mp4", dest).ok());
  std::ifstream in(dest);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "chunk bytes");
  EXPECT_TRUE(fs::exists(dir_ + "/objects/chunks/j/0.mp4"));  // a copy: the object stays
  EXPECT_EQ(storage_->Get("chunks/j/none.mp4", dest).code(), core::Code::kNotFound);
  EXPECT_EQ(storage_->Get("../secret", dest).code(), core::Code::kNotFound);
}

TEST_F(LocalStorageTest, UnsafeKeysAndLinksAreNotFound) {
  Write("secret", "x");
  for (const char* key : {"../secret", "/etc/passwd", "videos/../../secret", "a//b", "", "."}) {
    EXPECT_EQ(storage_->OpenObject(key).status().code(), core::Code::kNotFound) << key;
  }
  fs::create_symlink(dir_ + "/secret", dir_ + "/objects/link");
  EXPECT_EQ(storage_->OpenObject("link").status().code(), core::Code::kNotFound);
  fs::create_directories(dir_ + "/objects/adir");
  EXPECT_EQ(storage_->OpenObject("adir").status().code(), core::Code::kNotFound);
  EXPECT_EQ(storage_->Put(Write("f", "y"), "../escape", "").code(), core::Code::kInvalidArgument);
}

TEST(ObjectKeyTest, KeysFollowTheSeedsLayout) {
  std::string key = NewVideoKey("Intro Scene/2", "mp4");
  EXPECT_TRUE(std::regex_match(key, std::regex(R"(videos/[0-9a-f-]{36}/Intro_Scene_2\.mp4)")))
      << key;
  EXPECT_NE(NewVideoKey("A", "mp4"), NewVideoKey("A", "mp4"));
  EXPECT_TRUE(IsSafeKey(key));
  EXPECT_TRUE(std::string(NewVideoKey("Ünï", "gif")).ends_with("/__n__.gif"));
  EXPECT_STREQ(ContentTypeFor("mov"), "video/quicktime");
  EXPECT_STREQ(ContentTypeFor("exe"), "application/octet-stream");
}

}  // namespace
}  // namespace manimd::storage
