// parse_interpreter_facts: the contract in python_query.hpp, on what the query script
// prints (sys.prefix, "X.Y", then site.getsitepackages(), one per line).
#include "python_query.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rwc {
namespace {

using Strings = std::vector<std::string>;

TEST(PythonQueryParse, GoodOutputFillsEveryField)
{
    const auto facts = parse_interpreter_facts("/opt/venv\n3.12\n/opt/venv/lib/python3.12/site-packages\n"
                                               "/opt/venv/local/lib/python3.12/dist-packages\n");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->prefix, "/opt/venv");
    EXPECT_EQ(facts->version, "3.12");
    EXPECT_EQ(facts->site_packages,
              (Strings{"/opt/venv/lib/python3.12/site-packages", "/opt/venv/local/lib/python3.12/dist-packages"}));
}

TEST(PythonQueryParse, NoSitePackagesIsAnEmptyList)
{
    // site.getsitepackages() empty (or absent, as in an old virtualenv's site.py): the
    // script's last print writes one empty line.
    const auto facts = parse_interpreter_facts("/p\n3.8\n\n");
    ASSERT_TRUE(facts);
    EXPECT_TRUE(facts->site_packages.empty());
}

TEST(PythonQueryParse, LastLineWithoutNewlineIsKept)
{
    const auto facts = parse_interpreter_facts("/p\n3.13\n/sp");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->version, "3.13");
    EXPECT_EQ(facts->site_packages, Strings{"/sp"});
    EXPECT_EQ(parse_interpreter_facts("/p\n3.13")->version, "3.13");
}

TEST(PythonQueryParse, CrLfLineEndsAreDroppedFromEveryLine)
{
    const auto facts = parse_interpreter_facts("C:\\venv\r\n3.12\r\nC:\\venv\\Lib\\site-packages\r\n");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->prefix, "C:\\venv");
    EXPECT_EQ(facts->version, "3.12");
    EXPECT_EQ(facts->site_packages, Strings{"C:\\venv\\Lib\\site-packages"});
}

TEST(PythonQueryParse, OnlyTheCarriageReturnBeforeTheNewlineIsDropped)
{
    const auto facts = parse_interpreter_facts("/odd\rname\r\r\n3.12\n");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->prefix, "/odd\rname\r");
}

TEST(PythonQueryParse, OutputCutShortBeforeAFullVersionIsNoAnswer)
{
    for (const char* output : {"", "\n", "/p", "/p\n", "/p\n3", "/p\n3.", "/p\n\n/sp\n"}) {
        EXPECT_FALSE(parse_interpreter_facts(output)) << '"' << output << '"';
    }
}

TEST(PythonQueryParse, AVersionOtherThanMajorDotMinorIsNoAnswer)
{
    for (const char* version : {"3.12.1", "3.12 ", " 3.12", "3,12", ".12", "3.x", "python3.12", "3.1\xd9\xa2"}) {
        EXPECT_FALSE(parse_interpreter_facts(std::string("/p\n") + version + "\n/sp\n")) << version;
    }
    EXPECT_EQ(parse_interpreter_facts("/p\n10.100\n")->version, "10.100");
}

TEST(PythonQueryParse, ExtraLinesBeforeTheAnswerShiftTheFieldsAndAreNoAnswer)
{
    // A sitecustomize module that prints: its line is taken for sys.prefix, so the second
    // line is a path, not a version.
    EXPECT_FALSE(parse_interpreter_facts("hello from sitecustomize\n/p\n3.12\n/sp\n"));
    EXPECT_FALSE(parse_interpreter_facts("/p\n/b\n3.12\n")); // an extra line before the version
}

TEST(PythonQueryParse, EveryLineAfterTheVersionIsAFolderAndEmptyLinesAreSkipped)
{
    const auto facts = parse_interpreter_facts("/p\n3.12\n\n/sp1\n\n\n/sp2\n/sp1\n\n");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->site_packages, (Strings{"/sp1", "/sp2", "/sp1"})); // order and repeats kept
}

TEST(PythonQueryParse, BytesThatAreNotUtf8AreKeptAsPrinted)
{
    const std::string latin1 = "/opt/caf\xe9";
    const std::string nul_inside("/odd\0name", 9);
    const auto facts = parse_interpreter_facts(latin1 + "\xff\xfe\n3.12\n" + latin1 + "/sp\n" + nul_inside + "\n");
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->prefix, latin1 + "\xff\xfe");
    EXPECT_EQ(facts->site_packages, (Strings{latin1 + "/sp", nul_inside}));
}

TEST(PythonQueryParse, HugeValuesAreKeptWhole)
{
    const std::string long_prefix = "/" + std::string(std::size_t{1} << 20, 'p');
    std::string output = long_prefix + "\n3.12\n";
    Strings folders;
    for (int i = 0; i < 10000; ++i) {
        folders.push_back("/sp" + std::to_string(i));
        output += folders.back() + "\n";
    }
    const auto facts = parse_interpreter_facts(output);
    ASSERT_TRUE(facts);
    EXPECT_EQ(facts->prefix, long_prefix);
    EXPECT_EQ(facts->site_packages, folders);
}

} // namespace
} // namespace rwc
