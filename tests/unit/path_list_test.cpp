// path_list: docs/design.md's path-list rules: no empty element, an element already present
// moves to the front instead of appearing twice, existing order kept, idempotent.
#include "path_list.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

using Strings = std::vector<std::string>;
constexpr TargetOs k_linux = TargetOs::linux;
constexpr TargetOs k_windows = TargetOs::windows;

TEST(PathList, SplitDropsEmptyElements)
{
    EXPECT_EQ(split_path_list("/a:/b", k_linux), (Strings{"/a", "/b"}));
    EXPECT_EQ(split_path_list("::/a:::/b:", k_linux), (Strings{"/a", "/b"}));
    EXPECT_EQ(split_path_list("", k_linux), Strings{});
    EXPECT_EQ(split_path_list(":", k_linux), Strings{});
    EXPECT_EQ(split_path_list("C:\\a;;C:\\b;", k_windows), (Strings{"C:\\a", "C:\\b"}));
    // ':' is not a separator on Windows, ';' is not one on Linux.
    EXPECT_EQ(split_path_list("C:\\x", k_windows), Strings{"C:\\x"});
    EXPECT_EQ(split_path_list("/a;b:/c", k_linux), (Strings{"/a;b", "/c"}));
}

TEST(PathList, JoinSkipsEmptyElements)
{
    EXPECT_EQ(join_path_list({"/a", "", "/b", ""}, k_linux), "/a:/b");
    EXPECT_EQ(join_path_list({"", ""}, k_linux), "");
    EXPECT_EQ(join_path_list({}, k_linux), "");
    EXPECT_EQ(join_path_list({"C:\\a", "D:\\b"}, k_windows), "C:\\a;D:\\b");
}

TEST(PathList, PrependInOrder)
{
    EXPECT_EQ(prepend_path_list("/usr/bin:/bin", {"/x", "/y"}, k_linux), "/x:/y:/usr/bin:/bin");
}

TEST(PathList, PrependToUnsetOrEmptyGetsNoSeparator)
{
    EXPECT_EQ(prepend_path_list("", {"/x"}, k_linux), "/x");
    EXPECT_EQ(prepend_path_list("", {"/x", "/y"}, k_linux), "/x:/y");
    EXPECT_EQ(append_path_list("", {"/x"}, k_linux), "/x");
    EXPECT_EQ(prepend_path_list("", {"C:\\x"}, k_windows), "C:\\x");
}

TEST(PathList, PrependMovesAnExistingElementToTheFront)
{
    EXPECT_EQ(prepend_path_list("/a:/x:/b", {"/x"}, k_linux), "/x:/a:/b");
    EXPECT_EQ(prepend_path_list("/a:/x:/b:/y", {"/y", "/x"}, k_linux), "/y:/x:/a:/b");
}

TEST(PathList, PrependDropsEmptyElementsOfTheList)
{
    // An empty element means the current directory to ld.so and PATH search.
    EXPECT_EQ(prepend_path_list(":/a::/b:", {"/x"}, k_linux), "/x:/a:/b");
    EXPECT_EQ(prepend_path_list("/a", {""}, k_linux), "/a");
}

TEST(PathList, PrependDeduplicatesTheAddedElements)
{
    EXPECT_EQ(prepend_path_list("/a", {"/x", "/x", "/y", "/x"}, k_linux), "/x:/y:/a");
}

TEST(PathList, PrependKeepsTheOrderOfOtherElements)
{
    EXPECT_EQ(prepend_path_list("/c:/b:/a", {"/z"}, k_linux), "/z:/c:/b:/a");
}

TEST(PathList, PrependIsIdempotent)
{
    for (const std::string list : {"", "/a:/b", "/x:/a", "/a:/x:/y", "::/a::"}) {
        const Strings added{"/x", "/y"};
        const std::string once = prepend_path_list(list, added, k_linux);
        EXPECT_EQ(prepend_path_list(once, added, k_linux), once) << list;
    }
}

TEST(PathList, AppendKeepsAnExistingElementInPlace)
{
    EXPECT_EQ(append_path_list("/a:/x:/b", {"/x", "/y"}, k_linux), "/a:/x:/b:/y");
    EXPECT_EQ(append_path_list("/a", {"/y", "/y"}, k_linux), "/a:/y");
    EXPECT_EQ(append_path_list("::/a:", {"/y"}, k_linux), "/a:/y");
    EXPECT_EQ(append_path_list("/a", {""}, k_linux), "/a");
}

TEST(PathList, AppendIsIdempotent)
{
    const std::string once = append_path_list("/a:/b", {"/y", "/a"}, k_linux);
    EXPECT_EQ(once, "/a:/b:/y");
    EXPECT_EQ(append_path_list(once, {"/y", "/a"}, k_linux), once);
}

TEST(PathList, LinuxComparisonIsByteExact)
{
    EXPECT_TRUE(same_path_element("/a/b", "/a/b", k_linux));
    EXPECT_FALSE(same_path_element("/A/b", "/a/b", k_linux));
    EXPECT_FALSE(same_path_element("/a/b/", "/a/b", k_linux));
    EXPECT_EQ(prepend_path_list("/Opt", {"/opt"}, k_linux), "/opt:/Opt");
}

TEST(PathList, WindowsComparisonIgnoresCaseSlashesAndATrailingSeparator)
{
    EXPECT_TRUE(same_path_element("C:\\Tools\\Bin", "c:/tools/bin", k_windows));
    EXPECT_TRUE(same_path_element("C:\\Tools\\", "C:\\Tools", k_windows));
    EXPECT_TRUE(same_path_element("C:\\Tools//", "c:\\tools", k_windows));
    EXPECT_TRUE(same_path_element("C:\\", "c:/", k_windows));
    EXPECT_FALSE(same_path_element("C:\\", "C:", k_windows)); // C: alone is the drive's current folder
    EXPECT_FALSE(same_path_element("C:\\Tools", "C:\\Tool", k_windows));
    EXPECT_FALSE(same_path_element("C:\\Tools", "D:\\Tools", k_windows));
}

TEST(PathList, WindowsPrependMovesAnEquivalentElement)
{
    EXPECT_EQ(prepend_path_list("C:\\Windows;c:\\tools\\;C:\\Python", {"C:/Tools"}, k_windows),
              "C:/Tools;C:\\Windows;C:\\Python");
    EXPECT_EQ(prepend_path_list(";C:\\Windows;;", {"C:\\x"}, k_windows), "C:\\x;C:\\Windows");
}

TEST(PathList, WindowsAppendKeepsAnEquivalentElementInPlace)
{
    EXPECT_EQ(append_path_list("C:\\Tools;C:\\Windows", {"c:/tools/", "D:\\New"}, k_windows),
              "C:\\Tools;C:\\Windows;D:\\New");
}

TEST(PathList, WindowsPrependIsIdempotent)
{
    const Strings added{"C:\\venv\\Scripts", "C:\\nv\\cu13\\bin"};
    const std::string once = prepend_path_list("C:\\Windows;C:\\venv\\scripts", added, k_windows);
    EXPECT_EQ(once, "C:\\venv\\Scripts;C:\\nv\\cu13\\bin;C:\\Windows");
    EXPECT_EQ(prepend_path_list(once, added, k_windows), once);
}

} // namespace
} // namespace rwc
