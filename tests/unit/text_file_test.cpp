// text_file: the contract in text_file.hpp: whole regular files only, never more than a
// size limit, never blocking on a FIFO; a head read that stops at a marker; new files only.
#include "scratch_dir.hpp"
#include "text_file.hpp"

#include <gtest/gtest.h>

#include <cerrno>
#include <cstring>
#include <string>
#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace rwc {
namespace {

/// The message of result's Error; "" and a test failure when it holds a value.
template <typename T> std::string error_of(const Expected<T>& result)
{
    if (result) {
        ADD_FAILURE() << "expected an Error, the call succeeded";
        return {};
    }
    return result.error().message;
}

TEST(ReadTextFile, ReturnsTheBytesUnchanged)
{
    test::ScratchDir tree;
    const std::string bytes = std::string("a = 1\r\nb\0c\n\xff\xfe", 13) + "no newline at the end";
    ReadFacts facts;
    const auto text = read_text_file(tree.file("f.toml", bytes), k_max_text_file, &facts);
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, bytes);
    EXPECT_EQ(facts.failure, ReadFailure::none);
}

TEST(ReadTextFile, AnEmptyFileIsEmptyText)
{
    test::ScratchDir tree;
    const auto text = read_text_file(tree.file("empty"));
    ASSERT_TRUE(text);
    EXPECT_EQ(*text, "");
}

TEST(ReadTextFile, AMissingFileFailsWithTheOsText)
{
    test::ScratchDir tree;
    ReadFacts facts;
    EXPECT_EQ(error_of(read_text_file(tree.path("absent"), k_max_text_file, &facts)), std::strerror(ENOENT));
    EXPECT_EQ(facts.failure, ReadFailure::cannot_open);
}

TEST(ReadTextFile, AFolderIsNotRead)
{
    test::ScratchDir tree;
    ReadFacts facts;
    const std::string error = error_of(read_text_file(tree.dir("folder"), k_max_text_file, &facts));
    EXPECT_FALSE(error.empty());
#ifndef _WIN32 // open(2) opens a folder and fstat tells; _wfopen refuses it (cannot_open)
    EXPECT_EQ(error, "not a regular file");
    EXPECT_EQ(facts.failure, ReadFailure::not_regular);
#endif
}

#ifndef _WIN32
TEST(ReadTextFile, AFifoWithoutAWriterIsRefusedWithoutBlocking)
{
    test::ScratchDir tree;
    const auto fifo = tree.path("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0) << std::strerror(errno);
    ReadFacts facts;
    // A blocking open would hang here.
    EXPECT_EQ(error_of(read_text_file(fifo, k_max_text_file, &facts)), "not a regular file");
    EXPECT_EQ(facts.failure, ReadFailure::not_regular);
    EXPECT_EQ(error_of(read_text_file_head(fifo, "\n\n", 100)), "not a regular file");
}

TEST(ReadTextFile, FactsHoldTheOwnerAndModeOfTheOpenFile)
{
    test::ScratchDir tree;
    const auto file = tree.file("owned", "x"); // mode 0644
    ReadFacts facts;
    ASSERT_TRUE(read_text_file(file, k_max_text_file, &facts));
    EXPECT_TRUE(facts.ownership.known);
    EXPECT_EQ(facts.ownership.uid, current_user_id());
    EXPECT_EQ(facts.ownership.mode, 0644u);
}
#endif

TEST(ReadTextFile, TheSizeLimitIsInclusive)
{
    test::ScratchDir tree;
    const auto file = tree.file("ten", "0123456789");
    EXPECT_EQ(read_text_file(file, 10).value_or(""), "0123456789");
    ReadFacts facts;
    EXPECT_EQ(error_of(read_text_file(file, 9, &facts)), "larger than 9 bytes");
    EXPECT_EQ(facts.failure, ReadFailure::too_large);
}

TEST(ReadTextFile, TheDefaultLimitIs16MiB)
{
    EXPECT_EQ(k_max_text_file, std::size_t{16} * 1024 * 1024);
    test::ScratchDir tree;
    std::string bytes(k_max_text_file, 'x');
    const auto at_limit = read_text_file(tree.file("at-limit", bytes));
    ASSERT_TRUE(at_limit);
    EXPECT_EQ(at_limit->size(), k_max_text_file);
    bytes.push_back('x');
    EXPECT_EQ(error_of(read_text_file(tree.file("over-limit", bytes))), "larger than 16777216 bytes");
}

TEST(ReadTextFileHead, StopsOnceTheMarkerHasBeenRead)
{
    test::ScratchDir tree;
    const std::string headers = "Metadata-Version: 2.1\nName: torch\n\n";
    const std::string body(1 << 20, 'b'); // a long description, never needed
    const auto text = read_text_file_head(tree.file("METADATA", headers + body), "\n\n", k_max_text_file);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->compare(0, headers.size(), headers), 0);
    EXPECT_LT(text->size(), headers.size() + body.size());
}

TEST(ReadTextFileHead, FindsAMarkerThatSpansTwoReads)
{
    // The reads are 8 KiB long: the marker's first byte ends one, its second begins the next.
    test::ScratchDir tree;
    const std::string headers = std::string(8191, 'h') + "\n\n";
    const auto text =
        read_text_file_head(tree.file("METADATA", headers + std::string(1 << 20, 'b')), "\n\n", k_max_text_file);
    ASSERT_TRUE(text);
    EXPECT_EQ(text->compare(0, headers.size(), headers), 0);
    EXPECT_LT(text->size(), std::size_t{1} << 20);
}

TEST(ReadTextFileHead, ALargerFileIsCutAtTheLimitNotRefused)
{
    test::ScratchDir tree;
    const auto file = tree.file("long", "0123456789");
    EXPECT_EQ(read_text_file_head(file, "\n\n", 4).value_or(""), "0123");
    EXPECT_EQ(read_text_file_head(file, "", 100).value_or(""), "0123456789"); // no marker: the whole file
}

TEST(ReadTextFileHead, AMissingFileFailsWithTheOsText)
{
    test::ScratchDir tree;
    EXPECT_EQ(error_of(read_text_file_head(tree.path("absent"), "\n\n", 100)), std::strerror(ENOENT));
}

TEST(WriteNewTextFile, WritesTheTextToANewFile)
{
    test::ScratchDir tree;
    const auto file = tree.path("new.toml");
    const std::string text = "[env]\r\nset = { A = \"\xc3\xa9\" }\n";
    const Status written = write_new_text_file(file, text);
    ASSERT_TRUE(written) << written.error().message;
    EXPECT_EQ(test::read_file(file), text);
}

TEST(WriteNewTextFile, NeverReplacesAnExistingFile)
{
    test::ScratchDir tree;
    const auto file = tree.file("old.toml", "kept");
    const Status written = write_new_text_file(file, "replaced");
    EXPECT_EQ(error_of(written), std::strerror(EEXIST));
    EXPECT_EQ(written ? 0 : written.error().exit_status, k_exit_usage); // --init's "exists": exit 2
    EXPECT_EQ(test::read_file(file), "kept");
}

TEST(WriteNewTextFile, AMissingFolderFailsWithTheOsText)
{
    test::ScratchDir tree;
    const Status written = write_new_text_file(tree.path("no/such/folder/f.toml"), "x");
    EXPECT_EQ(error_of(written), std::strerror(ENOENT));
    EXPECT_EQ(written ? 0 : written.error().exit_status, k_exit_failure);
}

} // namespace
} // namespace rwc
