#include "core/formats/chunked_input.h"

#include <algorithm>

namespace wb::formats {

ChunkedInput::ChunkedInput(std::istream& in, size_t chunkSize, int64_t totalSize)
    : in_(&in), chunk_(std::max<size_t>(chunkSize, 1)), total_(totalSize)
{
}

ChunkedInput::ChunkedInput(std::string_view bytes, size_t chunkSize)
    : bytes_(bytes), chunk_(std::max<size_t>(chunkSize, 1)), total_(int64_t(bytes.size()))
{
}

bool ChunkedInput::refill(int64_t keepFrom)
{
    if (eof_)
        return false;
    if (keepFrom > base_) {
        size_t drop = size_t(std::min(keepFrom, end()) - base_);
        buf_.erase(0, drop);
        base_ += int64_t(drop);
    }
    size_t old = buf_.size();
    size_t got = 0;
    if (in_) {
        buf_.resize(old + chunk_);
        in_->read(buf_.data() + old, std::streamsize(chunk_));
        got = size_t(in_->gcount());
        buf_.resize(old + got);
    } else {
        got = std::min(chunk_, bytes_.size() - bytesPos_);
        buf_.append(bytes_.data() + bytesPos_, got);
        bytesPos_ += got;
    }
    if (got == 0) {
        eof_ = true;
        return false;
    }
    if (onChunk)
        onChunk(end());
    return true;
}

} // namespace wb::formats
