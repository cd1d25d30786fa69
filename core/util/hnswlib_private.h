#pragma once
// hnswlib 0.6 for one .cpp file only, with its prefetching on.
//
// With its SIMD macros on (USE_SSE: what makes searches and inserts prefetch
// the next neighbour's vector, worth ~30% here) hnswlib's headers define
// non-inline functions and variables, so two files that include it do not
// link together; with them off, files that differ in the macro would break
// the one-definition rule. Wrapping the include in an unnamed namespace gives
// each including file its own private copy, so both problems go away. The
// standard headers hnswlib includes come first, outside the namespace.
// Our spaces bring their own distance kernels; hnswlib's are unused.
#include <algorithm>
#include <assert.h>
#include <atomic>
#include <cassert>
#include <deque>
#include <fstream>
#include <iostream>
#include <list>
#include <mutex>
#include <queue>
#include <random>
#include <stdexcept>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <x86intrin.h>
#define WB_HNSWLIB_PREFETCH 1
#endif

#define NO_MANUAL_VECTORIZATION   // not its compile-time-chosen distance kernels
#ifdef WB_HNSWLIB_PREFETCH
#define USE_SSE                   // but its prefetches (SSE is baseline x86-64)
#endif

namespace {   // NOLINT(google-build-namespaces, cert-dcl59-cpp): see above
#include <hnswlib/hnswlib.h>
}

#undef USE_SSE
#undef NO_MANUAL_VECTORIZATION
