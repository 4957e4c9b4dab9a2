// Catching the launcher's Failure in a test, to assert its exit status and exact message.
#pragma once

#include "error.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <utility>

namespace rwc::test {

/// Runs f; returns the Failure it threw, or nullopt (and a test failure) when it returned.
template <typename F> std::optional<Failure> catch_failure(F&& f)
{
    try {
        std::forward<F>(f)();
    } catch (const Failure& failure) {
        return failure;
    }
    ADD_FAILURE() << "expected an rwc::Failure, but nothing was thrown";
    return std::nullopt;
}

} // namespace rwc::test
