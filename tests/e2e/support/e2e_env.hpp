// What the end-to-end tests run and with which environment: the built launcher, the probe
// programs, and a small hermetic environment for every child.
#pragma once

#include "child_process.hpp"

#include <boost/filesystem/operations.hpp>
#include <boost/filesystem/path.hpp>

#include <map>
#include <string>
#include <vector>

namespace rwc::e2e {

namespace fs = boost::filesystem;

/// An environment as NAME -> value (Linux: names are case-sensitive bytes).
using EnvMap = std::map<std::string, std::string>;

/// The launcher under test: RWC_E2E_LAUNCHER when set (an installed binary, or a deliberately
/// broken one to see the tests fail), else the built one ($<TARGET_FILE:run-with-cuda>).
fs::path launcher_path();
/// A probe script in tests/e2e/probes, by file name.
fs::path probe_script(const std::string& name);
/// The built probe that writes each argv[1..] followed by a NUL byte to stdout.
fs::path argv_dump_path();
/// tests/fixtures/wheel-manifests/linux-x86_64-cu13: the 19 wheels' dist-info folders.
fs::path cu13_manifest_dir();
/// The folder of the built stand-in libraries (one file per soname) and bin/ptxas.
fs::path standin_dir();
/// The launcher's version as CMake knows it (PROJECT_VERSION), e.g. "0.1.0".
std::string expected_version();

/// The environment every test child starts from: PATH=/usr/local/bin:/usr/bin:/bin,
/// LANG=C.UTF-8 (no PEP 538 locale coercion), HOME=home; nothing else.
EnvMap base_environment(const fs::path& home);

/// envp strings "NAME=value" from env.
std::vector<std::string> to_envp(const EnvMap& env);

/// Parses the output of `env -0` (NAME=value entries, each ended by a NUL byte).
EnvMap parse_env0(const std::string& output);

/// Splits a path list on ':' keeping empty elements ("" -> {""}; "a::" -> {"a","",""}).
std::vector<std::string> split_keeping_empty(const std::string& list);

/// text as a TOML basic string: in double quotes, with '"', '\\' and control characters
/// escaped (for paths written into test configs).
std::string toml_quote(const std::string& text);

/// Runs the launcher with args, env and working directory cwd.
ProcessResult run_launcher(const std::vector<std::string>& args, const EnvMap& env, const fs::path& cwd);

/// Runs argv (argv[0] an absolute program path) without the launcher.
ProcessResult run_direct(const std::vector<std::string>& argv, const EnvMap& env, const fs::path& cwd);

/// True when a and b exist and are the same file (fs::equivalent), false otherwise.
bool same_file(const fs::path& a, const fs::path& b);

/// True when path is root itself or lies below it (lexically, after making both absolute
/// and normal); no symbolic link is resolved.
bool lies_within(const fs::path& path, const fs::path& root);

} // namespace rwc::e2e
