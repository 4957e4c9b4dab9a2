// environment: an ordered NAME=value list with the target OS's name rules (case-sensitive
// on Linux; case-insensitive and spelling-preserving on Windows).
#include "environment.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

using Strings = std::vector<std::string>;

TEST(Environment, FromStringsKeepsOrderAndTheFirstOfDuplicates)
{
    const Environment env =
        Environment::from_strings({"B=2", "A=1", "B=3", "NOEQUALS", "E=", "X=a=b"}, TargetOs::linux);
    EXPECT_EQ(env.to_strings(), (Strings{"B=2", "A=1", "E=", "X=a=b"}));
    EXPECT_EQ(env.get("B"), std::optional<std::string>("2"));
    EXPECT_EQ(env.get("E"), std::optional<std::string>(""));
    EXPECT_EQ(env.get("NOEQUALS"), std::nullopt);
}

TEST(Environment, LinuxNamesAreCaseSensitive)
{
    Environment env = Environment::from_strings({"PATH=/a", "Path=/b"}, TargetOs::linux);
    EXPECT_EQ(env.get("PATH"), std::optional<std::string>("/a"));
    EXPECT_EQ(env.get("Path"), std::optional<std::string>("/b"));
    EXPECT_EQ(env.get("path"), std::nullopt);
    EXPECT_FALSE(env.same_name("PATH", "Path"));
    EXPECT_EQ(env.spelling("path"), "path");
}

TEST(Environment, WindowsNamesAreCaseInsensitiveAndKeepTheirSpelling)
{
    Environment env = Environment::from_strings({"Path=C:\\W", "PATH=C:\\dup", "windir=C:\\W"}, TargetOs::windows);
    EXPECT_EQ(env.to_strings(), (Strings{"Path=C:\\W", "windir=C:\\W"}));
    EXPECT_EQ(env.get("PATH"), std::optional<std::string>("C:\\W"));
    EXPECT_TRUE(env.same_name("path", "PATH"));
    EXPECT_EQ(env.spelling("PATH"), "Path");
    env.set("PATH", "C:\\new;C:\\W");
    EXPECT_EQ(env.to_strings(), (Strings{"Path=C:\\new;C:\\W", "windir=C:\\W"}));
    EXPECT_TRUE(env.unset("WINDIR"));
    EXPECT_EQ(env.to_strings(), Strings{"Path=C:\\new;C:\\W"});
}

TEST(Environment, WindowsKeepsPerDriveEntries)
{
    const Environment env = Environment::from_strings({"=C:=C:\\work", "=D:=D:\\", "A=1"}, TargetOs::windows);
    EXPECT_EQ(env.to_strings(), (Strings{"=C:=C:\\work", "=D:=D:\\", "A=1"}));
    EXPECT_EQ(env.get("=C:"), std::optional<std::string>("C:\\work"));
    // On Linux a leading '=' makes an entry without a name: dropped.
    EXPECT_EQ(Environment::from_strings({"=C:=x", "A=1"}, TargetOs::linux).to_strings(), Strings{"A=1"});
}

TEST(Environment, SetKeepsThePositionOfAnExistingEntry)
{
    Environment env = Environment::from_strings({"A=1", "B=2", "C=3"}, TargetOs::linux);
    env.set("B", "two");
    env.set("D", "4");
    EXPECT_EQ(env.to_strings(), (Strings{"A=1", "B=two", "C=3", "D=4"}));
}

TEST(Environment, Unset)
{
    Environment env = Environment::from_strings({"A=1", "B=2"}, TargetOs::linux);
    EXPECT_TRUE(env.unset("A"));
    EXPECT_FALSE(env.unset("A"));
    EXPECT_EQ(env.to_strings(), Strings{"B=2"});
    EXPECT_EQ(env.entries().size(), 1U);
}

TEST(Environment, DefaultOsIsTheHost)
{
    EXPECT_EQ(Environment().os(), k_host_os);
    EXPECT_EQ(Environment(TargetOs::windows).os(), TargetOs::windows);
}

TEST(TargetOs, PerOsConstants)
{
    EXPECT_EQ(path_list_separator(TargetOs::linux), ':');
    EXPECT_EQ(path_list_separator(TargetOs::windows), ';');
    EXPECT_EQ(loader_path_variable(TargetOs::linux), "LD_LIBRARY_PATH");
    EXPECT_EQ(loader_path_variable(TargetOs::windows), "PATH");
    EXPECT_EQ(executable_suffix(TargetOs::linux), "");
    EXPECT_EQ(executable_suffix(TargetOs::windows), ".exe");
}

} // namespace
} // namespace rwc
