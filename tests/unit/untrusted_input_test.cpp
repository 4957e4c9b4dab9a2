// The pure parts of the untrusted-input rules: the trust rule (config_trust.hpp), the TOML
// pre-scan (toml_guard.hpp), variable names, --init's escaping, the marker parser's depth,
// linear environment and path-list operations, and reading FIFOs and oversized files.
#include "config.hpp"
#include "config_trust.hpp"
#include "doctor/pep508_markers.hpp"
#include "environment.hpp"
#include "failure.hpp"
#include "init.hpp"
#include "path_list.hpp"
#include "scratch_dir.hpp"
#include "text_file.hpp"
#include "toml_guard.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <sys/stat.h>

namespace rwc {
namespace {

TEST(ConfigTrustRule, OwnerAndModeDecide)
{
    const ConfigTrust found{true, "", 1000, {}, k_host_os};
    const fs::path file("/p/run-with-cuda.toml");
    EXPECT_FALSE(untrusted_config_reason(file, {true, 1000, 0644, {}}, found));
    EXPECT_FALSE(untrusted_config_reason(file, {true, 0, 0644, {}}, found)) << "root's files are trusted";
    const auto foreign = untrusted_config_reason(file, {true, 65534, 0644, {}}, found);
    ASSERT_TRUE(foreign);
    EXPECT_EQ(*foreign, "/p/run-with-cuda.toml: found config not used: owned by uid 65534, not by you (uid 1000) or "
                        "root (mode 0644); to use it anyway, name it with --config /p/run-with-cuda.toml or add /p "
                        "to RUN_WITH_CUDA_TRUST");
    const auto writable = untrusted_config_reason(file, {true, 1000, 0666, {}}, found);
    ASSERT_TRUE(writable);
    EXPECT_NE(writable->find("writable by everyone (mode 0666)"), std::string::npos) << *writable;
    EXPECT_FALSE(untrusted_config_reason(file, {true, 65534, 0666, {}}, ConfigTrust{})) << "a named file is trusted";
#ifndef _WIN32 // RUN_WITH_CUDA_TRUST holds absolute POSIX folders here; Windows reads no owner at all
    EXPECT_FALSE(
        untrusted_config_reason(file, {true, 65534, 0666, {}}, ConfigTrust{true, "/q:/p/", 1000, {}, k_host_os}));
#endif
    EXPECT_FALSE(untrusted_config_reason(file, {true, 65534, 0666, {}}, ConfigTrust{true, "*", 1000, {}, k_host_os}));
    EXPECT_TRUE(
        untrusted_config_reason(file, {true, 65534, 0666, {}}, ConfigTrust{true, "/p/sub:p", 1000, {}, k_host_os}));
    EXPECT_FALSE(untrusted_config_reason(file, {false, 0, 0, {}}, found)) << "no owner known (Windows)";
}

TEST(TomlGuard, AQuoteWhereNoStringStartsIsRefused)
{
    // Found by fuzzing: toml++ 3.3 reads "r=1'..." as an error, not a string, and its check of
    // the non-ASCII text after it (U+00AC) reaches __builtin_unreachable; 3.4.0 still does
    // (is_non_ascii_horizontal_whitespace), for U+3001 too (fuzz corpus
    // config/ub-toml34-stray-quote-then-u3001.toml).
    const auto error = [](const std::string& text) {
        const auto failure = test::catch_failure([&] { check_toml_shape(text, "/c.toml"); });
        return failure ? std::string(failure->what()) : std::string();
    };
    EXPECT_EQ(error(std::string("r = 1'\xe3\x80\x81 x\n")), "/c.toml:1:6: a quote where no string can start");
    EXPECT_EQ(error(std::string("r=1'4\0\xd7\x8d\xc2\xacSSS", 14)), "/c.toml:1:4: a quote where no string can start");
    EXPECT_EQ(error("a = \"x\"\"y\"\n"), "/c.toml:1:8: a quote where no string can start");
    EXPECT_EQ(error("r=0==\"=\n"), "/c.toml:1:4: an '=' where no key ends");
    // A third: after a value, '.' belongs to a number ("1."), so no key string follows it.
    EXPECT_EQ(error("r=1.\"\xd1\x9e"), "/c.toml:1:5: a quote where no string can start");
    EXPECT_EQ(error("t = { a = 1.'x' }\n"), "/c.toml:1:13: a quote where no string can start");
    // And a backslash before non-ASCII text (a second fuzzing find: "\\\xc3\x9f" in a string).
    EXPECT_EQ(error("a = \"x\\\xc3\x9f\"\n"), "/c.toml:1:7: a non-ASCII character after a backslash (no TOML "
                                              "escape starts so)");
    EXPECT_EQ(error("a = \"\"\"x\\  \xc3\x9f\n\"\"\"\n"), "/c.toml:1:9: a non-ASCII character after a backslash (no "
                                                          "TOML escape starts so)");
    // Every place TOML allows a string passes.
    for (const char* ok : {"\"k\" = 'v'\n", "a.\"b\" = \"\"\"x\n\"\"\"\n", "[\"t\".'u']\nk = [\"a\", 'b']\n",
                           "[[\"t\"]]\nk = {\"a\" = \"\xc3\xa9\", b = '\xc3\xbc'}\n",
                           "k = '''a''''\nj = \"\"\"b\"\"\"\"\"\n", "k = [\n  \"a\",\n  'b'\n]\n",
                           "k = \"x\" # \"c\" 'd'\n", "t = { a.\"b\" = 1, c. 'd' = 2 }\n", "[a . \"b\"]\n"}) {
        EXPECT_NO_THROW(check_toml_shape(ok, "/c.toml")) << ok;
    }
}

TEST(TomlGuard, NestingIsBoundedWherePlainTomlPasses)
{
    const auto depth_error = [](const std::string& text) {
        const auto failure = test::catch_failure([&] { check_toml_shape(text, "/c.toml"); });
        return failure ? std::string(failure->what()) : std::string();
    };
    std::string keys = "a";
    for (unsigned i = 1; i < k_max_toml_depth; ++i) {
        keys += ".a";
    }
    EXPECT_NO_THROW(check_toml_shape(keys + " = 1\n", "/c.toml"));
    EXPECT_NE(depth_error(keys + ".a = 1\n").find("/c.toml:1:"), std::string::npos);
    EXPECT_NE(depth_error("[" + keys + "]\nb = 1\n").find("/c.toml:2:3: nesting deeper"), std::string::npos);
    EXPECT_NE(depth_error("x = " + std::string(100, '[') + std::string(100, ']')).find("/c.toml:1:"),
              std::string::npos);
    EXPECT_NE(depth_error("x = {a = {b = " + std::string(70, '[')).find("nesting deeper"), std::string::npos);
    // Dots and brackets inside strings and comments do not count; non-ASCII is fine there.
    EXPECT_NO_THROW(check_toml_shape("a = \"" + std::string(500, '[') + "\" # " + std::string(500, '{') + "\nb = '''" +
                                         std::string(200, '.') + "'''\n\"\xc3\x9f\" = \"\xc3\x9f\"\n",
                                     "/c.toml"));
    EXPECT_NE(depth_error("A\xc3\x9f = 1\n").find("/c.toml:1:2: a non-ASCII character"), std::string::npos);
    EXPECT_NE(depth_error("a = 1\nb = \xc3\x9f\n").find("/c.toml:2:5:"), std::string::npos);
}

TEST(VariableNames, PosixAndWindowsRules)
{
    for (const char* good : {"A", "_", "a_1", "LD_LIBRARY_PATH"}) {
        EXPECT_TRUE(valid_variable_name(good, TargetOs::linux)) << good;
    }
    for (const char* bad : {"", "1A", "A-B", "A B", "A=B", "X;Y", "A\xc3\x9f", "$(x)"}) {
        EXPECT_FALSE(valid_variable_name(bad, TargetOs::linux)) << bad;
    }
    EXPECT_TRUE(valid_variable_name("ProgramFiles(x86)", TargetOs::windows));
    EXPECT_FALSE(valid_variable_name("A=B", TargetOs::windows));
    EXPECT_FALSE(valid_variable_name("A\nB", TargetOs::windows));
    EXPECT_FALSE(valid_variable_name("", TargetOs::windows));
}

TEST(InitEscaping, FolderNamesCannotBreakTheToml)
{
    CudaLayout layout;
    layout.packages.push_back({"evil\nLD_PRELOAD = \"x\"", "/p/.venv/nvidia/evil\nLD_PRELOAD = \"x\"", {}, {}});
    PythonEnv python;
    python.interpreter = "/p/.venv\n[env]/bin/python";
    python.kind = EnvKind::venv;
    const std::string text = starter_config("/p", python, layout, TargetOs::linux);
    EXPECT_EQ(text.find("\nLD_PRELOAD"), std::string::npos) << text;
    EXPECT_EQ(text.find("\n[env]"), std::string::npos) << text;
    EXPECT_NE(text.find("interpreter = \".venv\\u000a[env]/bin/python\""), std::string::npos) << text;
    const Config parsed = parse_config(text, "/p/run-with-cuda.toml", false);
    EXPECT_TRUE(parsed.env_set.empty());
    // Resolved against the config's folder: "/p/..." here, "Z:\\p\\..." for a Windows build.
    const std::string expected = "/p/.venv\n[env]/bin/python";
    const std::string generic = parsed.interpreter->generic_string();
    ASSERT_GE(generic.size(), expected.size()) << generic;
    EXPECT_EQ(generic.substr(generic.size() - expected.size()), expected);
}

TEST(MarkerDepth, DeepParenthesesAreInvalidNotACrash)
{
    const auto env = marker_environment(TargetOs::linux, "3.12");
    EXPECT_FALSE(marker_applies(std::string(20000, '('), env));
    EXPECT_FALSE(marker_applies(std::string(20000, '(') + "os_name == \"posix\"" + std::string(20000, ')'), env));
    EXPECT_TRUE(marker_applies("((os_name == \"posix\"))", env));
}

TEST(LinearCost, EnvironmentAndPathLists)
{
    std::vector<std::string> entries;
    for (int i = 0; i < 100000; ++i) {
        entries.push_back("V" + std::to_string(i) + "=" + std::to_string(i));
    }
    const auto started = std::chrono::steady_clock::now();
    Environment env = Environment::from_strings(entries, TargetOs::windows);
    for (int i = 0; i < 100000; ++i) {
        env.set("v" + std::to_string(i), "x"); // Windows: case-insensitive, keeps the spelling
    }
    std::vector<std::string> folders;
    for (int i = 0; i < 20000; ++i) {
        folders.push_back("C:\\f" + std::to_string(i));
    }
    const std::string list = prepend_path_list(join_path_list(folders, TargetOs::windows), folders, TargetOs::windows);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(env.entries().size(), 100000u);
    EXPECT_EQ(env.spelling("v5"), "V5");
    EXPECT_EQ(env.get("V5"), "x");
    EXPECT_TRUE(env.unset("V7"));
    EXPECT_EQ(env.get("v8"), "x");
    EXPECT_FALSE(env.get("V7"));
    EXPECT_EQ(split_path_list(list, TargetOs::windows).size(), 20000u);
    EXPECT_LT(seconds, 2.0) << "quadratic: minutes";
}

#ifndef _WIN32 // FIFOs and /dev/zero are POSIX
TEST(TextFile, FifosAndDevicesAreRefusedWithoutBlocking)
{
    test::ScratchDir tree;
    const fs::path fifo = tree.root() / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0644), 0);
    ReadFacts facts;
    const auto fifo_text = read_text_file(fifo, k_max_text_file, &facts);
    ASSERT_FALSE(fifo_text);
    EXPECT_EQ(fifo_text.error().message, "not a regular file");
    EXPECT_EQ(facts.failure, ReadFailure::not_regular);
    EXPECT_FALSE(read_text_file_head(fifo, "\n\n", 100));
    const auto device_text = read_text_file("/dev/zero");
    ASSERT_FALSE(device_text);
    EXPECT_EQ(device_text.error().message, "not a regular file");
}
#endif

TEST(TextFile, OversizedFilesAreRefused)
{
    test::ScratchDir tree;
    ReadFacts facts;
    tree.file("big", std::string(2000, 'x'));
    const auto refused = read_text_file(tree.root() / "big", 1000);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "larger than 1000 bytes");
    EXPECT_EQ(read_text_file(tree.root() / "big", 2000, &facts)->size(), 2000u);
#ifdef _WIN32
    EXPECT_FALSE(facts.ownership.known) << "no POSIX owner on Windows (file_open.hpp)";
    EXPECT_TRUE(facts.ownership.security) << "the security facts of the handle (file_security.hpp)";
#else
    EXPECT_TRUE(facts.ownership.known);
#endif
    EXPECT_EQ(read_text_file_head(tree.root() / "big", "\n\n", 100)->size(), 100u);
}

} // namespace
} // namespace rwc
