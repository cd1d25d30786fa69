#pragma once
// The message of the wb::Error that fn throws, or "" when it throws none.
#include "core/data/record.h"

#include <QString>

#include <functional>

inline QString errorOf(const std::function<void()>& fn)
{
    try {
        fn();
    } catch (const wb::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}
