// utf16_win32.hpp: UTF-8 <-> UTF-16 at the edge of the Windows APIs.
#include "utf16_win32.hpp"

#include <gtest/gtest.h>

namespace rwc {
namespace {

TEST(Utf16, RoundTripsNonAsciiText)
{
    const std::string text = "C:\\\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80\\python.exe"; // BMP and a surrogate pair
    EXPECT_EQ(widen(text), L"C:\\\u4e2d\u6587 \U0001F600\\python.exe");
    EXPECT_EQ(narrow(widen(text)), text);
    EXPECT_EQ(widen(""), L"");
    EXPECT_EQ(narrow(L""), "");
}

TEST(Utf16, UnpairedSurrogateBecomesReplacementCharacter)
{
    const wchar_t lone[] = {L'a', static_cast<wchar_t>(0xD800), L'b', 0};
    EXPECT_EQ(narrow(lone), "a\xef\xbf\xbd"
                            "b");
}

TEST(Utf16, ErrorTextIsOneLine)
{
    const std::string text = windows_error_text(2); // ERROR_FILE_NOT_FOUND
    EXPECT_FALSE(text.empty());
    EXPECT_EQ(text.find('\n'), std::string::npos);
    EXPECT_NE(text.back(), '.');
}

} // namespace
} // namespace rwc
