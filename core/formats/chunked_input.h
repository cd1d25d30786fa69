#pragma once
// Bounded-memory byte input: a file (or an in-memory byte string, for tests
// and previews) read in fixed-size chunks. Positions are absolute byte
// offsets from the start of the input; callers say which prefix they still
// need (keepFrom) so the buffer holds at most one record plus one chunk.
#include <cstdint>
#include <functional>
#include <istream>
#include <string>
#include <string_view>

namespace wb::formats {

class ChunkedInput {
public:
    static constexpr size_t kDefaultChunk = 1 << 20;

    ChunkedInput(std::istream& in, size_t chunkSize = kDefaultChunk, int64_t totalSize = -1);
    ChunkedInput(std::string_view bytes, size_t chunkSize = kDefaultChunk);

    // Reads one more chunk, dropping buffered bytes before keepFrom. Returns
    // false at the end of the input (nothing more was read).
    bool refill(int64_t keepFrom);
    // Makes sure byte `abs` is buffered (refilling as needed); false at EOF.
    bool ensure(int64_t abs, int64_t keepFrom)
    {
        while (abs >= end())
            if (!refill(keepFrom))
                return false;
        return true;
    }
    char at(int64_t abs) const { return buf_[size_t(abs - base_)]; }
    const char* ptr(int64_t abs) const { return buf_.data() + (abs - base_); }
    std::string_view view(int64_t from, int64_t to) const { return {ptr(from), size_t(to - from)}; }
    int64_t begin() const { return base_; }
    int64_t end() const { return base_ + int64_t(buf_.size()); }
    int64_t total() const { return total_; }
    bool eof() const { return eof_; }
    // Called after each chunk with the number of bytes read so far; may throw
    // (that is how a cancel unwinds the reader).
    std::function<void(int64_t)> onChunk;

private:
    std::istream* in_ = nullptr;
    std::string_view bytes_;
    size_t bytesPos_ = 0;
    size_t chunk_;
    std::string buf_;
    int64_t base_ = 0;
    int64_t total_ = -1;
    bool eof_ = false;
};

} // namespace wb::formats
