// `manimd keys create|list|revoke`: API keys where `manimd serve` reads them on every
// request (cli/key_setup.h: Redis with REDIS_URL, else the job database under DATA_DIR;
// docs/auth.md). The secret is printed once, by create; only its hash is kept. A key's own
// webhook secret (--webhook-secret) is kept as is: signing needs it.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "cli/environment.h"
#include "cli/key_setup.h"
#include "core/clock.h"
#include "core/iso_time.h"
#include "webhooks/signature.h"

namespace manimd::cli {
namespace {

struct CreateArgs {
  std::string name;
  std::string rate;
  int concurrency = 0;
  std::string max_quality;
  bool webhook_secret = false;
};

// The key store of this configuration, or an exit code after saying why not.
core::Result<KeySetup> OpenKeys(const core::EnvMap& flags) {
  core::Result<core::Config> config = LoadProcessConfig(flags);
  if (!config.ok()) return config.status();
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::absolute(config->data_dir, ec);
  return OpenKeySetup(*config, (dir / "jobs.sqlite").string(), /*server=*/false);
}

int Create(const core::EnvMap& flags, const CreateArgs& args) {
  auth::ApiKey limits;
  limits.name = args.name;
  limits.concurrency = args.concurrency;
  if (!args.rate.empty()) {
    core::Result<int> rate = auth::ParseRate(args.rate);
    if (!rate.ok()) {
      std::cerr << "manimd keys create: " << rate.status().message() << "\n";
      return kExitUsage;
    }
    limits.rate_per_min = *rate;
  }
  if (!args.max_quality.empty()) {
    core::Result<render::Quality> q = render::ParseQuality(args.max_quality);
    if (!q.ok()) {
      std::cerr << "manimd keys create: --max-quality: " << q.status().message() << "\n";
      return kExitUsage;
    }
    limits.max_quality = *q;
  }
  auto keys = OpenKeys(flags);
  if (!keys.ok()) {
    std::cerr << "manimd keys create: " << keys.status().message() << "\n";
    return kExitInternal;
  }
  if (args.webhook_secret) {
    core::Result<std::string> secret = webhooks::NewSecret();
    if (!secret.ok()) {
      std::cerr << "manimd keys create: " << secret.status().message() << "\n";
      return kExitInternal;
    }
    limits.webhook_secret = *secret;
  }
  core::SystemClock clock;
  core::Result<auth::NewKey> made = auth::MakeKey(limits, clock.NowMs());
  core::Status s = made.ok() ? keys->keys->Create(made->key) : made.status();
  if (!s.ok()) {
    std::cerr << "manimd keys create: " << s.message() << "\n";
    return kExitInternal;
  }
  std::cout << "id:     " << made->key.id << "\nsecret: " << made->secret << "\n";
  if (!made->key.webhook_secret.empty()) {
    std::cout << "webhook secret: " << made->key.webhook_secret
              << "\n(verify this key's webhooks with it; it is shown this once)\n";
  }
  std::cout << "(the secret is shown this once; only its hash is kept)\n";
  return kExitOk;
}

int List(const core::EnvMap& flags) {
  auto keys = OpenKeys(flags);
  core::Result<std::vector<auth::ApiKey>> list =
      keys.ok() ? keys->keys->List() : core::Result<std::vector<auth::ApiKey>>(keys.status());
  if (!list.ok()) {
    std::cerr << "manimd keys list: " << list.status().message() << "\n";
    return kExitInternal;
  }
  std::cout << "ID\tNAME\tRATE/MIN\tCONCURRENCY\tMAX QUALITY\tWEBHOOK SECRET\tCREATED\tSTATUS\n";
  for (const auth::ApiKey& k : *list) {
    std::cout << k.id << '\t' << k.name << '\t'
              << (k.rate_per_min > 0 ? std::to_string(k.rate_per_min) : "-") << '\t'
              << (k.concurrency > 0 ? std::to_string(k.concurrency) : "-") << '\t'
              << (k.max_quality ? std::string("-q") + render::QualityLetter(*k.max_quality) : "-")
              << '\t' << (k.webhook_secret.empty() ? "-" : "own") << '\t'
              << core::IsoTime(k.created_ms) << '\t'
              << (k.revoked_ms != 0 ? "revoked " + core::IsoTime(k.revoked_ms) : "active") << "\n";
  }
  return kExitOk;
}

int Revoke(const core::EnvMap& flags, const std::string& id) {
  auto keys = OpenKeys(flags);
  core::SystemClock clock;
  core::Status s = keys.ok() ? keys->keys->Revoke(id, clock.NowMs()) : keys.status();
  if (!s.ok()) {
    std::cerr << "manimd keys revoke: " << s.message() << "\n";
    return s.code() == core::Code::kNotFound ? kExitUsage : kExitInternal;
  }
  std::cout << "revoked " << id << "\n";
  return kExitOk;
}

}  // namespace

void AddKeysCommand(CLI::App& app, int* exit_code) {
  auto flags = std::make_shared<core::EnvMap>();
  CLI::App* keys = app.add_subcommand("keys", "manage API keys (docs/auth.md)");
  keys->require_subcommand(1);

  auto args = std::make_shared<CreateArgs>();
  CLI::App* create = keys->add_subcommand("create", "make a key; prints its secret once");
  create->add_option("--name", args->name, "a label for the key")->required();
  create->add_option("--rate", args->rate, "requests per minute, e.g. 60/min (default: no limit)");
  create->add_option("--concurrency", args->concurrency, "jobs running at once (default: any)")
      ->check(CLI::Range(1, 1000));
  create->add_option("--max-quality", args->max_quality, "highest quality: l, m, h, p or k");
  create->add_flag("--webhook-secret", args->webhook_secret,
                   "give the key a webhook secret of its own (printed once): its jobs' "
                   "webhooks are signed with it instead of WEBHOOK_SECRET");
  AddConfigFlags(create, flags.get());
  create->callback([flags, args, exit_code] { *exit_code = Create(*flags, *args); });

  CLI::App* list = keys->add_subcommand("list", "list keys (never their secrets)");
  AddConfigFlags(list, flags.get());
  list->callback([flags, exit_code] { *exit_code = List(*flags); });

  auto id = std::make_shared<std::string>();
  CLI::App* revoke = keys->add_subcommand("revoke", "revoke a key; it is refused at once");
  revoke->add_option("ID", *id, "the key's id (key_...)")->required();
  AddConfigFlags(revoke, flags.get());
  revoke->callback([flags, id, exit_code] { *exit_code = Revoke(*flags, *id); });
}

}  // namespace manimd::cli
