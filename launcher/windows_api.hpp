// <windows.h> as every Windows file of the project includes it: without the rarely used
// APIs (WIN32_LEAN_AND_MEAN) and without the min/max macros that break std::min (NOMINMAX).
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
